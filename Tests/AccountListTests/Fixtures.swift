import AccountList
import Foundation
import Testing

/// Helpers shared by the AccountList tests: in-memory CSV, temporary files, and collectors.
enum Fixtures {
    /// The full header, in the column reference's order.
    static let fullHeader = AccountListColumn.allCases.map(\.header).joined(separator: ",")

    /// The UTF-8 bytes of `text`.
    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A reader configuration with the given chunk size (other settings default).
    static func configuration(chunkBytes: Int) -> CSVRecordReader.Configuration {
        var configuration = CSVRecordReader.Configuration()
        configuration.chunkBytes = chunkBytes
        return configuration
    }

    /// Every event of a CSV reader over `bytes`.
    static func events(
        _ bytes: [UInt8], configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration()
    ) throws -> [CSVRecordReader.Event] {
        let reader = CSVRecordReader(bytes: bytes, configuration: configuration)
        var events: [CSVRecordReader.Event] = []
        while let event = try reader.next() {
            events.append(event)
            if events.count > 1_000_000 { Issue.record("reader does not end"); break }
        }
        return events
    }

    /// Every event of a CSV reader over `text`.
    static func events(
        _ text: String, configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration()
    ) throws -> [CSVRecordReader.Event] {
        try events(bytes(text), configuration: configuration)
    }

    /// The records of `events`, failing the test on a syntax error.
    static func records(_ events: [CSVRecordReader.Event]) -> [CSVRecord] {
        events.compactMap { event in
            switch event {
            case .record(let record): return record
            case .syntaxError(let error):
                Issue.record("unexpected syntax error \(error.kind) at line \(error.line)")
                return nil
            }
        }
    }

    /// The records of `text`, failing the test on a syntax error.
    static func records(
        _ text: String, configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration()
    ) throws -> [CSVRecord] {
        records(try events(text, configuration: configuration))
    }

    /// The result of reading a whole account list.
    struct ReadResult {
        var headerProblems: [AccountListProblem]
        var headerLine: Int
        var columns: [AccountListColumn]
        var rows: [AccountListRow]

        var validRows: [AccountListRow] { rows.filter(\.isValid) }
        var invalidRows: [AccountListRow] { rows.filter { !$0.isValid } }
        var allProblems: [AccountListProblem] { headerProblems + rows.flatMap(\.problems) }
        var accounts: [PayerAccount] { rows.compactMap(\.account) }
    }

    /// Reads every row of an account list held in `bytes`.
    static func read(
        bytes: [UInt8], file: String = "accounts.csv",
        configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration()
    ) throws -> ReadResult {
        let reader = try AccountListReader(bytes: bytes, file: file, configuration: configuration)
        return try collect(reader)
    }

    /// Reads every row of an account list held in `text`.
    static func read(
        _ text: String, file: String = "accounts.csv",
        configuration: CSVRecordReader.Configuration = CSVRecordReader.Configuration()
    ) throws -> ReadResult {
        try read(bytes: bytes(text), file: file, configuration: configuration)
    }

    /// Reads every row left in `reader`.
    static func collect(_ reader: AccountListReader) throws -> ReadResult {
        var rows: [AccountListRow] = []
        while let row = try reader.next() {
            rows.append(row)
            if rows.count > 1_000_000 { Issue.record("reader does not end"); break }
        }
        return ReadResult(
            headerProblems: reader.headerProblems, headerLine: reader.headerLine, columns: reader.columns,
            rows: rows)
    }

    /// The `AccountListFileError` that opening `text` as an account list throws, or `nil`.
    static func fileError(_ text: String, file: String = "accounts.csv") -> AccountListFileError? {
        fileError(bytes: bytes(text), file: file)
    }

    /// The `AccountListFileError` that opening `bytes` as an account list throws, or `nil`.
    static func fileError(bytes: [UInt8], file: String = "accounts.csv") -> AccountListFileError? {
        do {
            _ = try AccountListReader(bytes: bytes, file: file)
            return nil
        } catch let error as AccountListFileError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    /// A one-row account list over the full header: `values` names the columns to fill; the
    /// others are empty. `account_id` and `organization_name` default to valid values.
    static func singleRow(_ values: [AccountListColumn: String]) -> String {
        var filled = values
        if filled[.accountID] == nil { filled[.accountID] = "123456789012" }
        if filled[.organizationName] == nil { filled[.organizationName] = "Acme" }
        let row = AccountListColumn.allCases.map { filled[$0].map(csvField) ?? "" }.joined(separator: ",")
        return fullHeader + "\n" + row + "\n"
    }

    /// Validates one row over the full header (see ``singleRow(_:)``) and returns it.
    static func validate(_ values: [AccountListColumn: String], file: String = "accounts.csv") throws -> AccountListRow {
        let result = try read(singleRow(values), file: file)
        try #require(result.rows.count == 1)
        return result.rows[0]
    }

    /// `text` as one CSV field, quoted when it needs to be.
    static func csvField(_ text: String) -> String {
        let needsQuotes = text.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) || text.first == " " || text.last == " "
            || text.first == "\t" || text.last == "\t"
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A new, empty temporary folder; remove it with ``removeFolder(_:)``.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("AccountListTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Removes a folder made by ``temporaryFolder()``.
    static func removeFolder(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }

    /// Runs `body` with a temporary file holding `bytes`, removed afterwards.
    static func withTemporaryFile<Result>(
        _ bytes: [UInt8], name: String = "accounts.csv", _ body: (String) throws -> Result
    ) throws -> Result {
        let folder = try temporaryFolder()
        defer { removeFolder(folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try body(path)
    }
}

extension CSVRecordReader.Event {
    /// The record, or `nil` for a syntax error.
    var record: CSVRecord? {
        if case .record(let record) = self { return record }
        return nil
    }

    /// The syntax error, or `nil` for a record.
    var syntaxError: CSVSyntaxError? {
        if case .syntaxError(let error) = self { return error }
        return nil
    }
}

extension AccountListRow {
    /// The problems of the row for `column`.
    func problems(for column: AccountListColumn) -> [AccountListProblem] {
        problems.filter { $0.column == column.header }
    }

    /// The error problems of the row.
    var errors: [AccountListProblem] { problems.filter { $0.severity == .error } }

    /// The warning problems of the row.
    var warnings: [AccountListProblem] { problems.filter { $0.severity == .warning } }
}
