/// A record that could not be parsed; the reader skips it and goes on after it (to the next
/// line, or past the end of an oversized field).
public struct CSVSyntaxError: Error, Sendable, Hashable {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        /// A quote inside an unquoted field, or text after a closing quote.
        case malformedQuoting = "malformed-quoting"
        /// A quoted field still open at the end of the file.
        case unterminatedQuote = "unterminated-quote"
        /// An unquoted field longer than the reader's hard limit
        /// (``CSVRecordReader/Configuration/runawayFieldBytes``). The rest of the field is
        /// skipped without being stored, and reading goes on at the next record.
        case oversizedField = "oversized-field"
        /// A quoted field longer than the hard limit whose quote does close (at
        /// ``CSVSyntaxError/lineOfProblem``). Reading goes on at the next record.
        case oversizedQuotedField = "oversized-quoted-field"
        /// A quoted field past the hard limit whose quote closes only where a quote is followed
        /// by text (at ``CSVSyntaxError/lineOfProblem``): most likely a closing quote is missing
        /// where the field opens. Reading goes on at the line after.
        case unclosedQuote = "unclosed-quote"
        /// A quoted field past the hard limit whose quote never closes: it runs to the end of the
        /// file, so nothing after its start was read.
        case runawayField = "runaway-field"
    }

    /// What went wrong.
    public var kind: Kind
    /// The line where the broken record starts.
    public var line: Int
    /// The line where the problem was seen (the same as `line` unless the record spans lines);
    /// for a field past the hard limit, the line where the field ends.
    public var lineOfProblem: Int
    /// For a field past the hard limit: its 1-based position in the record.
    public var field: Int?
    /// For a field past the hard limit: the limit, in bytes.
    public var limitBytes: Int?

    public init(kind: Kind, line: Int, lineOfProblem: Int, field: Int? = nil, limitBytes: Int? = nil) {
        self.kind = kind
        self.line = line
        self.lineOfProblem = lineOfProblem
        self.field = field
        self.limitBytes = limitBytes
    }

    /// A message for a person, without the file name and line: ``cause``, then what the reader
    /// did about it (where reading goes on).
    public var message: String {
        guard let consequence else { return cause }
        return "\(cause); \(consequence)"
    }

    /// What is wrong with the record, without what the reader did about it (for the header row,
    /// whose error fails the whole file).
    public var cause: String {
        let fieldName = field.map { "field \($0)" } ?? "a field"
        let limit = limitBytes.map(Self.size) ?? "the reader's limit"
        switch kind {
        case .malformedQuoting:
            let at = lineOfProblem == line ? "" : " (at line \(lineOfProblem))"
            return "malformed CSV quoting\(at): a quote inside an unquoted field, or text after a closing quote; quote the whole field and double any quote inside it (\"\")"
        case .unterminatedQuote:
            return "unterminated quoted field at end of file: a field opened with \" is never closed"
        case .oversizedField:
            return "\(fieldName) is an unquoted value longer than \(limit); no column allows anything near that"
        case .oversizedQuotedField:
            if lineOfProblem == line {
                return "\(fieldName) is a quoted value longer than \(limit); no column allows anything near that"
            }
            return "\(fieldName) is a quoted value longer than \(limit) running from line \(line) to line \(lineOfProblem), where its quote closes; no column allows anything near that; if the value was not meant to span lines, its closing quote is missing on line \(line)"
        case .unclosedQuote:
            return "\(fieldName) opens a quote that does not close properly: past \(limit) it runs on to line \(lineOfProblem), where a quote is followed by text; a closing quote is probably missing on line \(line)"
        case .runawayField:
            return "\(fieldName) opens a quote that never closes: past \(limit) it runs on to the end of the file (line \(lineOfProblem)), so nothing after line \(line) was read; close the quote on line \(line) and double any quote inside it (\"\")"
        }
    }

    /// Where reading went on after the record, when that is worth saying.
    private var consequence: String? {
        switch kind {
        case .malformedQuoting, .unterminatedQuote, .runawayField:
            return nil
        case .oversizedField:
            return "the row is skipped and reading goes on at the next row"
        case .oversizedQuotedField:
            return lineOfProblem == line
                ? "the row is skipped and reading goes on at the next row"
                : "the row is skipped and reading goes on after line \(lineOfProblem)"
        case .unclosedQuote:
            return "lines \(line) to \(lineOfProblem) were skipped and reading goes on at line \(lineOfProblem + 1)"
        }
    }

    /// `1 MiB`, `64 KiB`, or `100 bytes`.
    private static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
