import AccountList
import Foundation
import Onboarding

/// What `onboard plan` found: a plan per valid account and the problems of the invalid rows,
/// and, once each, the workflows the accounts name (in the order they are first named).
public struct PlanReport: Sendable, Hashable, Encodable {
    /// A row that could not be planned, with its problems.
    public struct InvalidRow: Sendable, Hashable, Codable {
        public var line: Int
        public var problems: [AccountListProblem]

        public init(line: Int, problems: [AccountListProblem]) {
            self.line = line
            self.problems = problems
        }
    }

    /// The version of this document's shape written today (2: each account names its
    /// `workflow`, listed once in `workflows`, instead of holding its endpoints, steps and calls).
    public static let currentSchemaVersion = 2

    /// The version of this document's shape.
    public var schemaVersion = PlanReport.currentSchemaVersion
    public var runID: String
    public var createdAt: Date
    /// The account list, as given on the command line.
    public var input: String
    public var accounts: [AccountPlan]
    public var invalidRows: [InvalidRow]
    /// Warnings about the file (unknown columns) and rows that were still planned.
    public var warnings: [AccountListProblem]

    public init(
        runID: String, createdAt: Date, input: String, accounts: [AccountPlan], invalidRows: [InvalidRow],
        warnings: [AccountListProblem]
    ) {
        self.runID = runID
        self.createdAt = createdAt
        self.input = input
        self.accounts = accounts
        self.invalidRows = invalidRows
        self.warnings = warnings
    }

    /// The distinct workflows of the accounts, in the order the accounts first name them.
    public var workflows: [PlannedWorkflow] {
        var seen: Set<String> = []
        return accounts.map(\.workflow).filter { seen.insert($0.id).inserted }
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, runID, createdAt, input, accounts, invalidRows, warnings, workflows
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(runID, forKey: .runID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(input, forKey: .input)
        try container.encode(accounts, forKey: .accounts)
        try container.encode(invalidRows, forKey: .invalidRows)
        try container.encode(warnings, forKey: .warnings)
        try container.encode(workflows, forKey: .workflows)
    }

    /// Accounts that would fail before any network call.
    public var blockedAccounts: [AccountPlan] { accounts.filter { $0.blockedAt != nil } }
}
