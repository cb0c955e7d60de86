/// Reads an account list (CSV with a header row) one validated row at a time.
///
/// Headers are matched case-insensitively after trimming. A missing required column, a repeated
/// column or an unparsable header fails the whole file (``AccountListFileError``); an unknown
/// column is a warning in ``headerProblems`` (more than a few are summarised in one warning that
/// counts them and names the first). A NUL byte in a header field, or a byte order mark or other
/// character that does not print in a field that would otherwise name a known column, fails the
/// file with its line and column, rather than as that column missing. Every message names the
/// file as given and shows characters that do not print as escapes (``DisplayText``). Each row
/// is checked on its own, so a bad row never hides the good ones, and a repeated `account_id`
/// names the line of its first occurrence.
/// Memory stays flat with the file's length, but for the account ids seen (8 bytes each).
///
/// With ``Options/checksInParallel`` the rules run on a Dispatch worker while the calling thread
/// parses the next batch; `next()` then waits for the worker, so call it only from a thread that
/// may block (the top of a synchronous command), never from a Dispatch worker.
public final class AccountListReader {
    /// How the reader works.
    public struct Options: Sendable, Hashable {
        /// Check batches on a Dispatch worker while the caller's thread parses ahead.
        public var checksInParallel = false
        /// Records per batch.
        public var batchSize = 4096

        public init(checksInParallel: Bool = false) {
            self.checksInParallel = checksInParallel
        }
    }

    /// The file's name as messages show it.
    public let file: String
    /// Warnings about the header (unknown columns), located at its line.
    public private(set) var headerProblems: [AccountListProblem] = []
    /// The line of the header row.
    public private(set) var headerLine = 1
    /// The known columns the file has, in file order.
    public private(set) var columns: [AccountListColumn] = []

    private let records: CSVRecordReader
    private var fieldCount = 0
    /// For each field position, the column's ordinal, or -1 for an unknown column.
    private var ordinalOfField: [Int] = []
    /// For each column ordinal, its field position, or -1 when the file lacks the column.
    private var fieldOfColumn = [Int](repeating: -1, count: AccountListColumn.count)
    private let maximumFieldBytes: Int
    private let options: Options
    private var checker: RowChecker?
    private var marker: RepeatedAccountMarker?
    private var inFlight: [InFlightCheck] = []
    private var pending: [AccountListRow?] = []
    private var pendingIndex = 0

    /// Opens `path` and reads its header.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - displayName: how messages name the file (defaults to `path`).
    /// - Throws: ``AccountListFileError``: missing or unreadable file, empty file, bad header.
    public convenience init(
        path: String, displayName: String? = nil,
        configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration(),
        options: Options = Options()
    ) throws {
        let name = displayName ?? path
        let records: CSVRecordReader
        do {
            records = try CSVRecordReader(path: path, configuration: configuration)
        } catch var error as AccountListFileError {
            error.path = name
            throw error
        }
        try self.init(records: records, file: name, maximumFieldBytes: configuration.maximumFieldBytes, options: options)
    }

    /// Reads an account list held in memory; `file` names it in messages.
    public convenience init(
        bytes: [UInt8], file: String,
        configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration(),
        options: Options = Options()
    ) throws {
        try self.init(
            records: CSVRecordReader(bytes: bytes, configuration: configuration), file: file,
            maximumFieldBytes: configuration.maximumFieldBytes, options: options)
    }

    private init(records: CSVRecordReader, file: String, maximumFieldBytes: Int, options: Options) throws {
        self.records = records
        self.file = file
        self.maximumFieldBytes = maximumFieldBytes
        self.options = options
        records.hiddenCharacters = HiddenCharacterLocator()
        defer { records.hiddenCharacters = nil }
        try relabelingFileErrors { try readHeader() }
        marker = RepeatedAccountMarker(file: file)
        checker = RowChecker(
            file: file, fieldCount: fieldCount, ordinalOfField: ordinalOfField, maximumFieldBytes: maximumFieldBytes,
            validator: PayerAccountValidator(file: file, fieldOfColumn: fieldOfColumn))
    }

    /// The next row, or `nil` at the end of the file. Blank rows (every field empty) are skipped.
    ///
    /// - Throws: ``AccountListFileError`` when reading fails midway.
    public func next() throws -> AccountListRow? {
        while pendingIndex == pending.count {
            guard let rows = try nextRows() else { return nil }
            pending = rows.map { Optional($0) }
            pendingIndex = 0
        }
        defer { pendingIndex += 1 }
        // Move the row out rather than copy it: no reference counting per field.
        return pending[pendingIndex].take()
    }

    /// Runs `body`, naming this reader's file in a read error (the records reader knows only
    /// the path it opened).
    private func relabelingFileErrors<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch var error as AccountListFileError {
            if error.problems.isEmpty { error.path = file }
            throw error
        }
    }

    private func nextRows() throws -> [AccountListRow]? {
        try relabelingFileErrors { try readNextRows() }
    }

    private func readNextRows() throws -> [AccountListRow]? {
        guard let checker, let marker else { return nil }
        guard options.checksInParallel else {
            return try records.nextBatch(maximumEntries: options.batchSize).map { marker.mark(checker.check($0)) }
        }
        // Keep two batches with the workers, parsing ahead on this thread meanwhile; repeats are
        // marked here, in input order.
        while inFlight.count < 2, let batch = try records.nextBatch(maximumEntries: options.batchSize) {
            inFlight.append(InFlightCheck(batch: batch, checker: checker))
        }
        guard !inFlight.isEmpty else { return nil }
        return marker.mark(inFlight.removeFirst().wait())
    }

    /// At most this many header fields are warned about one by one; more are summarised in one
    /// warning (a header of 200,000 unknown columns must not print 200,000 lines).
    static let headerWarningsShownOneByOne = 5
    /// At most this many header fields holding hidden characters are reported one by one.
    static let hiddenCharacterErrorsShown = 5

    private func readHeader() throws {
        var header: CSVRecord?
        while header == nil, let event = try records.next() {
            switch event {
            case .syntaxError(let syntaxError):
                throw AccountListFileError(
                    path: file, code: .invalidHeader, detail: syntaxError.cause,
                    problems: [AccountListProblem(severity: .error, file: file, line: syntaxError.line, column: nil, message: "header row: \(syntaxError.cause)")])
            case .record(let record):
                if !record.fields.allSatisfy({ $0.isEmpty }) { header = record }
            }
        }
        guard let header else {
            throw AccountListFileError(path: file, code: .empty, detail: "the file is empty; expected a header row naming the columns (account_id, organization_name, …)",
                problems: [AccountListProblem(severity: .error, file: file, line: 1, column: nil, message: "the file is empty; expected a header row naming the columns (account_id, organization_name, …)")])
        }
        headerLine = header.line
        let located = records.hiddenCharacters?.found ?? []
        var errors: [AccountListProblem] = []
        func headerError(_ column: String?, _ message: String, line: Int = header.line) {
            errors.append(AccountListProblem(severity: .error, file: file, line: line, column: column, message: message))
        }
        var seen: [AccountListColumn: Int] = [:]
        // Known columns a broken header field would have named: no "missing" error for them.
        var explained: Set<AccountListColumn> = []
        var hiddenBefore = 0
        var hiddenFields = 0
        var ignored = IgnoredHeaderFields()
        for (position, raw) in header.fields.enumerated() {
            var firstHidden: Unicode.Scalar?
            var hiddenCount = 0
            for scalar in raw.unicodeScalars where HiddenCharacterLocator.reports(scalar) {
                if firstHidden == nil { firstHidden = scalar }
                hiddenCount += 1
            }
            let isInvalidUTF8 = header.invalidUTF8Fields.contains(position)
            let intended = firstHidden != nil || isInvalidUTF8 ? Self.intendedColumn(raw) : nil
            if let scalar = firstHidden, scalar == "\0" || intended != nil {
                // The k-th hidden character of the header is the locator's k-th find.
                let location = hiddenBefore < located.count && located[hiddenBefore].scalar == scalar ? located[hiddenBefore] : nil
                hiddenBefore += hiddenCount
                if let intended { explained.insert(intended) }
                hiddenFields += 1
                if hiddenFields <= Self.hiddenCharacterErrorsShown {
                    headerError(
                        intended?.header,
                        Self.hiddenCharacterMessage(
                            field: position + 1, scalar: scalar, count: hiddenCount, location: location, intended: intended),
                        line: location?.line ?? header.line)
                }
                ordinalOfField.append(-1)
                continue
            }
            hiddenBefore += hiddenCount
            let name = raw.trimmingSpaces().lowercased()
            if isInvalidUTF8 {
                if let intended { explained.insert(intended) }
                headerError(intended?.header, "header field \(position + 1) is not valid UTF-8; save the file as UTF-8")
                ordinalOfField.append(-1)
            } else if let column = AccountListColumn(rawValue: name) {
                if let first = seen[column] {
                    headerError(column.header, "appears twice in the header (fields \(first + 1) and \(position + 1)); keep one")
                }
                seen[column] = position
                fieldOfColumn[column.ordinal] = position
                columns.append(column)
                ordinalOfField.append(column.ordinal)
            } else {
                ordinalOfField.append(-1)
                ignored.add(raw.trimmingSpaces(), field: position + 1, file: file, line: header.line)
            }
        }
        if hiddenFields > Self.hiddenCharacterErrorsShown {
            let more = hiddenFields - Self.hiddenCharacterErrorsShown
            headerError(nil, "\(more) more header \(more == 1 ? "field holds" : "fields hold") NUL bytes or other characters that do not print; save the file as UTF-8 text")
        }
        headerProblems = ignored.warnings(file: file, line: header.line)
        for column in AccountListColumn.allCases where column.isRequired && seen[column] == nil && !explained.contains(column) {
            headerError(column.header, "required column is missing from the header; the header must name account_id and organization_name")
        }
        fieldCount = header.fields.count
        if !errors.isEmpty {
            throw AccountListFileError(
                path: file, code: .invalidHeader, detail: errors.map(\.message).joined(separator: "; "), problems: errors)
        }
    }

    /// The known column a header field names once its hidden characters and undecodable bytes
    /// are taken out, if any.
    private static func intendedColumn(_ raw: String) -> AccountListColumn? {
        var kept = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars where !HiddenCharacterLocator.reports(scalar) && scalar != "\u{FFFD}" {
            kept.append(scalar)
        }
        return AccountListColumn(rawValue: String(kept).trimmingSpaces().lowercased())
    }

    private static func hiddenCharacterMessage(
        field: Int, scalar: Unicode.Scalar, count: Int, location: HiddenCharacterLocator.Location?,
        intended: AccountListColumn?
    ) -> String {
        let what: String
        let advice: String
        switch scalar {
        case "\0":
            what = "a NUL byte (U+0000)"
            advice = "a CSV file holds no NUL bytes (was it saved as UTF-16?); save it as UTF-8"
        case "\u{FEFF}":
            what = "a byte order mark (U+FEFF)"
            if location?.line == 1, location?.column == 1 {
                advice = "the file starts with a second byte order mark; save it as UTF-8 with one at most"
            } else {
                advice = "remove it (a byte order mark belongs only at the very start of the file)"
            }
        default:
            what = "\(DisplayText.codePoint(scalar)) (a character that does not print)"
            advice = "remove it"
        }
        let at = location.map { "at line \($0.line), column \($0.column)" } ?? "(its place in the line is not known)"
        let more = count > 1 ? " (and \(count - 1) more such \(count == 2 ? "character" : "characters"))" : ""
        let names = intended.map { "; without it the field names \($0.header)" } ?? ""
        return "header field \(field) holds \(what) \(at)\(more)\(names); \(advice)"
    }
}

/// The header fields that name no known column: a warning each when there are a few, one
/// summary when there are many. Memory stays flat whatever their number.
private struct IgnoredHeaderFields {
    private var shown: [AccountListProblem] = []
    private var unknownNames: [String] = []
    private var unknownCount = 0
    private var emptyCount = 0
    private static let namesInSummary = 5

    private static var knownColumns: String { AccountListColumn.allCases.map(\.header).joined(separator: ", ") }

    mutating func add(_ name: String, field: Int, file: String, line: Int) {
        if name.isEmpty {
            emptyCount += 1
        } else {
            unknownCount += 1
            if unknownNames.count < Self.namesInSummary { unknownNames.append("'\(DisplayText.excerpt(name))'") }
        }
        guard shown.count <= AccountListReader.headerWarningsShownOneByOne else { return }
        let message = name.isEmpty
            ? "field \(field) has an empty header is ignored; known columns: \(Self.knownColumns)"
            : "unknown column '\(DisplayText.excerpt(name))' is ignored; known columns: \(Self.knownColumns)"
        shown.append(AccountListProblem(
            severity: .warning, file: file, line: line, column: name.isEmpty ? nil : DisplayText.excerpt(name),
            message: message))
    }

    func warnings(file: String, line: Int) -> [AccountListProblem] {
        let total = unknownCount + emptyCount
        if total <= AccountListReader.headerWarningsShownOneByOne { return shown }
        var parts: [String] = []
        if unknownCount > 0 {
            let more = unknownCount - unknownNames.count
            let names = unknownNames.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
            parts.append("\(unknownCount) unknown \(unknownCount == 1 ? "column" : "columns") (\(names))")
        }
        if emptyCount > 0 {
            parts.append("\(emptyCount) \(emptyCount == 1 ? "field" : "fields") with an empty header")
        }
        return [AccountListProblem(
            severity: .warning, file: file, line: line, column: nil,
            message: "\(total) header fields are ignored: \(parts.joined(separator: " and ")); known columns: \(Self.knownColumns)")]
    }
}
