import AWSKit
import Foundation
import Synchronization

/// A clock for tests: `schedule` records the delay, moves the time on by it and runs the work
/// at once, so backoff is visible and nothing sleeps.
///
/// Every wait completes immediately, in the order asked for, so a workflow with minutes of
/// waits runs in milliseconds and deterministically; ``delays`` tells which waits were asked.
public final class ManualClock: AWSClock {
    private struct State {
        var now: Date
        var delays: [Double] = []
    }

    private let state: Mutex<State>

    /// - Parameter start: the time ``now()`` reads before any wait (2025-06-15 by default).
    public init(start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        state = Mutex(State(now: start))
    }

    /// The delays asked for, in order.
    public var delays: [Double] { state.withLock { $0.delays } }

    /// The current (manual) time.
    public func now() -> Date { state.withLock { $0.now } }

    /// Records `seconds`, moves the time on by it, then runs `work` on the caller's thread.
    public func schedule(after seconds: Double, _ work: @escaping @Sendable () -> Void) {
        state.withLock { state in
            state.delays.append(seconds)
            state.now = state.now.addingTimeInterval(seconds)
        }
        work()
    }
}
