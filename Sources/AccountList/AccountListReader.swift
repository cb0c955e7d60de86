/// Reads an account list (CSV with a header row) one validated row at a time.
///
/// Headers are matched case-insensitively after trimming. A missing required column, a repeated
/// column or an unparsable header fails the whole file (``AccountListFileError``); an unknown
/// column is a warning in ``headerProblems``. Each row is checked on its own, so a bad row never
/// hides the good ones, and a repeated `account_id` names the line of its first occurrence.
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
        let records = try CSVRecordReader(path: path, configuration: configuration)
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
        try readHeader()
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

    private func nextRows() throws -> [AccountListRow]? {
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

    private func readHeader() throws {
        var header: CSVRecord?
        while header == nil, let event = try records.next() {
            switch event {
            case .syntaxError(let syntaxError):
                throw AccountListFileError(
                    path: file, code: .invalidHeader, detail: syntaxError.message,
                    problems: [AccountListProblem(severity: .error, file: file, line: syntaxError.line, column: nil, message: "header row: \(syntaxError.message)")])
            case .record(let record):
                if !record.fields.allSatisfy({ $0.isEmpty }) { header = record }
            }
        }
        guard let header else {
            throw AccountListFileError(path: file, code: .empty, detail: "the file is empty; expected a header row naming the columns (account_id, organization_name, …)",
                problems: [AccountListProblem(severity: .error, file: file, line: 1, column: nil, message: "the file is empty; expected a header row naming the columns (account_id, organization_name, …)")])
        }
        headerLine = header.line
        var errors: [AccountListProblem] = []
        func headerError(_ column: String?, _ message: String) {
            errors.append(AccountListProblem(severity: .error, file: file, line: header.line, column: column, message: message))
        }
        var seen: [AccountListColumn: Int] = [:]
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmingSpaces().lowercased()
            if header.invalidUTF8Fields.contains(position) {
                headerError(nil, "header field \(position + 1) is not valid UTF-8; save the file as UTF-8")
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
                let shown = name.isEmpty ? "field \(position + 1) has an empty header" : "unknown column '\(raw.trimmingSpaces().prefix(64))'"
                headerProblems.append(AccountListProblem(
                    severity: .warning, file: file, line: header.line, column: name.isEmpty ? nil : raw.trimmingSpaces(),
                    message: "\(shown) is ignored; known columns: \(AccountListColumn.allCases.map(\.header).joined(separator: ", "))"))
            }
        }
        for column in AccountListColumn.allCases where column.isRequired && seen[column] == nil {
            headerError(column.header, "required column is missing from the header; the header must name account_id and organization_name")
        }
        fieldCount = header.fields.count
        if !errors.isEmpty {
            throw AccountListFileError(
                path: file, code: .invalidHeader, detail: errors.map(\.message).joined(separator: "; "), problems: errors)
        }
    }
}
