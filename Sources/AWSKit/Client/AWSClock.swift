import Dispatch
import Foundation

/// Time for the client: the signing date, and timers for backoff. Injected, so tests control it.
public protocol AWSClock: Sendable {
    /// The current time (signatures carry it).
    func now() -> Date
    /// Runs `work` after `seconds`, without blocking any thread meanwhile.
    func schedule(after seconds: Double, _ work: @escaping @Sendable () -> Void)
}

/// The real clock, with Dispatch timers.
public struct SystemClock: AWSClock {
    public init() {}

    public func now() -> Date { Date() }

    public func schedule(after seconds: Double, _ work: @escaping @Sendable () -> Void) {
        if seconds <= 0 {
            DispatchQueue.global().async(execute: work)
        } else {
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: work)
        }
    }
}
