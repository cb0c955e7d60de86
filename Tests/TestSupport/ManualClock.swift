import Foundation
import HTTPCore
import Synchronization

/// A clock for tests. By default every sleep records its delay, moves the time on by it and
/// returns at once, so backoff is visible and nothing sleeps: a workflow with minutes of waits
/// runs in milliseconds and deterministically; ``delays`` tells which waits were asked.
///
/// Made with `holdingSleepers: true`, a sleep waits instead until ``advance(by:)`` moves the
/// time past its end, or until its task is cancelled (it then throws `CancellationError` at
/// once, the time unmoved); ``waitForSleepers(_:)`` lets a test go on once someone sleeps.
public final class ManualClock: ServiceClock {
    private typealias Sleeper = (until: Date, continuation: CheckedContinuation<Void, any Error>)

    private struct State {
        var now: Date
        var delays: [Double] = []
        var readings: [Date] = []
        var sleepers: [Int: Sleeper] = [:]
        var nextSleeper = 0
        /// Sleepers cancelled before they were stored.
        var cancelled: Set<Int> = []
        var sleeperWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let state: Mutex<State>
    private let holdsSleepers: Bool
    private let readingStep: Double
    private let sleepsMoveTime: Bool

    /// - Parameters:
    ///   - start: the time ``now()`` reads before any wait (2025-06-15 by default).
    ///   - holdingSleepers: sleeps wait for ``advance(by:)`` rather than return at once.
    ///   - readingStep: seconds the time moves on after each reading of ``now()`` (so each
    ///     reading is distinct: a signature's date can be traced to its reading).
    ///   - sleepsMoveTime: false makes a sleep that returns at once leave the time as it is
    ///     (only ``advance(by:)`` moves it: for tests of expiry, where backoff must not count).
    public init(
        start: Date = Date(timeIntervalSince1970: 1_750_000_000), holdingSleepers: Bool = false, readingStep: Double = 0,
        sleepsMoveTime: Bool = true
    ) {
        state = Mutex(State(now: start))
        holdsSleepers = holdingSleepers
        self.readingStep = readingStep
        self.sleepsMoveTime = sleepsMoveTime
    }

    /// The delays asked for, in order.
    public var delays: [Double] { state.withLock { $0.delays } }

    /// Every time ``now()`` returned, in order.
    public var readings: [Date] { state.withLock { $0.readings } }

    /// How many sleepers wait for the time to move on.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// The current (manual) time.
    public func now() -> Date {
        state.withLock { state in
            let now = state.now
            state.readings.append(now)
            state.now = now.addingTimeInterval(readingStep)
            return now
        }
    }

    /// Records `seconds`; then either moves the time on by it and returns, or (holding sleepers)
    /// waits until the time is advanced past its end. A cancelled task throws at once.
    public func sleep(seconds: Double) async throws(CancellationError) {
        guard !Task.isCancelled else { throw CancellationError() }
        guard holdsSleepers else {
            state.withLock { state in
                state.delays.append(seconds)
                if sleepsMoveTime { state.now = state.now.addingTimeInterval(seconds) }
            }
            return
        }
        let id = state.withLock { state -> Int in
            state.delays.append(seconds)
            state.nextSleeper += 1
            return state.nextSleeper
        }
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    hold(id, seconds: seconds, continuation)
                }
            } onCancel: {
                cancel(id)
            }
        } catch {
            throw CancellationError()
        }
    }

    /// Moves the time on by `seconds` and wakes every sleeper whose end it reaches.
    public func advance(by seconds: Double) {
        let due = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.now = state.now.addingTimeInterval(seconds)
            let now = state.now
            let ids = state.sleepers.filter { $0.value.until <= now }.map(\.key)
            return ids.compactMap { state.sleepers.removeValue(forKey: $0)?.continuation }
        }
        for continuation in due { continuation.resume() }
    }

    /// Returns once `count` sleepers wait at the same time.
    public func waitForSleepers(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.sleepers.count >= count { return true }
                state.sleeperWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    private func hold(_ id: Int, seconds: Double, _ continuation: CheckedContinuation<Void, any Error>) {
        enum Next { case cancel, wake, wait([CheckedContinuation<Void, Never>]) }
        let next = state.withLock { state -> Next in
            if state.cancelled.remove(id) != nil { return .cancel }
            guard seconds > 0 else { return .wake }
            state.sleepers[id] = (state.now.addingTimeInterval(seconds), continuation)
            let count = state.sleepers.count
            let ready = state.sleeperWaiters.filter { $0.count <= count }.map(\.continuation)
            state.sleeperWaiters.removeAll { $0.count <= count }
            return .wait(ready)
        }
        switch next {
        case .cancel: continuation.resume(throwing: CancellationError())
        case .wake: continuation.resume()
        case .wait(let ready): for waiter in ready { waiter.resume() }
        }
    }

    private func cancel(_ id: Int) {
        let sleeper = state.withLock { state -> Sleeper? in
            if let sleeper = state.sleepers.removeValue(forKey: id) { return sleeper }
            state.cancelled.insert(id)
            return nil
        }
        sleeper?.continuation.resume(throwing: CancellationError())
    }
}
