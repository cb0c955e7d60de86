import HTTPCore
import Onboarding
import Synchronization

/// Adds up where a run's time goes as it runs (see ``RunTimeSpent``): it hears every attempt
/// and backoff of the AWS and Spot clients (a ``CallObserver``), every wait for a rate limit's
/// token (a ``RateLimitWaitObserver``) and every wait of the workflow (a
/// ``WorkflowWaitObserver``). Thread-safe; the durations come from the observed code's
/// injected clocks, so tests drive them.
public final class TimeAccounting: CallObserver, RateLimitWaitObserver, WorkflowWaitObserver {
    /// Requests' times as heard, token waits included (taken out in ``snapshot()``).
    private let spent = Mutex(RunTimeSpent())

    public init() {}

    /// What was spent so far, each duration to the millisecond.
    public func snapshot() -> RunTimeSpent {
        var total = spent.withLock { $0 }
        // An attempt's time includes its wait for a token, heard apart: taken out here (a wait
        // whose request has not ended yet, or was not heard as an attempt, is only a wait).
        for (service, wait) in total.rateLimitWaits {
            total.requests[service] = max(0, (total.requests[service] ?? 0) - wait)
        }
        total.rateLimitWaits = total.rateLimitWaits.mapValues(Self.milliseconds)
        total.workflowWaits = total.workflowWaits.mapValues(Self.milliseconds)
        total.retryBackoff = total.retryBackoff.mapValues(Self.milliseconds)
        total.requests = total.requests.mapValues(Self.milliseconds)
        return total
    }

    public func attemptEnded(_ attempt: CallAttempt) {
        spent.withLock { spent in
            spent.attempts[attempt.service, default: 0] += 1
            if let seconds = attempt.seconds { spent.requests[attempt.service, default: 0] += seconds }
        }
    }

    public func backoffStarted(_ backoff: CallBackoff) {
        spent.withLock { spent in
            spent.retries[backoff.service, default: 0] += 1
            spent.retryBackoff[backoff.service, default: 0] += backoff.seconds
        }
    }

    public func waitedForToken(service: String, seconds: Double) {
        spent.withLock { $0.rateLimitWaits[service, default: 0] += seconds }
    }

    public func waited(_ cause: WorkflowWait, seconds: Double) {
        spent.withLock { $0.workflowWaits[cause.rawValue, default: 0] += seconds }
    }

    private static func milliseconds(_ seconds: Double) -> Double {
        (seconds * 1000).rounded() / 1000
    }
}
