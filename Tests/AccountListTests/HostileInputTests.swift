import AccountList
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Input made carelessly or with intent: special files, escape sequences, huge headers and
/// fields, hidden characters.
@Suite("Hostile and careless input")
struct HostileInputTests {
    // MARK: - Files that are not regular files

    /// Makes a FIFO in a fresh folder, runs `body` with its path, and removes it. If the code
    /// under test opened it blocking, a watchdog opens the writing end after a few seconds, so
    /// the test fails (the reader sees an empty file) instead of hanging.
    static func withFIFO<Result>(_ body: (String) throws -> Result) throws -> Result {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.removeFolder(folder) }
        let path = folder.appendingPathComponent("accounts.csv").path
        try #require(mkfifo(path, 0o600) == 0)
        let done = Watchdog()
        Thread.detachNewThread {
            for _ in 0..<50 where !done.isSet { usleep(100_000) }
            guard !done.isSet else { return }
            let writer = open(path, O_WRONLY | O_NONBLOCK)
            if writer >= 0 { close(writer) }
        }
        defer { done.set() }
        return try body(path)
    }

    @Test("a FIFO is refused at once, naming the file and what it is")
    func fifoIsRefused() throws {
        try Self.withFIFO { path in
            let started = Date()
            let error = try #require(throws: AccountListFileError.self) { try AccountListReader(path: path) }
            #expect(Date().timeIntervalSince(started) < 2)
            #expect(error.code == .notARegularFile)
            #expect(error.path == path)
            #expect(!error.isContentError)
            #expect(error.description.hasPrefix("\(path): is a FIFO (named pipe), not a regular file"))
            #expect(error.shortDescription == "account list not-a-regular-file")

            let named = try #require(throws: AccountListFileError.self) {
                try AccountListReader(path: path, displayName: "batch.csv")
            }
            #expect(named.description.hasPrefix("batch.csv: is a FIFO (named pipe)"))
        }
    }

    @Test("a symbolic link to a FIFO is refused as the FIFO")
    func linkToFIFOIsRefused() throws {
        try Self.withFIFO { path in
            let link = path + ".link"
            try #require(symlink(path, link) == 0)
            defer { unlink(link) }
            let error = try #require(throws: AccountListFileError.self) { try CSVRecordReader(path: link) }
            #expect(error.code == .notARegularFile)
            #expect(error.description.hasPrefix("\(link): is a FIFO"))
        }
    }

    @Test("a character device is refused, naming what it is")
    func deviceIsRefused() throws {
        let error = try #require(throws: AccountListFileError.self) { try AccountListReader(path: "/dev/null") }
        #expect(error.code == .notARegularFile)
        #expect(error.description.hasPrefix("/dev/null: is a character device, not a regular file"))
    }

    #if os(Linux)
    @Test("a read error names the file, not <input>")
    func readErrorNamesTheFile() throws {
        // /proc/self/mem is a regular file whose first page cannot be read (EIO).
        let error = try #require(throws: AccountListFileError.self) {
            try AccountListReader(path: "/proc/self/mem", displayName: "batch.csv")
        }
        #expect(error.code == .unreadable)
        #expect(error.path == "batch.csv")
        #expect(error.description.hasPrefix("batch.csv: cannot be read: "))
        #expect(!error.description.contains("<input>"))

        let plain = try #require(throws: AccountListFileError.self) { try CSVRecordReader(path: "/proc/self/mem").next() }
        #expect(plain.description.hasPrefix("/proc/self/mem: cannot be read: "))
    }
    #endif

    // MARK: - Escape sequences

    /// Whether `text` holds a character that does not print (but for the message's own spaces).
    static func holdsHidden(_ text: String) -> Bool {
        text.unicodeScalars.contains { DisplayText.isHidden($0) }
    }

    @Test("escape sequences in a header name reach messages only as visible escapes")
    func escapeSequenceInHeader() throws {
        let header = "account_id,organization_name,\u{1B}[2J\u{1B}]0;owned\u{07}\u{9B}31m"
        let result = try Fixtures.read(header + "\n123456789012,Acme,x\n")
        let warning = try #require(result.headerProblems.first)
        #expect(result.headerProblems.count == 1)
        #expect(!Self.holdsHidden(warning.description))
        #expect(!Self.holdsHidden(warning.column ?? ""))
        #expect(warning.column == "\\u{1B}[2J\\u{1B}]0;owned\\u{7}\\u{9B}31m")
        #expect(warning.message.hasPrefix("unknown column '\\u{1B}[2J\\u{1B}]0;owned\\u{7}\\u{9B}31m' is ignored"))
        #expect(result.rows.first?.isValid == true)
    }

    @Test("escape sequences and bidi controls in a quoted cell value are escaped in its message")
    func escapeSequenceInValue() throws {
        let row = try Fixtures.validate([.curBucket: "\u{1B}[31mbucket\u{202E}", .spotProfile: "a\u{1B}b"])
        #expect(row.errors.count == 2)
        for problem in row.problems {
            #expect(!Self.holdsHidden(problem.description), "\(problem.description.debugDescription)")
        }
        #expect(row.problems(for: .curBucket).first?.message.hasPrefix("'\\u{1B}[31mbucket\\u{202E}' is not a valid S3 bucket name") == true)
        #expect(row.problems(for: .spotProfile).first?.message.hasPrefix("'a\\u{1B}b' is not a profile name") == true)
    }

    @Test("a file name with control characters is escaped in every message")
    func escapedFileName() throws {
        let name = "list\u{1B}[31m\n.csv"
        let result = try Fixtures.read("account_id,organization_name,notes\n1234,Acme,\n", file: name)
        let problems = result.allProblems
        #expect(problems.count == 2)
        for problem in problems {
            #expect(problem.file == "list\\u{1B}[31m\\n.csv")
            #expect(problem.description.hasPrefix("list\\u{1B}[31m\\n.csv:"))
        }
        let missing = AccountListFileError(path: name, code: .missing, detail: "no such file")
        #expect(missing.description == "list\\u{1B}[31m\\n.csv: no such file")
    }

    @Test("escaping is idempotent, keeps printable text, and an excerpt never splits an escape")
    func displayText() {
        #expect(DisplayText.escaped("Société Générale 日本 \"q\" \\n") == "Société Générale 日本 \"q\" \\n")
        let escaped = DisplayText.escaped("a\u{1B}b\u{0}c\r\n\t\u{202E}\u{2066}\u{200B}\u{FEFF}\u{2028}\u{7F}")
        #expect(escaped == "a\\u{1B}b\\u{0}c\\r\\n\\t\\u{202E}\\u{2066}\\u{200B}\\u{FEFF}\\u{2028}\\u{7F}")
        #expect(DisplayText.escaped(escaped) == escaped)
        let excerpt = DisplayText.excerpt(String(repeating: "\u{1B}", count: 40), limit: 20)
        #expect(excerpt == "\\u{1B}\\u{1B}\\u{1B}…")
        #expect(DisplayText.excerpt("short") == "short")
        #expect(DisplayText.excerpt(String(repeating: "n", count: 100), limit: 10) == "nnnnnnnnnn…")
        #expect(DisplayText.codePoint("\u{202E}") == "U+202E RIGHT-TO-LEFT OVERRIDE")
        #expect(DisplayText.codePoint("\u{0}") == "U+0000 NULL")
    }

    // MARK: - Many unknown columns

    @Test("200,000 unknown columns give one warning that counts them and names the first few")
    func manyUnknownColumns() throws {
        let count = 200_000
        var header = "account_id,organization_name"
        var row = "123456789012,Acme"
        header.reserveCapacity(count * 10)
        row.reserveCapacity(count * 2)
        for index in 0..<count {
            header += index == 1 ? ",\u{1B}[31m\(String(repeating: "long", count: 100))" : ",col\(index)"
            row += ","
        }
        let result = try Fixtures.read(header + "\n" + row + "\n")
        #expect(result.headerProblems.count == 1)
        let warning = try #require(result.headerProblems.first)
        #expect(warning.severity == .warning)
        #expect(warning.column == nil)
        #expect(warning.message.hasPrefix(
            "200000 header fields are ignored: 200000 unknown columns ('col0', '\\u{1B}[31mlonglong"))
        #expect(warning.message.contains("…', 'col2', 'col3', 'col4' and 199995 more); known columns: account_id,"))
        #expect(!Self.holdsHidden(warning.description))
        #expect(warning.description.utf8.count < 1_000)
        #expect(result.rows.count == 1)
        #expect(result.rows[0].isValid)
    }

    @Test("a few unknown or empty header fields are warned about one by one; more are summarised with both counts")
    func unknownColumnThreshold() throws {
        let few = try Fixtures.read("account_id,organization_name,a,b,,c,d\n123456789012,Acme,,,,,\n")
        #expect(few.headerProblems.count == 5)
        let many = try Fixtures.read("account_id,organization_name,a,b,,c,d,,e\n123456789012,Acme,,,,,,,\n")
        #expect(many.headerProblems.count == 1)
        #expect(many.headerProblems[0].message.hasPrefix(
            "7 header fields are ignored: 5 unknown columns ('a', 'b', 'c', 'd', 'e') and 2 fields with an empty header; known columns: "))
    }

    // MARK: - Fields past the hard limit

    static func configuration(limit: Int, chunkBytes: Int) -> CSVRecordReader.Configuration {
        var configuration = CSVRecordReader.Configuration()
        configuration.runawayFieldBytes = limit
        configuration.chunkBytes = chunkBytes
        return configuration
    }

    /// Read sizes below the limits used (a field is measured after each read of at most a line).
    static let chunkSizes = [1, 3, 7, 64]

    @Test("an unquoted field past the hard limit says so, and reading goes on at the next row", arguments: chunkSizes)
    func oversizedUnquotedField(chunkBytes: Int) throws {
        let long = String(repeating: "n", count: 300)
        let text = "account_id,organization_name,notes\n123456789012,\(long),\"tail\nof the record\"\n223456789012,Next,x\n"
        let result = try Fixtures.read(text, configuration: Self.configuration(limit: 100, chunkBytes: chunkBytes))
        #expect(result.rows.map(\.line) == [2, 4])
        #expect(result.rows[0].problems.map(\.description) == [
            "accounts.csv:2: organization_name: field 2 is an unquoted value longer than 100 bytes; no column allows anything near that; the row is skipped and reading goes on at the next row",
        ])
        #expect(result.rows[1].account?.organizationName == "Next")
    }

    @Test("an unquoted field past the hard limit at the end of a line or of the file", arguments: chunkSizes)
    func oversizedUnquotedFieldAtEnds(chunkBytes: Int) throws {
        let long = String(repeating: "n", count: 300)
        let configuration = Self.configuration(limit: 100, chunkBytes: chunkBytes)
        let events = try Fixtures.events("a,b\nx,\(long)\r\ny,z\nw,\(long)", configuration: configuration)
        #expect(events.count == 4)
        #expect(events[1].syntaxError?.kind == .oversizedField)
        #expect(events[1].syntaxError?.field == 2)
        #expect(events[1].syntaxError?.line == 2)
        #expect(events[2].record == CSVRecord(line: 3, fields: ["y", "z"]))
        #expect(events[3].syntaxError?.kind == .oversizedField)
        #expect(events[3].syntaxError?.line == 4)
    }

    @Test("an unquoted field past the hard limit with a quote in it skips its line", arguments: chunkSizes)
    func oversizedUnquotedFieldWithQuote(chunkBytes: Int) throws {
        let long = String(repeating: "n", count: 300)
        let events = try Fixtures.events(
            "a,b\nx,\(long)\"q\"\"\nmore\nc,d\n", configuration: Self.configuration(limit: 100, chunkBytes: chunkBytes))
        #expect(events.map { $0.record?.line ?? -$0.syntaxError!.line } == [1, -2, 3, 4])
        #expect(events[1].syntaxError?.kind == .oversizedField)
        #expect(events[2].record?.fields == ["more"])
    }

    @Test("a closed quoted field past the hard limit says it is too long, and the next rows are read", arguments: chunkSizes)
    func oversizedQuotedField(chunkBytes: Int) throws {
        let long = String(repeating: "q\"\"", count: 100)
        let text = "account_id,organization_name,notes\n123456789012,\"\(long)\"  ,x\n223456789012,Next,x\n"
        let result = try Fixtures.read(text, configuration: Self.configuration(limit: 100, chunkBytes: chunkBytes))
        #expect(result.rows.map(\.line) == [2, 3])
        #expect(result.rows[0].problems.map(\.description) == [
            "accounts.csv:2: organization_name: field 2 is a quoted value longer than 100 bytes; no column allows anything near that; the row is skipped and reading goes on at the next row",
        ])
        #expect(result.rows[1].isValid)
    }

    @Test("a closed quoted field past the hard limit at the end of the file", arguments: chunkSizes)
    func oversizedQuotedFieldAtEnd(chunkBytes: Int) throws {
        let long = String(repeating: "x", count: 300)
        let events = try Fixtures.events("a\n\"\(long)\"", configuration: Self.configuration(limit: 100, chunkBytes: chunkBytes))
        #expect(events.count == 2)
        #expect(events[1].syntaxError?.kind == .oversizedQuotedField)
        #expect(events[1].syntaxError?.lineOfProblem == 2)
    }

    @Test("a quoted field past the hard limit that ends in broken quoting names both lines; reading goes on after", arguments: chunkSizes)
    func unclosedQuote(chunkBytes: Int) throws {
        let swallowed = String(repeating: "333333333333,Lost\n", count: 20)
        let text = "account_id,organization_name\n123456789012,\"Open\n\(swallowed)444444444444,\"Closes\" here\n555555555555,Found\n"
        let result = try Fixtures.read(text, configuration: Self.configuration(limit: 100, chunkBytes: chunkBytes))
        #expect(result.rows.map(\.line) == [2, 24])
        #expect(result.rows[0].problems.map(\.description) == [
            "accounts.csv:2: organization_name: field 2 opens a quote that does not close properly: past 100 bytes it runs on to line 23, where a quote is followed by text; a closing quote is probably missing on line 2; lines 2 to 23 were skipped and reading goes on at line 24",
        ])
        #expect(result.rows[1].account?.organizationName == "Found")
    }

    @Test("a quoted field past the hard limit that never closes reports the end of the file", arguments: chunkSizes)
    func runawayField(chunkBytes: Int) throws {
        let text = "a,b\nx,\"" + String(repeating: "y\n", count: 80)
        let events = try Fixtures.events(text, configuration: Self.configuration(limit: 100, chunkBytes: chunkBytes))
        #expect(events.count == 2)
        let error = try #require(events[1].syntaxError)
        #expect(error.kind == .runawayField)
        #expect(error.line == 2)
        #expect(error.lineOfProblem == 81)
        #expect(error.message == "field 2 opens a quote that never closes: past 100 bytes it runs on to the end of the file (line 81), so nothing after line 2 was read; close the quote on line 2 and double any quote inside it (\"\")")
    }

    @Test("the default hard limit is shown in MiB, and memory stays bounded past it")
    func defaultLimitMessage() throws {
        let long = String(repeating: "n", count: 3 << 20)
        let events = try Fixtures.events("a,b\n\(long),x\nc,d\n")
        #expect(events.count == 3)
        #expect(events[1].syntaxError?.message.hasPrefix("field 1 is an unquoted value longer than 1 MiB;") == true)
        #expect(events[2].record?.fields == ["c", "d"])
    }

    // MARK: - Hidden characters in the header

    @Test("a NUL in the header is reported at its line and column, not as a missing column", arguments: [1, 5, 65_536])
    func nulInHeader(chunkBytes: Int) throws {
        var bytes = Fixtures.bytes("\n\naccount_id,\"organization")
        bytes.append(0)
        bytes += Fixtures.bytes("_name\"\n123456789012,Acme\n")
        let error = try #require(throws: AccountListFileError.self) {
            try AccountListReader(bytes: bytes, file: "accounts.csv", configuration: Fixtures.configuration(chunkBytes: chunkBytes))
        }
        #expect(error.code == .invalidHeader)
        #expect(error.problems.map(\.description) == [
            "accounts.csv:3: organization_name: header field 2 holds a NUL byte (U+0000) at line 3, column 25; without it the field names organization_name; a CSV file holds no NUL bytes (was it saved as UTF-16?); save it as UTF-8",
        ])
        #expect(!error.description.contains("required column is missing"))
    }

    @Test("a UTF-16 file is reported by its NUL bytes")
    func utf16Header() throws {
        var bytes: [UInt8] = [0xFF, 0xFE]
        for unit in "account_id,organization_name\n123456789012,Acme\n".utf16 {
            bytes += [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let error = try #require(Fixtures.fileError(bytes: bytes))
        #expect(error.code == .invalidHeader)
        #expect(error.problems.count == 2)
        #expect(error.problems[0].message.hasPrefix("header field 1 holds a NUL byte (U+0000) at line 1, column 4 (and 9 more such characters); without it the field names account_id"))
        #expect(error.problems[1].message.hasPrefix("header field 2 holds a NUL byte (U+0000) at line 1, column 24 (and 17 more"))
        #expect(!error.description.contains("required column is missing"))
    }

    @Test("a second byte order mark is reported at line 1, column 1, not as a missing column")
    func secondByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Fixtures.bytes("account_id,organization_name\n123456789012,Acme\n")
        let error = try #require(Fixtures.fileError(bytes: bytes))
        #expect(error.code == .invalidHeader)
        #expect(error.problems.map(\.description) == [
            "accounts.csv:1: account_id: header field 1 holds a byte order mark (U+FEFF) at line 1, column 1; without it the field names account_id; the file starts with a second byte order mark; save it as UTF-8 with one at most",
        ])
    }

    @Test("a byte order mark or zero-width space inside a known header name is located")
    func hiddenCharacterInsideHeaderName() throws {
        let error = try #require(Fixtures.fileError("account_id, organ\u{200B}ization_name,products\u{FEFF}\n"))
        #expect(error.problems.map(\.description) == [
            "accounts.csv:1: organization_name: header field 2 holds U+200B ZERO WIDTH SPACE (a character that does not print) at line 1, column 18; without it the field names organization_name; remove it",
            "accounts.csv:1: products: header field 3 holds a byte order mark (U+FEFF) at line 1, column 40; without it the field names products; remove it (a byte order mark belongs only at the very start of the file)",
        ])
    }

    @Test("a hidden character in an unknown header name leaves it an unknown column, escaped")
    func hiddenCharacterInUnknownHeader() throws {
        let result = try Fixtures.read("account_id,organization_name,no\u{200B}tes\n123456789012,Acme,x\n")
        #expect(result.headerProblems.map(\.column) == ["no\\u{200B}tes"])
        #expect(result.rows.first?.isValid == true)
    }

    // MARK: - Names with format characters and line breaks

    @Test("organization_name holding a format character is refused, naming line, column and code point", arguments: [
        ("Acme\u{202E}moc.evil", "U+202E RIGHT-TO-LEFT OVERRIDE at character 5"),
        ("\u{202A}Acme", "U+202A LEFT-TO-RIGHT EMBEDDING at character 1"),
        ("Ac\u{2066}me\u{2069}", "U+2066 LEFT-TO-RIGHT ISOLATE at character 3 (and 1 more character that does not print)"),
        ("Ac\u{200B}me", "U+200B ZERO WIDTH SPACE at character 3"),
        ("Ac\u{200D}me", "U+200D ZERO WIDTH JOINER at character 3"),
        ("Ac\u{FEFF}me", "U+FEFF ZERO WIDTH NO-BREAK SPACE at character 3"),
        ("Ac\u{AD}me", "U+00AD SOFT HYPHEN at character 3"),
    ])
    func formatCharacterRefused(value: String, fragment: String) throws {
        let text = "account_id,organization_name\n123456789012,\"\(value)\"\n223456789012,Good\n"
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.isValid) == [false, true])
        let problem = try #require(result.rows[0].errors.first)
        #expect(result.rows[0].errors.count == 1)
        #expect(problem.line == 2)
        #expect(problem.column == "organization_name")
        #expect(problem.message.contains(fragment), "\(problem.message)")
        #expect(problem.message.contains("an invisible format character"))
        #expect(!Self.holdsHidden(problem.description))
    }

    @Test("organization_name holding a line or paragraph separator or ESC is refused")
    func separatorRefused() throws {
        let separator = try Fixtures.validate([.organizationName: "Acme\u{2028}Inc"])
        #expect(separator.errors.first?.message.hasPrefix("holds U+2028 LINE SEPARATOR at character 5, a line or paragraph separator") == true)
        let escape = try Fixtures.validate([.organizationName: "Acme\u{1B}[2J"])
        #expect(escape.errors.first?.message.hasPrefix("holds U+001B ESCAPE at character 5, a control character") == true)
    }

    @Test("line breaks in organization_name are folded into one space, with a warning", arguments: [
        ("Multi\r\nline", "Multi line"), ("Multi\nline", "Multi line"), ("Multi\rline", "Multi line"),
        ("Acme \r\n  Retail\n\nInc.", "Acme Retail Inc."), ("\nLeading and trailing\r\n", "Leading and trailing"),
    ])
    func lineBreaksFolded(value: String, expected: String) throws {
        let row = try Fixtures.validate([.organizationName: value])
        #expect(row.account?.organizationName == expected)
        #expect(row.errors.isEmpty)
        if value.trimmingCharacters(in: .whitespacesAndNewlines).contains(where: \.isNewline) {
            #expect(row.warnings.map(\.message) == ["holds a line break; it is read as one line: '\(expected)'"])
        } else {
            #expect(row.warnings.isEmpty)
        }
    }

    @Test("a multi-line quoted name is folded and the rows after it keep their lines")
    func multiLineNameInFile() throws {
        let text = "account_id,organization_name\n123456789012,\"Acme\r\nRetail\"\n223456789012,Next\n"
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.line) == [2, 4])
        #expect(result.accounts.map(\.organizationName) == ["Acme Retail", "Next"])
    }

    @Test("single-token columns refuse a line break, showing it escaped", arguments: [
        (AccountListColumn.products, "eco;\nocean", "'eco;\\nocean' holds a line break; write the list on one line"),
        (.accountID, "123456\r\n789012", "'123456\\r\\n789012' is not an AWS account id"),
        (.curBucket, "my-\nbucket", "'my-\\nbucket' is not a valid S3 bucket name"),
        (.accessRoleARN, "arn:aws:iam::123456789012:role/\nx", "is not an IAM role ARN"),
        (.awsChina, "yes\nno", "'yes\\nno' is not a yes/no value"),
        (.spotProfile, "a\r\nb", "'a\\r\\nb' is not a profile name"),
    ])
    func singleTokenColumnsRefuseLineBreaks(column: AccountListColumn, value: String, fragment: String) throws {
        let row = try Fixtures.validate([column: value])
        #expect(!row.isValid)
        let problem = try #require(row.problems(for: column).first)
        #expect(problem.message.contains(fragment), "\(problem.message)")
        let oneLine = !problem.description.contains { $0.isNewline }
        #expect(oneLine)
    }

    @Test("one bad row never stops the others")
    func badRowsDoNotStopOthers() throws {
        let configuration = Self.configuration(limit: 200, chunkBytes: 16)
        let text = """
            account_id,organization_name,notes
            111111111111,"Evil\u{202E}",x
            222222222222,"Two
            lines",x
            333333333333,\(String(repeating: "n", count: 500)),x
            444444444444,Good,x

            """
        let result = try Fixtures.read(text, configuration: configuration)
        #expect(result.rows.map(\.line) == [2, 3, 5, 6])
        #expect(result.rows.map(\.isValid) == [false, true, false, true])
        #expect(result.accounts.map(\.organizationName) == ["Two lines", "Good"])
    }
}

/// A flag one thread sets and another reads.
private final class Watchdog: Sendable {
    private let flag = Mutex(false)

    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}

extension HostileInputTests {
    @Test("an oversized header field fails the file without promising to read on")
    func oversizedHeaderField() throws {
        var configuration = CSVRecordReader.Configuration()
        configuration.runawayFieldBytes = 100
        configuration.chunkBytes = 16
        let text = "account_id,organization_name,\(String(repeating: "h", count: 300))\n123456789012,Acme,x\n"
        let error = try #require(throws: AccountListFileError.self) {
            try AccountListReader(bytes: Fixtures.bytes(text), file: "accounts.csv", configuration: configuration)
        }
        #expect(error.code == .invalidHeader)
        #expect(error.description == "accounts.csv:1: header row: field 3 is an unquoted value longer than 100 bytes; no column allows anything near that")
    }
}
