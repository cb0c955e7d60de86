import AccountList
import Foundation
import Onboarding

/// What `onboard plan` found: a plan per valid account and the problems of the invalid rows.
public struct PlanReport: Sendable, Hashable, Codable {
    /// A row that could not be planned, with its problems.
    public struct InvalidRow: Sendable, Hashable, Codable {
        public var line: Int
        public var problems: [AccountListProblem]

        public init(line: Int, problems: [AccountListProblem]) {
            self.line = line
            self.problems = problems
        }
    }

    /// The version of this document's shape written today.
    public static let currentSchemaVersion = 1

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

    /// Accounts that would fail before any network call.
    public var blockedAccounts: [AccountPlan] { accounts.filter { $0.blockedAt != nil } }
}
