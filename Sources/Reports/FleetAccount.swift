import Foundation
import Onboarding

extension FleetView {
    /// One account's latest known state: its newest report over every folder read, and the
    /// folder it came from.
    public struct Account: Sendable, Hashable, Codable {
        /// The payer account's id.
        public var accountID: String
        /// The organization's name, as that report has it.
        public var organizationName: String
        /// How the account ended in that folder.
        public var status: AccountStatus
        /// The folder (run id) the state comes from.
        public var runID: String
        /// When the account ended there; `nil` for an account that folder did not start.
        public var finished: Date?
        /// The step that failed, for a failed account.
        public var failedStep: WorkflowStep?
        /// The failure's code, for a failed account.
        public var errorCode: String?
        /// Whether a re-run may fix the failure, for a failed account.
        public var rerunMayFix: Bool?
        /// The last step that completed, for an interrupted account.
        public var lastCompletedStep: WorkflowStep?
        /// The Spot account (`act-…`), when one was found or created.
        public var spotAccountID: String?
        /// Spot's data-processing status as last read (`verify`, then `onboard status`).
        public var dataStatus: DataStatus?
        /// When `dataStatus` was read by `onboard status` (`nil`: only `verify` set it).
        public var dataStatusCheckedAt: Date?
        /// The report it comes from, relative to the reports folder: `<run-id>/accounts/<id>.json`.
        public var report: String
        /// How many folders hold a report of this account.
        public var folders: Int

        /// The state `result` records, read from folder `runID`.
        public init(_ result: AccountResult, runID: String, folders: Int = 1) {
            accountID = result.accountID
            organizationName = result.organizationName
            status = result.status
            self.runID = runID
            finished = result.finished
            failedStep = result.error?.step
            errorCode = result.error?.code.rawValue
            rerunMayFix = result.error?.rerunMayFix
            lastCompletedStep = result.status == .interrupted ? AccountReportWriter.lastCompletedStep(result.steps) : nil
            spotAccountID = result.outputs.spotAccountID
            dataStatus = result.status == .connected ? result.outputs.dataStatus : nil
            dataStatusCheckedAt = result.status == .connected ? result.outputs.dataStatusCheckedAt : nil
            report = "\(runID)/\(AccountReportWriter.jsonPath(accountID: result.accountID))"
            self.folders = folders
        }

        enum CodingKeys: String, CodingKey {
            case accountID = "account_id"
            case organizationName = "organization_name"
            case status
            case runID = "run_id"
            case finished
            case failedStep = "failed_step"
            case errorCode = "error_code"
            case rerunMayFix = "rerun_may_fix"
            case lastCompletedStep = "last_completed_step"
            case spotAccountID = "spot_account_id"
            case dataStatus = "data_status"
            case dataStatusCheckedAt = "data_status_checked_at"
            case report
            case folders
        }

        /// Every key, `null` when unset (a reader of `--json` finds the same keys on every line).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(accountID, forKey: .accountID)
            try container.encode(organizationName, forKey: .organizationName)
            try container.encode(status, forKey: .status)
            try container.encode(runID, forKey: .runID)
            try container.encode(finished, forKey: .finished)
            try container.encode(failedStep, forKey: .failedStep)
            try container.encode(errorCode, forKey: .errorCode)
            try container.encode(rerunMayFix, forKey: .rerunMayFix)
            try container.encode(lastCompletedStep, forKey: .lastCompletedStep)
            try container.encode(spotAccountID, forKey: .spotAccountID)
            try container.encode(dataStatus, forKey: .dataStatus)
            try container.encode(dataStatusCheckedAt, forKey: .dataStatusCheckedAt)
            try container.encode(report, forKey: .report)
            try container.encode(folders, forKey: .folders)
        }
    }
}
