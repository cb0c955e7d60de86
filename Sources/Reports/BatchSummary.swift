import Foundation
import Onboarding

/// What a batch run did, over all its accounts: the content of `summary.json`, `summary.csv`,
/// `summary.md` and `junit.xml`.
public struct BatchSummary: Sendable, Hashable, Codable {
    /// The layout's version.
    public var schemaVersion: Int
    /// The run's id (its folder's name).
    public var runID: String
    /// The account list, as given on the command line.
    public var accountList: String
    /// When the run started.
    public var started: Date
    /// When the run ended.
    public var finished: Date
    /// `finished − started`, in seconds.
    public var durationSeconds: Double
    /// Accounts by how they ended.
    public var counts: Counts
    /// Accounts that ran (connected or failed) per minute of the run, to two decimals; 0 when
    /// the run took no time.
    public var accountsPerMinute: Double
    /// One entry per account, in the order of the results given.
    public var accounts: [Account]

    /// The summary of `results`, the accounts of run `runID` over `accountList`.
    public init(runID: String, accountList: String, started: Date, finished: Date, results: [AccountResult]) {
        schemaVersion = 1
        self.runID = runID
        self.accountList = accountList
        self.started = started
        self.finished = finished
        durationSeconds = max(0, finished.timeIntervalSince(started))
        counts = Counts(results.map(\.status))
        let minutes = durationSeconds / 60
        accountsPerMinute = minutes > 0 ? (Double(counts.connected + counts.failed) / minutes * 100).rounded() / 100 : 0
        accounts = results.map(Account.init)
    }

    /// The accounts that failed, grouped by the step that failed, in workflow order.
    public var failuresByStep: [(step: WorkflowStep, accounts: [Account])] {
        let failed = accounts.filter { $0.status == .failed }
        return WorkflowStep.allCases.compactMap { step in
            let group = failed.filter { $0.failedStep == step }
            return group.isEmpty ? nil : (step: step, accounts: group)
        }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case runID = "run_id"
        case accountList = "account_list"
        case started, finished
        case durationSeconds = "duration_seconds"
        case counts
        case accountsPerMinute = "accounts_per_minute"
        case accounts
    }
}
