/// One thing wrong (or doubtful) in the account list, located by file, line and column.
///
/// The file's name, the column and the message are kept as ``DisplayText/escaped(_:)`` makes
/// them: a control or format character from the file (an ESC in a header name, a bidirectional
/// override in a value) reaches a terminal or log only as a visible escape such as `\u{1B}`.
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
    /// The file's path as given on the command line (escaped for display).
    public var file: String
    /// The 1-based line the row starts on.
    public var line: Int
    /// The column's header name, or `nil` for a problem with the whole row.
    public var column: String?
    /// What is wrong, and what is allowed.
    public var message: String

    /// A problem; `file`, `column` and `message` are escaped for display (see the type's notes).
    public init(severity: Severity, file: String, line: Int, column: String?, message: String) {
        self.severity = severity
        self.file = DisplayText.escaped(file)
        self.line = line
        self.column = column.map(DisplayText.escaped)
        self.message = DisplayText.escaped(message)
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
