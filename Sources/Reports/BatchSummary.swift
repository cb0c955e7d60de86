import BatchRunner
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
    /// The problems of the account list's rows that were not run (one entry per problem).
    public var invalidRows: [InvalidRow]
    /// Why the batch stopped starting accounts before the end of the list (a signal,
    /// `--max-failures`, a failing service, a refused Spot token); `nil` when it did not.
    public var stopReason: String?
    /// Where the run's time went (account-seconds per cause); `nil` when not accounted.
    public var timeSpent: RunTimeSpent?

    /// The summary of `results`, the accounts of run `runID` over `accountList`, and of the
    /// list's `invalidRows` (see `InvalidRow.errors(in:)`).
    public init(
        runID: String, accountList: String, started: Date, finished: Date, results: [AccountResult],
        invalidRows: [InvalidRow] = [], stopReason: String? = nil, timeSpent: RunTimeSpent? = nil
    ) {
        self.init(
            runID: runID, accountList: accountList, started: started, finished: finished, accounts: results.map(Account.init),
            invalidRows: invalidRows, stopReason: stopReason, timeSpent: timeSpent)
    }

    /// The summary of `accounts` (each already in short), the accounts of run `runID` over
    /// `accountList`, and of the list's `invalidRows`.
    public init(
        runID: String, accountList: String, started: Date, finished: Date, accounts: [Account],
        invalidRows: [InvalidRow] = [], stopReason: String? = nil, timeSpent: RunTimeSpent? = nil
    ) {
        schemaVersion = 1
        self.runID = runID
        self.accountList = accountList
        self.started = started
        self.finished = finished
        durationSeconds = max(0, finished.timeIntervalSince(started))
        counts = Counts(accounts.map(\.status), invalid: Set(invalidRows.map(\.line)).count)
        let minutes = durationSeconds / 60
        accountsPerMinute = minutes > 0 ? (Double(counts.connected + counts.offboarded + counts.dryRun + counts.failed) / minutes * 100).rounded() / 100 : 0
        self.accounts = accounts
        self.invalidRows = invalidRows
        self.stopReason = stopReason
        self.timeSpent = timeSpent
    }

    /// The invalid rows' problems grouped by line, in line order.
    public var invalidRowsByLine: [(line: Int, problems: [InvalidRow])] {
        Dictionary(grouping: invalidRows, by: \.line).sorted { $0.key < $1.key }.map { (line: $0.key, problems: $0.value) }
    }

    /// The accounts interrupted mid-workflow, in order.
    public var interruptedAccounts: [Account] { accounts.filter { $0.status == .interrupted } }

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
        case invalidRows = "invalid_rows"
        case stopReason = "stop_reason"
        case timeSpent = "time_spent"
    }

    /// Decodes a summary; `invalid_rows`, `stop_reason` and `time_spent` (added later) default to none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        runID = try container.decode(String.self, forKey: .runID)
        accountList = try container.decode(String.self, forKey: .accountList)
        started = try container.decode(Date.self, forKey: .started)
        finished = try container.decode(Date.self, forKey: .finished)
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        counts = try container.decode(Counts.self, forKey: .counts)
        accountsPerMinute = try container.decode(Double.self, forKey: .accountsPerMinute)
        accounts = try container.decode([Account].self, forKey: .accounts)
        invalidRows = try container.decodeIfPresent([InvalidRow].self, forKey: .invalidRows) ?? []
        stopReason = try container.decodeIfPresent(String.self, forKey: .stopReason)
        timeSpent = try container.decodeIfPresent(RunTimeSpent.self, forKey: .timeSpent)
    }
}
