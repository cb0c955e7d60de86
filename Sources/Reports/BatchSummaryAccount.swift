import Foundation
import Onboarding

extension BatchSummary {
    /// One account of the run, in short.
    public struct Account: Sendable, Hashable, Codable {
        /// The payer account's id.
        public var accountID: String
        /// The organization's name.
        public var organizationName: String
        /// The line of the account list the row starts on (`nil` in summaries written before
        /// it was recorded).
        public var line: Int?
        /// How the account ended.
        public var status: AccountStatus
        /// The step that failed, for a failed account.
        public var failedStep: WorkflowStep?
        /// The last step that completed, for an interrupted account (`nil`: none had).
        public var lastCompletedStep: WorkflowStep?
        /// The failure's code, for a failed account.
        public var errorCode: String?
        /// The failure's message, for a failed account.
        public var errorMessage: String?
        /// Whether a re-run may fix the failure, for a failed account.
        public var rerunMayFix: Bool?
        /// The Spot account (`act-…`), when one was found or created.
        public var spotAccountID: String?
        /// The `SpotRoleArn` output, when the stack got that far.
        public var spotRoleARN: String?
        /// The external id in the roles' trust policies.
        public var externalID: String?
        /// What a person must still do (for an account not started: why).
        public var manualPrerequisites: [String]
        /// Seconds from the account's start to its end; `nil` when it did not run.
        public var durationSeconds: Double?
        /// The account's JSON report, relative to the run folder.
        public var report: String
        /// The check's verdict, for an account `onboard check` checked (`nil` in a run's summary,
        /// and for an account the check could not check).
        public var checkVerdict: CheckVerdict?

        /// The summary of `result`.
        public init(_ result: AccountResult) {
            accountID = result.accountID
            organizationName = result.organizationName
            line = result.line
            status = result.status
            failedStep = result.error?.step
            lastCompletedStep = result.status == .interrupted ? AccountReportWriter.lastCompletedStep(result.steps) : nil
            errorCode = result.error?.code.rawValue
            errorMessage = result.error?.message
            rerunMayFix = result.error?.rerunMayFix
            spotAccountID = result.outputs.spotAccountID
            spotRoleARN = result.outputs.spotRoleARN
            externalID = result.outputs.externalID
            manualPrerequisites = result.manualPrerequisites
            if let started = result.started, let finished = result.finished {
                durationSeconds = max(0, finished.timeIntervalSince(started))
            } else if !result.steps.isEmpty {
                durationSeconds = result.steps.reduce(0) { $0 + $1.duration }
            } else {
                durationSeconds = nil
            }
            report = AccountReportWriter.jsonPath(accountID: result.accountID)
            checkVerdict = result.check?.verdict
        }

        enum CodingKeys: String, CodingKey {
            case accountID = "account_id"
            case organizationName = "organization_name"
            case line
            case status
            case failedStep = "failed_step"
            case lastCompletedStep = "last_completed_step"
            case errorCode = "error_code"
            case errorMessage = "error_message"
            case rerunMayFix = "rerun_may_fix"
            case spotAccountID = "spot_account_id"
            case spotRoleARN = "spot_role_arn"
            case externalID = "external_id"
            case manualPrerequisites = "manual_prerequisites"
            case durationSeconds = "duration_seconds"
            case report
            case checkVerdict = "check_verdict"
        }
    }
}
