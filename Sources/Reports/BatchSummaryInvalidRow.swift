import AccountList

extension BatchSummary {
    /// One problem of a row of the account list that was not run: `summary.json`'s
    /// `invalid_rows` (a row with two problems has two entries), a `invalid` row of
    /// `summary.csv`, the "Invalid rows" section of `summary.md`, and a failed test case of
    /// `junit.xml` per line.
    public struct InvalidRow: Sendable, Hashable, Codable {
        /// The line of the account list the row starts on (1 is the header).
        public var line: Int
        /// The column (field name) at fault; `nil` for a problem of the whole row.
        public var column: String?
        /// What is wrong, for a person.
        public var message: String

        /// A problem of the row at `line`.
        public init(line: Int, column: String? = nil, message: String) {
            self.line = line
            self.column = column
            self.message = message
        }

        /// The entry of `problem`.
        public init(_ problem: AccountListProblem) {
            self.init(line: problem.line, column: problem.column, message: problem.message)
        }

        /// The entries of the errors among `problems` (warnings, such as unknown columns, are
        /// left out: those rows still run), ordered by line.
        public static func errors(in problems: [AccountListProblem]) -> [InvalidRow] {
            problems.filter { $0.severity == .error }.map(InvalidRow.init).enumerated()
                .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        }
    }
}
