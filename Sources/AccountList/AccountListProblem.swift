/// One thing wrong (or doubtful) in the account list, located by file, line and column.
public struct AccountListProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How bad it is.
    public enum Severity: String, Sendable, Hashable, Codable {
        /// The row (or, on the header, the file) cannot be used.
        case error
        /// Noted; the row is still used.
        case warning
    }

    /// How bad it is.
    public var severity: Severity
    /// The file's path as given on the command line.
    public var file: String
    /// The 1-based line the row starts on.
    public var line: Int
    /// The column's header name, or `nil` for a problem with the whole row.
    public var column: String?
    /// What is wrong, and what is allowed.
    public var message: String

    public init(severity: Severity, file: String, line: Int, column: String?, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line: column: message`, with `warning: ` before the column for a warning.
    public var description: String {
        let label = severity == .warning ? "warning: " : ""
        if let column {
            return "\(file):\(line): \(label)\(column): \(message)"
        }
        return "\(file):\(line): \(label)\(message)"
    }
}
