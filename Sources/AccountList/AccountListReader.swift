/// Reads an account list (CSV with a header row) one validated row at a time.
///
/// Headers are matched case-insensitively after trimming. A missing required column, a repeated
/// column or an unparsable header fails the whole file (``AccountListFileError``); an unknown
/// column is a warning in ``headerProblems``. Each row is checked on its own, so a bad row never
/// hides the good ones, and a repeated `account_id` names the line of its first occurrence.
/// Memory stays flat with the file's length, but for the account ids seen (8 bytes each).
public final class AccountListReader {
    /// The file's name as messages show it.
    public let file: String
    /// Warnings about the header (unknown columns), located at its line.
    public private(set) var headerProblems: [AccountListProblem] = []
    /// The line of the header row.
    public private(set) var headerLine = 1
    /// The known columns the file has, in file order.
    public private(set) var columns: [AccountListColumn] = []

    private let records: CSVRecordReader
    private let validator: PayerAccountValidator
    private var fieldCount = 0
    /// For each field position, the column's ordinal, or -1 for an unknown column.
    private var ordinalOfField: [Int] = []
    private var firstLineOfAccount = FirstOccurrenceTable()
    private let maximumFieldBytes: Int

    /// Opens `path` and reads its header.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - displayName: how messages name the file (defaults to `path`).
    /// - Throws: ``AccountListFileError``: missing or unreadable file, empty file, bad header.
    public convenience init(
        path: String, displayName: String? = nil,
        configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration()
    ) throws {
        let name = displayName ?? path
        let records = try CSVRecordReader(path: path, configuration: configuration)
        try self.init(records: records, file: name, maximumFieldBytes: configuration.maximumFieldBytes)
    }

    /// Reads an account list held in memory; `file` names it in messages.
    public convenience init(
        bytes: [UInt8], file: String,
        configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration()
    ) throws {
        try self.init(
            records: CSVRecordReader(bytes: bytes, configuration: configuration), file: file,
            maximumFieldBytes: configuration.maximumFieldBytes)
    }

    private init(records: CSVRecordReader, file: String, maximumFieldBytes: Int) throws {
        self.records = records
        self.file = file
        self.validator = PayerAccountValidator(file: file)
        self.maximumFieldBytes = maximumFieldBytes
        try readHeader()
    }

    /// The next row, or `nil` at the end of the file. Blank rows (every field empty) are skipped.
    ///
    /// - Throws: ``AccountListFileError`` when reading fails midway.
    public func next() throws -> AccountListRow? {
        while let event = try records.next() {
            switch event {
            case .syntaxError(let syntaxError):
                return AccountListRow(line: syntaxError.line, account: nil, problems: [
                    AccountListProblem(severity: .error, file: file, line: syntaxError.line, column: nil, message: syntaxError.message)
                ])
            case .record(let record):
                if record.fields.allSatisfy({ $0.isEmpty }) { continue }
                return row(from: record)
            }
        }
        return nil
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

    private func row(from record: CSVRecord) -> AccountListRow {
        let line = record.line
        if record.fields.count != fieldCount {
            let fewOrMany = record.fields.count < fieldCount ? "too few" : "too many"
            return AccountListRow(line: line, account: nil, problems: [
                AccountListProblem(
                    severity: .error, file: file, line: line, column: nil,
                    message: "row has \(record.fields.count) fields but the header has \(fieldCount) (\(fewOrMany)); quote values that contain commas")
            ])
        }
        var problems: [AccountListProblem] = []
        var values = [String?](repeating: nil, count: AccountListColumn.count)
        for (position, field) in record.fields.enumerated() {
            let ordinal = ordinalOfField[position]
            guard ordinal >= 0 else { continue }
            values[ordinal] = Self.trimmed(field)
        }
        for position in record.invalidUTF8Fields where ordinalOfField[position] >= 0 {
            let column = AccountListColumn.byOrdinal[ordinalOfField[position]]
            problems.append(AccountListProblem(severity: .error, file: file, line: line, column: column.header, message: "is not valid UTF-8; save the file as UTF-8"))
        }
        for position in record.oversizedFields where ordinalOfField[position] >= 0 {
            let column = AccountListColumn.byOrdinal[ordinalOfField[position]]
            problems.append(AccountListProblem(severity: .error, file: file, line: line, column: column.header, message: "is longer than \(maximumFieldBytes) bytes; no column allows that much"))
        }
        if !problems.isEmpty {
            return AccountListRow(line: line, account: nil, problems: problems)
        }
        let (account, rowProblems) = validator.validate(line: line, values: values)
        problems = rowProblems
        var result = account
        if let accountID = values[AccountListColumn.accountID.ordinal], let key = Self.numericAccountID(accountID) {
            if let first = firstLineOfAccount.firstLine(of: key, recording: line) {
                let earlier = first > 0 ? "the row at line \(first)" : "an earlier row"
                problems.insert(AccountListProblem(
                    severity: .error, file: file, line: line, column: AccountListColumn.accountID.header,
                    message: "\(accountID) repeats \(earlier); each payer account may appear once"), at: 0)
                result = nil
            }
        }
        return AccountListRow(line: line, account: result, problems: problems)
    }

    /// A 12-digit account id as a number (unique because the length is fixed).
    private static func numericAccountID(_ text: String) -> UInt64? {
        guard PayerAccountValidator.isAccountID(text) else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 { value = value * 10 + UInt64(byte - 0x30) }
        return value
    }

    /// The value without surrounding white space; returns the same string when there is none.
    private static func trimmed(_ text: String) -> String {
        guard let first = text.utf8.first, let last = text.utf8.last else { return text }
        if !isSpaceByte(first), !isSpaceByte(last), first < 0x80, last < 0x80 { return text }
        return text.trimmingSpaces()
    }

    private static func isSpaceByte(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
