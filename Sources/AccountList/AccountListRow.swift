/// One row of the account list after validation.
public struct AccountListRow: Sendable, Hashable {
    /// The line the row starts on.
    public var line: Int
    /// The payer account, or `nil` when the row has an error.
    public var account: PayerAccount?
    /// Errors and warnings for the row, in column order.
    public var problems: [AccountListProblem]

    public init(line: Int, account: PayerAccount?, problems: [AccountListProblem]) {
        self.line = line
        self.account = account
        self.problems = problems
    }

    /// Whether the row can be used.
    public var isValid: Bool {
        if case .none = account { return false }
        return true
    }
}
