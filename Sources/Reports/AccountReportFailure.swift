import Onboarding

extension AccountReport {
    /// Why the account failed, as the report lays it out.
    public struct Failure: Sendable, Hashable, Codable {
        /// The step that failed.
        public var step: WorkflowStep
        /// The stable error code.
        public var code: String
        /// What went wrong and what to do.
        public var message: String
        /// Whether running again, unchanged, may succeed.
        public var rerunMayFix: Bool

        /// The report's view of `failure`.
        public init(_ failure: AccountFailure) {
            step = failure.step
            code = failure.code.rawValue
            message = failure.message
            rerunMayFix = failure.rerunMayFix
        }

        /// The failure this holds.
        public var accountFailure: AccountFailure {
            AccountFailure(step: step, code: FailureCode(rawValue: code), message: message, rerunMayFix: rerunMayFix)
        }

        enum CodingKeys: String, CodingKey {
            case step, code, message
            case rerunMayFix = "rerun_may_fix"
        }
    }
}
