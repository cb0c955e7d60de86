import AWSKit
import Foundation
import Synchronization

/// A clock for tests: `schedule` records the delay, moves the time on by it and runs the work
/// at once, so backoff is visible and nothing sleeps.
final class ManualClock: AWSClock {
    private struct State {
        var now: Date
        var delays: [Double] = []
    }

    private let state: Mutex<State>

    init(start: Date = Date(timeIntervalSince1970: 1_750_000_000)) {
        state = Mutex(State(now: start))
    }

    /// The delays asked for, in order.
    var delays: [Double] { state.withLock { $0.delays } }

    func now() -> Date { state.withLock { $0.now } }

    func schedule(after seconds: Double, _ work: @escaping @Sendable () -> Void) {
        state.withLock { state in
            state.delays.append(seconds)
            state.now = state.now.addingTimeInterval(seconds)
        }
        work()
    }
}
