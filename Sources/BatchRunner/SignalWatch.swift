import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGINT and SIGTERM into a callback on a Dispatch worker (once per signal received):
/// how a batch is asked to stop (``BatchRunner/stop(signal:)``).
public final class SignalWatch: Sendable {
    /// The sources, kept until cancelled (a Dispatch source is thread-safe; the list is guarded).
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Ignores SIGINT and SIGTERM's default action and calls `handler` with each one received.
    public init(_ handler: @escaping @Sendable (Int32) -> Void) {
        var made: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(number) }
            source.resume()
            made.append(source)
        }
        sources = Mutex(made)
    }

    /// Stops watching (the signals stay ignored: the batch is ending).
    public func cancel() {
        let cancelled = sources.withLock { sources in
            defer { sources = [] }
            return sources
        }
        for source in cancelled { source.cancel() }
    }
}
