import AWSKit
import SpotKit

extension AccountFailure {
    /// A failed AWS call at `step`: a re-run may fix what was retryable (throttling, 5xx,
    /// timeouts) but was still failing when the retries ran out.
    init(_ error: AWSError, at step: WorkflowStep) {
        self.init(step: step, code: .service(error.code), message: error.description, rerunMayFix: error.isRetryable)
    }

    /// A failed Spot call at `step`.
    init(_ error: SpotError, at step: WorkflowStep) {
        self.init(step: step, code: .service(error.code), message: error.description, rerunMayFix: error.isRetryable)
    }
}

extension AccountFailure {
    /// Any error thrown at `step`, as the account's failure.
    static func from(_ error: any Error, at step: WorkflowStep) -> AccountFailure {
        if let failure = error as? AccountFailure { return failure }
        if let error = error as? AWSError { return AccountFailure(error, at: step) }
        if let error = error as? SpotError { return AccountFailure(error, at: step) }
        return AccountFailure(step: step, code: .unexpected, message: "\(error)", rerunMayFix: true)
    }
}
