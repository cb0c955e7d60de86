import Foundation

/// How one attempt of a call ended, as the retry loop sees it: the client that made the
/// attempt classifies its failure (AWS: throttling codes, 5xx, transient faults; Spot: 429 and
/// 5xx; both: dropped connections, timeouts, failed credential fetches).
public enum AttemptResult<Value: Sendable, Failure: Error>: Sendable {
    /// The attempt succeeded with `Value`.
    case success(Value)
    /// The attempt failed with `error`; `isRetryable` says whether another attempt may succeed,
    /// `retryAfter` is the server's `Retry-After`, in seconds, when it gave one.
    case failure(Failure, isRetryable: Bool, retryAfter: Double?)
}

/// The one retry loop of the clients: attempts a call until it succeeds, fails for good, or
/// ``RetryPolicy`` says stop (attempts, total time), backing off with full jitter (or the
/// server's `Retry-After`) on the injected clock in between.
///
/// Cancellation: a cancelled task stops waiting at once; the call ends with the error the
/// client makes of its last failure (`cancelled`), and no further attempt is made.
public struct RetryingCaller: Sendable {
    /// Attempts, backoff and the total-time cap.
    public let policy: RetryPolicy
    /// Elapsed time and backoff sleeps.
    public let clock: any ServiceClock
    /// Jitter in [0, 1).
    public let randomUnit: @Sendable () -> Double

    /// - Parameters: see the properties.
    public init(
        policy: RetryPolicy, clock: any ServiceClock,
        randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.policy = policy
        self.clock = clock
        self.randomUnit = randomUnit
    }

    /// Runs `attempt` (numbered from 1) until it succeeds or the policy stops it, and returns
    /// its value or its last error. `cancelled` turns the last error, with the number of
    /// attempts made, into the error of a call whose task was cancelled during a backoff.
    /// `backingOff` hears each wait, in seconds, before it starts (for time accounting).
    public func call<Value: Sendable, Failure: Error>(
        _ attempt: (_ number: Int) async -> AttemptResult<Value, Failure>,
        cancelled: (_ last: Failure, _ attempts: Int) -> Failure,
        backingOff: (_ seconds: Double) -> Void = { _ in }
    ) async -> Result<Value, Failure> {
        let started = clock.now()
        var number = 1
        while true {
            switch await attempt(number) {
            case .success(let value):
                return .success(value)
            case .failure(let error, let isRetryable, let retryAfter):
                guard let delay = backoff(afterAttempt: number, isRetryable: isRetryable, retryAfter: retryAfter, started: started)
                else { return .failure(error) }
                backingOff(delay)
                guard await sleep(delay) else { return .failure(cancelled(error, number)) }
                number += 1
            }
        }
    }

    /// The wait before the next attempt, or nil when there is to be none: the failure is final,
    /// attempts are used up, or waiting would pass the total-time cap.
    func backoff(afterAttempt number: Int, isRetryable: Bool, retryAfter: Double?, started: Date) -> Double? {
        guard isRetryable, number < policy.maximumAttempts else { return nil }
        let delay = policy.delay(afterAttempt: number, randomUnit: randomUnit(), retryAfter: retryAfter)
        let elapsed = clock.now().timeIntervalSince(started)
        guard elapsed + delay <= policy.maximumTotalTime else { return nil }
        return delay
    }

    /// Sleeps `seconds`; false when the task was cancelled.
    private func sleep(_ seconds: Double) async -> Bool {
        do {
            try await clock.sleep(seconds: seconds)
            return true
        } catch {
            return false
        }
    }
}
