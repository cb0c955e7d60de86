import AWSKit
import AccountList
import Foundation

/// The result of one account of a batch: the per-account report's content (coded as the
/// report lays it out: `AccountResult+Codable.swift`).
public struct AccountResult: Sendable, Hashable, Codable {
    /// The version of this layout in the per-account JSON.
    public static let schemaVersion = 1

    public var accountID: String
    public var organizationName: String
    /// The line of the account list the row starts on.
    public var line: Int
    public var partition: Partition
    public var products: [Product]
    public var status: AccountStatus
    /// The steps run, in order.
    public var steps: [StepRecord]
    public var outputs: AccountOutputs
    /// Set when `status` is `failed`.
    public var error: AccountFailure?
    /// What a person must still do (such as activating Billing console access).
    public var manualPrerequisites: [String]
    public var started: Date?
    public var finished: Date?
    /// What `onboard check` found (a check's report only): per step what a run would do.
    public var check: AccountCheck?
    /// What drifted since the run that connected the account (`check`), or what drifted and
    /// `run` did not repair (`run`, each with the fix for a person).
    public var drift: [DriftFinding] = []
    /// What `run` changed in an account an earlier run had connected: the drift it repaired.
    public var repairs: [WorkflowChange] = []

    public init(
        accountID: String, organizationName: String, line: Int, partition: Partition, products: [Product],
        status: AccountStatus, steps: [StepRecord] = [], outputs: AccountOutputs = AccountOutputs(),
        error: AccountFailure? = nil, manualPrerequisites: [String] = [], started: Date? = nil, finished: Date? = nil
    ) {
        self.accountID = accountID
        self.organizationName = organizationName
        self.line = line
        self.partition = partition
        self.products = products
        self.status = status
        self.steps = steps
        self.outputs = outputs
        self.error = error
        self.manualPrerequisites = manualPrerequisites
        self.started = started
        self.finished = finished
    }

    /// An account the batch never started.
    public static func notStarted(_ account: PayerAccount, reason: String) -> AccountResult {
        AccountResult(
            accountID: account.accountID, organizationName: account.organizationName, line: account.line,
            partition: account.isChina ? .awsChina : .aws, products: account.products, status: .notStarted,
            manualPrerequisites: [reason])
    }

    /// An account the batch stopped mid-workflow: `completed` are the steps that completed
    /// (this run's, and an earlier run's it resumed), `outputs` what they gathered. `--resume`
    /// continues after the last of them.
    public static func interrupted(
        _ account: PayerAccount, completed: [StepRecord], outputs: AccountOutputs, started: Date?, finished: Date?
    ) -> AccountResult {
        AccountResult(
            accountID: account.accountID, organizationName: account.organizationName, line: account.line,
            partition: account.isChina ? .awsChina : .aws, products: account.products, status: .interrupted,
            steps: completed, outputs: outputs,
            manualPrerequisites: ["interrupted mid-workflow; finish it with --resume"], started: started, finished: finished)
    }
}
