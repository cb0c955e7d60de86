/// A record that libcsv could not parse in strict mode; the reader skips to the next line and
/// goes on.
public struct CSVSyntaxError: Error, Sendable, Hashable {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// A quote inside an unquoted field, or text after a closing quote.
        case malformedQuoting = "malformed-quoting"
        /// A quoted field still open at the end of the file.
        case unterminatedQuote = "unterminated-quote"
        /// A quoted field that runs past the reader's hard limit, most likely an unclosed quote;
        /// the rest of the file is not read.
        case runawayField = "runaway-field"
    }

    /// What went wrong.
    public var kind: Kind
    /// The line where the broken record starts.
    public var line: Int
    /// The line where the problem was seen (the same as `line` unless the record spans lines).
    public var lineOfProblem: Int

    public init(kind: Kind, line: Int, lineOfProblem: Int) {
        self.kind = kind
        self.line = line
        self.lineOfProblem = lineOfProblem
    }

    /// A message for a person, without the file name and line.
    public var message: String {
        switch kind {
        case .malformedQuoting:
            let at = lineOfProblem == line ? "" : " (at line \(lineOfProblem))"
            return "malformed CSV quoting\(at): a quote inside an unquoted field, or text after a closing quote; quote the whole field and double any quote inside it (\"\")"
        case .unterminatedQuote:
            return "unterminated quoted field at end of file: a field opened with \" is never closed"
        case .runawayField:
            return "a quoted field runs on past line \(lineOfProblem) without closing; probably an unclosed quote; the rest of the file was not read"
        }
    }
}
