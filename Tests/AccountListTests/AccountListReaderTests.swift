import AccountList
import Foundation
import Testing

@Suite("AccountListReader")
struct AccountListReaderTests {
    // MARK: - Header

    @Test("headers are matched case-insensitively after trimming")
    func headerCaseAndSpaces() throws {
        let text = "\" Account_ID \",  ORGANIZATION_NAME  ,\"Products\t\"\n012345678901,Acme,Eco\n"
        let result = try Fixtures.read(text)
        #expect(result.headerProblems.isEmpty)
        #expect(result.columns == [.accountID, .organizationName, .products])
        #expect(result.rows.count == 1)
        let account = try #require(result.rows[0].account)
        #expect(account.accountID == "012345678901")
        #expect(account.organizationName == "Acme")
        #expect(account.products == [.eco])
    }

    @Test("columns may come in any order")
    func columnOrder() throws {
        let text = "products,organization_name,aws_china,account_id\nocean,Acme,yes,123456789012\n"
        let result = try Fixtures.read(text)
        #expect(result.columns == [.products, .organizationName, .awsChina, .accountID])
        let account = try #require(result.rows.first?.account)
        #expect(account.accountID == "123456789012")
        #expect(account.products == [.ocean])
        #expect(account.isChina)
    }

    @Test("an unknown column is a warning and its values are ignored")
    func unknownColumn() throws {
        let text = "account_id,Region,organization_name,notes\n123456789012,\"not, a region\",Acme,\"anything \"\"quoted\"\"\"\n"
        let result = try Fixtures.read(text)
        #expect(result.columns == [.accountID, .organizationName])
        #expect(result.headerProblems.count == 2)
        let region = result.headerProblems[0]
        #expect(region.severity == .warning)
        #expect(region.line == 1)
        #expect(region.column == "Region")
        #expect(region.file == "accounts.csv")
        #expect(region.message.contains("unknown column 'Region' is ignored"))
        #expect(region.message.contains("account_id, organization_name, aws_china"))
        #expect(region.description.hasPrefix("accounts.csv:1: warning: Region: unknown column 'Region'"))
        #expect(result.headerProblems[1].column == "notes")
        #expect(result.rows.count == 1)
        #expect(result.rows[0].isValid)
        #expect(result.rows[0].problems.isEmpty)
    }

    @Test("an empty header field is a warning without a column")
    func emptyHeaderField() throws {
        let result = try Fixtures.read("account_id,,organization_name\n123456789012,x,Acme\n")
        #expect(result.headerProblems.count == 1)
        let problem = result.headerProblems[0]
        #expect(problem.severity == .warning)
        #expect(problem.column == nil)
        #expect(problem.message.contains("field 2 has an empty header"))
        #expect(problem.description.hasPrefix("accounts.csv:1: warning: field 2 has an empty header"))
        #expect(result.rows.first?.isValid == true)
    }

    @Test("a missing required column fails the whole file, naming the column",
          arguments: [
            ("organization_name,products\nAcme,eco\n", ["account_id"]),
            ("account_id,products\n123456789012,eco\n", ["organization_name"]),
            ("aws_china,products\nno,eco\n", ["account_id", "organization_name"]),
          ])
    func missingRequiredColumn(text: String, missing: [String]) throws {
        let error = try #require(Fixtures.fileError(text))
        #expect(error.code == .invalidHeader)
        #expect(error.isContentError)
        #expect(error.problems.map(\.column) == missing)
        #expect(error.problems.allSatisfy { $0.severity == .error && $0.line == 1 && $0.file == "accounts.csv" })
        for column in missing {
            #expect(error.description.contains("accounts.csv:1: \(column): required column is missing from the header"))
            #expect(error.detail.contains("required column is missing"))
        }
    }

    @Test("a repeated column fails the whole file", arguments: [
        "account_id,organization_name,Account_ID\n",
        "account_id,organization_name, account_id \n",
    ])
    func repeatedColumn(text: String) throws {
        let error = try #require(Fixtures.fileError(text + "123456789012,Acme,123456789012\n"))
        #expect(error.code == .invalidHeader)
        #expect(error.problems.count == 1)
        #expect(error.problems[0].column == "account_id")
        #expect(error.problems[0].line == 1)
        #expect(error.description == "accounts.csv:1: account_id: appears twice in the header (fields 1 and 3); keep one")
    }

    @Test("a repeated optional column fails the whole file too")
    func repeatedOptionalColumn() throws {
        let error = try #require(Fixtures.fileError("account_id,products,organization_name,PRODUCTS\n"))
        #expect(error.code == .invalidHeader)
        #expect(error.problems.map(\.column) == ["products"])
        #expect(error.problems[0].message.contains("(fields 2 and 4)"))
    }

    @Test("a header that does not parse fails the whole file")
    func unparsableHeader() throws {
        let error = try #require(Fixtures.fileError("account_id,organ\"ization_name\n123456789012,Acme\n"))
        #expect(error.code == .invalidHeader)
        #expect(error.problems.count == 1)
        #expect(error.problems[0].line == 1)
        #expect(error.problems[0].column == nil)
        #expect(error.description.hasPrefix("accounts.csv:1: header row: malformed CSV quoting"))
    }

    @Test("a header with invalid UTF-8 fails the whole file")
    func invalidUTF8Header() throws {
        var bytes = Fixtures.bytes("account_id,organization_name,pro")
        bytes += [0xFF]
        bytes += Fixtures.bytes("ducts\n123456789012,Acme,eco\n")
        let error = try #require(Fixtures.fileError(bytes: bytes))
        #expect(error.code == .invalidHeader)
        #expect(error.problems.count == 1)
        #expect(error.problems[0].message.contains("header field 3 is not valid UTF-8"))
    }

    @Test("an empty file (or one of blank lines only) is .empty", arguments: [
        [UInt8](), Array("\n\n\r\n   \n".utf8), [0xEF, 0xBB, 0xBF], Array(",,,\n, ,\n".utf8),
    ])
    func emptyFile(bytes: [UInt8]) throws {
        let error = try #require(Fixtures.fileError(bytes: bytes))
        #expect(error.code == .empty)
        #expect(error.isContentError)
        #expect(error.shortDescription == "account list empty")
        #expect(error.description.hasPrefix("accounts.csv:1: the file is empty"))
    }

    @Test("a header-only file has no rows and no problems", arguments: ["\n", "\r\n", "", "\n\n\n"])
    func headerOnly(ending: String) throws {
        let result = try Fixtures.read(Fixtures.fullHeader + ending)
        #expect(result.rows.isEmpty)
        #expect(result.headerProblems.isEmpty)
        #expect(result.headerLine == 1)
        #expect(result.columns == AccountListColumn.allCases)
    }

    @Test("a byte order mark before the header is ignored")
    func byteOrderMark() throws {
        let result = try Fixtures.read(bytes: [0xEF, 0xBB, 0xBF] + Fixtures.bytes("account_id,organization_name\r\n123456789012,Acme\r\n"))
        #expect(result.headerProblems.isEmpty)
        #expect(result.columns == [.accountID, .organizationName])
        #expect(result.rows.count == 1)
        #expect(result.rows[0].isValid)
        #expect(result.rows[0].line == 2)
    }

    @Test("blank lines before the header move its line and the rows' lines")
    func headerAfterBlankLines() throws {
        let result = try Fixtures.read("\n\r\naccount_id,organization_name\n\n123456789012,Acme\n")
        #expect(result.headerLine == 3)
        #expect(result.rows.map(\.line) == [5])
        #expect(result.rows[0].account?.line == 5)
    }

    // MARK: - Row shapes

    @Test("rows with too few or too many fields are errors with both counts")
    func fieldCounts() throws {
        let text = """
            account_id,organization_name,products
            123456789012,Acme
            223456789012,Acme,eco,extra
            323456789012,"Acme, Inc",eco
            423456789012,Acme, Inc,eco

            """
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.line) == [2, 3, 4, 5])
        #expect(result.rows.map(\.isValid) == [false, false, true, false])
        let few = result.rows[0].problems
        #expect(few.count == 1)
        #expect(few[0].column == nil)
        #expect(few[0].description == "accounts.csv:2: row has 2 fields but the header has 3 (too few); quote values that contain commas")
        #expect(result.rows[1].problems.map(\.description) == [
            "accounts.csv:3: row has 4 fields but the header has 3 (too many); quote values that contain commas",
        ])
        #expect(result.rows[3].problems.first?.message.contains("row has 4 fields but the header has 3 (too many)") == true)
    }

    @Test("blank rows, including rows of empty fields, are skipped")
    func blankRows() throws {
        let text = "account_id,organization_name,products\n\n,,\n  ,  , \n\"\",\"\",\"\"\n123456789012,Acme,\n"
        let result = try Fixtures.read(text)
        #expect(result.rows.count == 1)
        #expect(result.rows[0].line == 6)
        #expect(result.rows[0].isValid)
    }

    @Test("quoted values are trimmed like unquoted ones")
    func quotedValuesTrimmed() throws {
        let row = try Fixtures.validate([.accountID: " 012345678901 ", .organizationName: "\tAcme Corp  ", .awsChina: " yes "])
        let account = try #require(row.account)
        #expect(account.accountID == "012345678901")
        #expect(account.organizationName == "Acme Corp")
        #expect(account.isChina)
    }

    @Test("a CSV syntax error becomes an invalid row at its start line; later rows are read")
    func syntaxErrorRow() throws {
        let text = """
            account_id,organization_name
            123456789012,Acme
            223456789012,Stray "quote" Corp
            323456789012,"Multi
            line" name
            423456789012,"Fine, Inc."

            """
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.line) == [2, 3, 4, 6])
        #expect(result.rows.map(\.isValid) == [true, false, false, true])
        let stray = result.rows[1].problems
        #expect(stray.count == 1)
        #expect(stray[0].column == nil)
        #expect(stray[0].severity == .error)
        #expect(stray[0].description.hasPrefix("accounts.csv:3: malformed CSV quoting: "))
        let multi = result.rows[2].problems
        #expect(multi.count == 1)
        #expect(multi[0].description.hasPrefix("accounts.csv:4: malformed CSV quoting (at line 5)"))
        #expect(result.rows[3].account?.organizationName == "Fine, Inc.")
    }

    @Test("an unterminated quote at the end is an error at the row's start line")
    func unterminatedQuoteRow() throws {
        let result = try Fixtures.read("account_id,organization_name\n123456789012,Acme\n223456789012,\"Open\nname\n")
        #expect(result.rows.count == 2)
        #expect(result.rows[0].isValid)
        #expect(!result.rows[1].isValid)
        #expect(result.rows[1].line == 3)
        #expect(result.rows[1].problems.map(\.line) == [3])
        #expect(result.rows[1].problems[0].description.hasPrefix("accounts.csv:3: unterminated quoted field at end of file"))
    }

    @Test("invalid UTF-8 in a known column is an error; in an unknown column it is ignored")
    func invalidUTF8Row() throws {
        var bytes = Fixtures.bytes("account_id,organization_name,notes\n123456789012,Soci")
        bytes += [0xE9]  // Latin-1 é
        bytes += Fixtures.bytes("t\u{E9},x\n223456789012,Acme,n")
        bytes += [0xE9]
        bytes += Fixtures.bytes("\n")
        let result = try Fixtures.read(bytes: bytes)
        #expect(result.rows.count == 2)
        #expect(!result.rows[0].isValid)
        #expect(result.rows[0].problems.map(\.description) == [
            "accounts.csv:2: organization_name: is not valid UTF-8; save the file as UTF-8",
        ])
        #expect(result.rows[1].isValid)
        #expect(result.rows[1].problems.isEmpty)
    }

    @Test("a field over 4 KiB is an error for its row; the next row is valid")
    func oversizedFieldRow() throws {
        let long = String(repeating: "n", count: 5000)
        let text = "account_id,organization_name,notes\n123456789012,\(long),x\n223456789012,Acme,\(long)\n323456789012,Next,\n"
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.line) == [2, 3, 4])
        #expect(result.rows.map(\.isValid) == [false, true, true])
        #expect(result.rows[0].problems.map(\.description) == [
            "accounts.csv:2: organization_name: is longer than 4096 bytes; no column allows that much",
        ])
        #expect(result.rows[2].account?.organizationName == "Next")
    }

    @Test("a quoted field past the hard limit that does close is one error, and the next rows are read")
    func runawayFieldRow() throws {
        var configuration = CSVRecordReader.Configuration()
        configuration.runawayFieldBytes = 50
        let text = "account_id,organization_name\n123456789012,\"" + String(repeating: "x\n", count: 100) + "\"\n223456789012,B\n"
        let reader = try AccountListReader(bytes: Fixtures.bytes(text), file: "accounts.csv", configuration: configuration)
        let result = try Fixtures.collect(reader)
        #expect(result.rows.map(\.line) == [2, 103])
        #expect(!result.rows[0].isValid)
        #expect(result.rows[0].problems.map(\.description) == [
            "accounts.csv:2: organization_name: field 2 is a quoted value longer than 50 bytes running from line 2 to line 102, where its quote closes; no column allows anything near that; if the value was not meant to span lines, its closing quote is missing on line 2; the row is skipped and reading goes on after line 102",
        ])
        #expect(result.rows[1].account?.organizationName == "B")
        #expect(try reader.next() == nil)
    }

    @Test("a quoted field that never closes ends the file with one error at the row's start line")
    func unclosedQuoteRow() throws {
        var configuration = CSVRecordReader.Configuration()
        configuration.runawayFieldBytes = 50
        let text = "account_id,organization_name\n123456789012,\"" + String(repeating: "x\n", count: 100) + "223456789012,B\n"
        let reader = try AccountListReader(bytes: Fixtures.bytes(text), file: "accounts.csv", configuration: configuration)
        let result = try Fixtures.collect(reader)
        #expect(result.rows.count == 1)
        #expect(result.rows[0].line == 2)
        #expect(result.rows[0].problems.first?.description.hasPrefix(
            "accounts.csv:2: organization_name: field 2 opens a quote that never closes: past 50 bytes it runs on to the end of the file (line 102), so nothing after line 2 was read") == true)
        #expect(try reader.next() == nil)
    }

    @Test("a header that does not parse is located at its own start line")
    func unparsableHeaderAfterBlankLines() throws {
        let error = try #require(Fixtures.fileError("\n\naccount_id,\"org\nanization\"x\n"))
        #expect(error.code == .invalidHeader)
        #expect(error.problems.map(\.line) == [3])
        #expect(error.description.hasPrefix("accounts.csv:3: header row: malformed CSV quoting (at line 4)"))
    }

    @Test("a trailing comma in the header is a warning, and rows without it have too few fields")
    func trailingCommaInHeader() throws {
        let result = try Fixtures.read("account_id,organization_name,\n123456789012,Acme,\n223456789012,Acme\n")
        #expect(result.headerProblems.map(\.severity) == [.warning])
        #expect(result.headerProblems[0].message.contains("field 3 has an empty header"))
        #expect(result.rows.map(\.isValid) == [true, false])
        #expect(result.rows[1].problems.first?.message.contains("row has 2 fields but the header has 3 (too few)") == true)
    }

    @Test("a problem's description stays on one line even when the value holds line breaks")
    func oneLineDescriptions() throws {
        let row = try Fixtures.validate([.curBucket: "a\nb", .accountID: "12\r\n34"])
        #expect(row.errors.count == 2)
        for problem in row.problems {
            #expect(!problem.description.contains(where: { $0.isNewline }), "\(problem.description.debugDescription)")
        }
        #expect(row.problems.contains { $0.description.contains("'12\\r\\n34'") })
    }

    @Test("an oversized name of multi-byte characters is too long, not invalid UTF-8")
    func oversizedMultibyteRow() throws {
        let long = String(repeating: "日", count: 1500)  // 4500 bytes
        let result = try Fixtures.read("account_id,organization_name\n123456789012,\(long)\n223456789012,Next\n")
        #expect(result.rows.map(\.isValid) == [false, true])
        #expect(result.rows[0].problems.map(\.description) == [
            "accounts.csv:2: organization_name: is longer than 4096 bytes; no column allows that much",
        ])
    }

    // MARK: - Duplicates

    @Test("a repeated account_id names the line of its first occurrence")
    func duplicateAccount() throws {
        let text = """
            account_id,organization_name
            012345678901,First

            123456789012,Other
            012345678901,Second
            " 012345678901",Third

            """
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.line) == [2, 4, 5, 6])
        #expect(result.rows.map(\.isValid) == [true, true, false, false])
        #expect(result.rows[2].problems.map(\.description) == [
            "accounts.csv:5: account_id: 012345678901 repeats the row at line 2; each payer account may appear once",
        ])
        #expect(result.rows[3].problems.first?.message.contains("repeats the row at line 2") == true)
    }

    @Test("a repeated account_id is reported along with the row's other errors, first")
    func duplicateWithOtherErrors() throws {
        let text = "account_id,organization_name,cur_bucket\n111111111111,A,\n111111111111,,Bad_Bucket\n"
        let result = try Fixtures.read(text)
        let problems = result.rows[1].problems
        #expect(problems.map(\.column) == ["account_id", "organization_name", "cur_bucket"])
        #expect(problems[0].message.contains("repeats the row at line 2"))
    }

    @Test("a repeat of a row that failed on another column still names that row")
    func duplicateOfInvalidRow() throws {
        let text = "account_id,organization_name,cur_bucket\n111111111111,A,Bad_Bucket\n111111111111,B,\n"
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.isValid) == [false, false])
        #expect(result.rows[1].problems.map(\.message) == [
            "111111111111 repeats the row at line 2; each payer account may appear once",
        ])
    }

    @Test("account ids that differ only in leading zeros are different accounts")
    func leadingZerosDistinguish() throws {
        let text = "account_id,organization_name\n012345678901,A\n001234567890,B\n000000000000,C\n100000000000,D\n"
        let result = try Fixtures.read(text)
        #expect(result.rows.allSatisfy { $0.isValid })
        #expect(result.accounts.map(\.accountID) == ["012345678901", "001234567890", "000000000000", "100000000000"])
    }

    @Test("a repeated all-zero account id is caught too, with its zeros")
    func duplicateAllZeros() throws {
        let text = "account_id,organization_name\n000000000000,A\n000000000001,B\n000000000000,C\n"
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.isValid) == [true, true, false])
        #expect(result.rows[2].problems.map(\.message) == [
            "000000000000 repeats the row at line 2; each payer account may appear once",
        ])
    }

    /// A mixed account list of `count` rows: valid rows, bad rows, syntax errors, blank lines
    /// and repeats far apart.
    static func mixedList(count: Int) -> String {
        var text = Fixtures.fullHeader + "\n"
        for index in 1...count {
            let id = String(100_000_000_000 + (index % 997 == 0 ? index / 3 : index))
            switch index % 11 {
            case 0: text += "\(id),\"Broken \"quote,,,,,,,,,,,\n"
            case 1: text += "\n"
            case 2: text += "\(id),\"Multi\nline\",,,,,,Bad_Bucket,,,,,\n"
            case 3: text += "\(id),Too few\n"
            default: text += "\(id),Customer \(index),no,,,,eco;ocean,,,,,,yes\n"
            }
        }
        return text
    }

    @Test("checking in parallel gives the same rows as checking in line", arguments: [1, 7, 1024])
    func parallelMatchesSerial(batchSize: Int) throws {
        let bytes = Fixtures.bytes(Self.mixedList(count: 5000))
        let serial = try Fixtures.read(bytes: bytes)
        var options = AccountListReader.Options(checksInParallel: true)
        options.batchSize = batchSize
        let parallel = try Fixtures.collect(try AccountListReader(bytes: bytes, file: "accounts.csv", options: options))
        var inLine = AccountListReader.Options()
        inLine.batchSize = batchSize
        let serialBatched = try Fixtures.collect(try AccountListReader(bytes: bytes, file: "accounts.csv", options: inLine))
        #expect(parallel.rows == serial.rows)
        #expect(serialBatched.rows == serial.rows)
        #expect(serial.rows.count == 5000 - 5000 / 11 - (5000 % 11 >= 1 ? 1 : 0))
        #expect(serial.rows.contains { $0.problems.contains { $0.message.contains("repeats the row at line") } })
        #expect(serial.validRows.count > 3000)
    }

    // MARK: - Good and bad rows together

    @Test("a row with several errors reports all of them")
    func severalErrors() throws {
        let row = try Fixtures.validate([
            .accountID: "12345", .organizationName: "", .awsChina: "maybe", .products: "eco;spot",
            .curBucket: "UPPER", .spotAccountID: "act-XYZ", .billingAccessConfirmed: "sure",
        ])
        #expect(!row.isValid)
        #expect(row.errors.count == 7)
        #expect(row.problems.compactMap(\.column) == [
            "account_id", "organization_name", "aws_china", "products", "cur_bucket", "spot_account_id",
            "billing_access_confirmed",
        ])
        #expect(row.problems.allSatisfy { $0.line == 2 && $0.file == "accounts.csv" })
    }

    @Test("valid rows after bad rows still come out valid")
    func goodAfterBad() throws {
        let text = """
            account_id,organization_name,products,cur_bucket
            1,Bad Id,,
            "223456789012",Bad Quote"s,,
            323456789012,Too,Many,Fields,Here
            423456789012,Bad Bucket,,Nope_
            523456789012,Good One,eco;ocean,
            623456789012,"Good, Two",,good-two-bucket

            """
        let result = try Fixtures.read(text)
        #expect(result.rows.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(result.rows.map(\.isValid) == [false, false, false, false, true, true])
        #expect(result.accounts.map(\.accountID) == ["523456789012", "623456789012"])
        #expect(result.accounts.map(\.line) == [6, 7])
        #expect(result.accounts[1].costAndUsageReport.bucket == "good-two-bucket")
        #expect(result.accounts[0].products == [.eco, .ocean])
    }

    @Test("warnings leave a row valid")
    func warningsKeepRowValid() throws {
        let row = try Fixtures.validate([.products: "eco;eco"])
        #expect(row.isValid)
        #expect(row.errors.isEmpty)
        #expect(row.warnings.map(\.description) == ["accounts.csv:2: warning: products: 'eco' is listed twice"])
    }

    @Test("the chunk size does not change the rows", arguments: [1, 7, 16, 33])
    func chunkSizesForRows(chunkBytes: Int) throws {
        let text = """
            \u{FEFF}account_id,organization_name,products,Notes\r
            111111111111,"Acme, Inc.",eco;ocean,"multi\r
            line note"\r
            \r
            222222222222,Bad"Quote,eco,\r
            333333333333,Third,,\r
            111111111111,Repeat,,x
            """
        let expected = try Fixtures.read(text)
        let actual = try Fixtures.read(text, configuration: Fixtures.configuration(chunkBytes: chunkBytes))
        #expect(actual.rows == expected.rows)
        #expect(actual.headerProblems == expected.headerProblems)
        #expect(actual.rows.map(\.line) == [2, 5, 6, 7])
        #expect(actual.rows.map(\.isValid) == [true, false, true, false])
        #expect(actual.rows[3].problems.first?.message.contains("repeats the row at line 2") == true)
    }

    // MARK: - Files

    @Test("reading from a path names the file by its display name")
    func displayName() throws {
        let bytes = Fixtures.bytes("account_id,organization_name,extra\n1234,Acme,\n")
        try Fixtures.withTemporaryFile(bytes) { path in
            let named = try AccountListReader(path: path, displayName: "batch.csv")
            #expect(named.file == "batch.csv")
            let namedResult = try Fixtures.collect(named)
            #expect(namedResult.headerProblems.first?.description.hasPrefix("batch.csv:1: warning: extra: ") == true)
            #expect(namedResult.rows.first?.problems.first?.description.hasPrefix("batch.csv:2: account_id: '1234' has 4 digits") == true)

            let plain = try AccountListReader(path: path)
            #expect(plain.file == path)
            let plainResult = try Fixtures.collect(plain)
            #expect(plainResult.rows.first?.problems.first?.description.hasPrefix("\(path):2: account_id: ") == true)
        }
    }

    @Test("a missing path throws .missing; a folder throws .isFolder")
    func missingAndFolder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.removeFolder(folder) }
        let missingPath = folder.appendingPathComponent("absent.csv").path
        let missing = try #require(throws: AccountListFileError.self) { try AccountListReader(path: missingPath) }
        #expect(missing.code == .missing)
        #expect(missing.path == missingPath)
        #expect(!missing.isContentError)
        let isFolder = try #require(throws: AccountListFileError.self) { try AccountListReader(path: folder.path) }
        #expect(isFolder.code == .isFolder)
        #expect(!isFolder.isContentError)
    }

    @Test("an empty file on disk is .empty")
    func emptyFileOnDisk() throws {
        try Fixtures.withTemporaryFile([]) { path in
            let error = try #require(throws: AccountListFileError.self) { try AccountListReader(path: path, displayName: "x.csv") }
            #expect(error.code == .empty)
            #expect(error.description.hasPrefix("x.csv:1: the file is empty"))
        }
    }

    // MARK: - The example files

    /// The repository's root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Inputs/accounts.example.csv: all 15 rows valid, no problems")
    func validExample() throws {
        let path = Self.repositoryRoot.appendingPathComponent("Inputs/accounts.example.csv").path
        let reader = try AccountListReader(path: path)
        let result = try Fixtures.collect(reader)
        #expect(result.headerProblems.isEmpty)
        #expect(result.columns == AccountListColumn.allCases)
        #expect(result.rows.count == 15)
        #expect(result.rows.allSatisfy { $0.isValid })
        #expect(result.allProblems.isEmpty, "\(result.allProblems.map(\.description))")
        #expect(result.rows.map(\.line) == Array(2...16))
        let byID = Dictionary(uniqueKeysWithValues: result.accounts.map { ($0.accountID, $0) })
        #expect(byID.count == 15)
        // Quoted names with commas and doubled quotes.
        #expect(byID["111111111111"]?.organizationName == "Acme Retail, Inc.")
        #expect(byID["555555555555"]?.organizationName == "Stark Industries \"Energy\" Division")
        // Leading zeros kept.
        #expect(byID["012345678901"]?.organizationName == "Tyrell Corporation")
        // The China row.
        #expect(byID["888888888888"]?.isChina == true)
        #expect(result.accounts.filter(\.isChina).count == 1)
        // A row relying on defaults.
        let hooli = try #require(byID["777777777777"])
        #expect(hooli.products == [.cloudAnalyzer])
        #expect(hooli.costAndUsageReport == PayerAccount.ReportRequest(
            bucket: "spot-cur-777777777777", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: false))
        #expect(hooli.login == .assumeRole(roleARN: nil, externalID: nil))
        // A row naming everything.
        let initech = try #require(byID["333333333333"])
        #expect(initech.login == .assumeRole(
            roleARN: "arn:aws:iam::333333333333:role/OrganizationAccountAccessRole", externalID: "initech-ext-7731"))
        #expect(initech.costAndUsageReport == PayerAccount.ReportRequest(
            bucket: "initech-billing-cur", reportName: "initech-hourly", prefix: "billing/cur", isNamedInRow: true))
        #expect(initech.products == [.cloudAnalyzer, .elastigroup])
        #expect(byID["555555555555"]?.products == [.cloudAnalyzer, .eco, .ocean])
        #expect(byID["555555555555"]?.spotProfile == "partner-b")
        #expect(byID["666666666666"]?.spotAccountID == "act-1a2b3c4d")
        #expect(byID["444444444444"]?.billingAccessConfirmed == false)
    }

    @Test("Inputs/accounts.invalid.example.csv: only the first row is valid")
    func invalidExample() throws {
        let path = Self.repositoryRoot.appendingPathComponent("Inputs/accounts.invalid.example.csv").path
        let result = try Fixtures.collect(try AccountListReader(path: path, displayName: "invalid.csv"))
        #expect(result.rows.count > 1)
        #expect(result.rows.first?.isValid == true)
        for row in result.rows.dropFirst() {
            #expect(!row.isValid, "line \(row.line)")
            #expect(!row.errors.isEmpty, "line \(row.line)")
            #expect(row.errors.allSatisfy { $0.description.hasPrefix("invalid.csv:\(row.line): ") }, "line \(row.line)")
        }
    }
}
