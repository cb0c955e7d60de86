import Foundation

/// Time for the clients and the workflow: the current time (signing dates, elapsed budgets)
/// and sleeps (backoff, waits between checks). Injected, so tests control it.
public protocol ServiceClock: Sendable {
    /// The current time (signatures carry it).
    func now() -> Date
    /// Returns after `seconds` without holding a thread; a cancelled task stops sleeping at
    /// once (or does not start) and gets a `CancellationError`.
    func sleep(seconds: Double) async throws(CancellationError)
}

/// The real clock: `Date()` and `Task.sleep`.
public struct SystemClock: ServiceClock {
    public init() {}

    public func now() -> Date { Date() }

    public func sleep(seconds: Double) async throws(CancellationError) {
        guard !Task.isCancelled else { throw CancellationError() }
        guard seconds > 0 else { return }
        do {
            try await Task.sleep(nanoseconds: UInt64(min(seconds, 1e9) * 1_000_000_000))
        } catch {
            throw CancellationError()
        }
    }
}
