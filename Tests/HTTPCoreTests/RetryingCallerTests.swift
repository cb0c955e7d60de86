import Foundation
import HTTPCore
import Synchronization
import Testing
import TestSupport

/// The one retry loop of the clients: how many attempts, which waits, when it stops, and that a
/// cancelled task stops waiting at once. Time is a manual clock: nothing sleeps, nothing is
/// measured.
@Suite("RetryingCaller")
struct RetryingCallerTests {
    struct Failure: Error, Equatable {
        var reason: String
        var attempts: Int
    }

    /// Counts attempts; fails the first `failures` of them (retryably), then succeeds.
    final class Attempts: Sendable {
        private let count = Mutex(0)
        let failures: Int
        let retryAfter: Double?

        init(failing failures: Int, retryAfter: Double? = nil) {
            self.failures = failures
            self.retryAfter = retryAfter
        }

        var made: Int { count.withLock { $0 } }

        func attempt(_ number: Int) -> AttemptResult<String, Failure> {
            count.withLock { $0 += 1 }
            guard number > failures else {
                return .failure(Failure(reason: "throttled", attempts: number), isRetryable: true, retryAfter: retryAfter)
            }
            return .success("answer \(number)")
        }
    }

    static func cancelled(_ last: Failure, _ attempts: Int) -> Failure {
        Failure(reason: "cancelled after \(last.reason)", attempts: attempts)
    }

    static func caller(_ policy: RetryPolicy = RetryPolicy(), clock: ManualClock) -> RetryingCaller {
        RetryingCaller(policy: policy, clock: clock, randomUnit: { 0.5 })
    }

    @Test func retriesWithFullJitterBackoffUntilAnAttemptSucceeds() async throws {
        let clock = ManualClock()
        let attempts = Attempts(failing: 2)
        let result = await Self.caller(clock: clock).call({ attempts.attempt($0) }, cancelled: Self.cancelled)
        #expect(try result.get() == "answer 3")
        #expect(attempts.made == 3)
        // Half (the jitter) of 1 s, then of 2 s.
        #expect(clock.delays == [0.5, 1])
    }

    @Test func stopsAtTheAttemptCapWithTheLastError() async {
        let clock = ManualClock()
        let attempts = Attempts(failing: 10)
        let result = await Self.caller(RetryPolicy(maximumAttempts: 4), clock: clock)
            .call({ attempts.attempt($0) }, cancelled: Self.cancelled)
        #expect(result == .failure(Failure(reason: "throttled", attempts: 4)))
        #expect(attempts.made == 4)
        #expect(clock.delays.count == 3)
    }

    @Test func honoursRetryAfterUpToTheLargestDelay() async {
        let clock = ManualClock()
        let attempts = Attempts(failing: 2, retryAfter: 7)
        _ = await Self.caller(RetryPolicy(maximumDelay: 5), clock: clock).call({ attempts.attempt($0) }, cancelled: Self.cancelled)
        #expect(clock.delays == [5, 5])
    }

    @Test func stopsBeforeAWaitThatPassesTheTotalTime() async {
        let clock = ManualClock()
        let attempts = Attempts(failing: 10, retryAfter: 4)
        let result = await Self.caller(RetryPolicy(maximumAttempts: 10, maximumDelay: 20, maximumTotalTime: 10), clock: clock)
            .call({ attempts.attempt($0) }, cancelled: Self.cancelled)
        #expect(result == .failure(Failure(reason: "throttled", attempts: 3)))
        #expect(clock.delays == [4, 4])
    }

    @Test func aFailureNotRetryableEndsTheCall() async {
        let clock = ManualClock()
        let caller = Self.caller(clock: clock)
        let result: Result<String, Failure> = await caller.call(
            { number in .failure(Failure(reason: "refused", attempts: number), isRetryable: false, retryAfter: nil) },
            cancelled: Self.cancelled)
        #expect(result == .failure(Failure(reason: "refused", attempts: 1)))
        #expect(clock.delays.isEmpty)
    }

    @Test func aCancelledTaskStopsWaitingAtOnceAndMakesNoFurtherAttempt() async {
        let clock = ManualClock(holdingSleepers: true)
        let start = clock.now()
        let attempts = Attempts(failing: 10)
        let caller = Self.caller(RetryPolicy(maximumAttempts: 5, baseDelay: 60, maximumDelay: 60), clock: clock)
        let call = Task { await caller.call({ attempts.attempt($0) }, cancelled: Self.cancelled) }
        await clock.waitForSleepers(1)
        #expect(clock.delays == [30])
        call.cancel()
        let result = await call.value
        #expect(result == .failure(Failure(reason: "cancelled after throttled", attempts: 1)))
        #expect(attempts.made == 1)
        // The clock never moved: the 30 s backoff was not waited out.
        #expect(clock.now() == start)
        #expect(clock.sleeperCount == 0)
    }

    @Test func aTaskCancelledBeforeItsBackoffDoesNotSleep() async {
        let clock = ManualClock(holdingSleepers: true)
        let attempts = Attempts(failing: 10)
        let caller = Self.caller(clock: clock)
        let call = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await caller.call({ attempts.attempt($0) }, cancelled: Self.cancelled)
        }
        let result = await call.value
        #expect(result == .failure(Failure(reason: "cancelled after throttled", attempts: 1)))
        #expect(attempts.made == 1)
        #expect(clock.sleeperCount == 0)
    }

    @Test func theSystemClockThrowsForACancelledTask() async {
        let sleep = Task { () -> Bool in
            do {
                try await SystemClock().sleep(seconds: 3600)
                return false
            } catch {
                return true
            }
        }
        sleep.cancel()
        #expect(await sleep.value)
    }
}
