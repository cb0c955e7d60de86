import AccountList
import Foundation
import Testing

@Suite("CSVRecordReader")
struct CSVRecordReaderTests {
    // MARK: - Byte order mark and line ends

    @Test("a UTF-8 byte order mark at the start is stripped")
    func byteOrderMarkIsStripped() throws {
        let records = try Fixtures.records("\u{FEFF}account_id,name\n1,x\n")
        #expect(records.count == 2)
        #expect(records[0].fields == ["account_id", "name"])
        #expect(records[0].fields[0].utf8.first == UInt8(ascii: "a"))
        #expect(records[0].line == 1)
        #expect(records[1].line == 2)
    }

    @Test("a byte order mark that does not start the input is kept as text")
    func byteOrderMarkInsideIsKept() throws {
        let records = try Fixtures.records("a,b\n\u{FEFF}c,d\n")
        #expect(records.map(\.fields) == [["a", "b"], ["\u{FEFF}c", "d"]])
        #expect(records[1].invalidUTF8Fields.isEmpty)
    }

    @Test("a byte order mark alone is an empty input")
    func byteOrderMarkAlone() throws {
        #expect(try Fixtures.events([0xEF, 0xBB, 0xBF]).isEmpty)
        #expect(try Fixtures.events([0xEF, 0xBB, 0xBF, 0x0A, 0x0A]).isEmpty)
    }

    @Test("LF, CRLF and mixed line ends read alike", arguments: ["\n", "\r\n"])
    func lineEnds(ending: String) throws {
        let text = ["h1,h2,h3", "a,b,c", "", "d,,f", "g,h,i"].joined(separator: ending) + ending
        let records = try Fixtures.records(text)
        #expect(records.map(\.fields) == [["h1", "h2", "h3"], ["a", "b", "c"], ["d", "", "f"], ["g", "h", "i"]])
        #expect(records.map(\.line) == [1, 2, 4, 5])
        #expect(records.allSatisfy { $0.fields.allSatisfy { !$0.contains("\r") } })
    }

    @Test("LF and CRLF mixed in one file")
    func mixedLineEnds() throws {
        let records = try Fixtures.records("a,b\r\nc,d\ne,f\r\n\r\ng,h\n")
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(records.map(\.line) == [1, 2, 3, 5])
    }

    // MARK: - Quoting

    @Test("quoted fields hold commas, doubled quotes and line breaks")
    func quotedFields() throws {
        let text = "\"Acme, Inc.\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\"\"\n"
        let records = try Fixtures.records(text)
        #expect(records.count == 1)
        #expect(records[0].fields == ["Acme, Inc.", "say \"hi\"", "two\nlines", "\""])
        #expect(records[0].line == 1)
    }

    @Test("a CRLF inside quotes is kept in the field")
    func quotedCRLF() throws {
        let records = try Fixtures.records("\"a\r\nb\",c\r\nd,e\r\n")
        #expect(records.map(\.fields) == [["a\r\nb", "c"], ["d", "e"]])
        #expect(records.map(\.line) == [1, 3])
    }

    @Test("a record spanning lines is reported at the line where it starts")
    func spanningRecordLine() throws {
        let text = """
            h1,h2
            "first
            second
            third",x
            next,1
            "a
            b",2

            last,3

            """
        let records = try Fixtures.records(text)
        #expect(records.map(\.line) == [1, 2, 5, 6, 9])
        #expect(records.map(\.fields) == [
            ["h1", "h2"], ["first\nsecond\nthird", "x"], ["next", "1"], ["a\nb", "2"], ["last", "3"],
        ])
    }

    @Test("a record spanning lines with CRLF line ends")
    func spanningRecordLineCRLF() throws {
        let text = "h\r\n\"x\r\ny\r\nz\"\r\nafter\r\n"
        let records = try Fixtures.records(text)
        #expect(records.map(\.line) == [1, 2, 5])
        #expect(records[1].fields == ["x\r\ny\r\nz"])
    }

    // MARK: - Empty fields, spaces, blank lines

    @Test("empty unquoted (NULL) fields and quoted empty fields are both empty strings")
    func emptyFields() throws {
        let records = try Fixtures.records("a,,\"\"\n,\n\"\",x\n,,\n")
        #expect(records.map(\.fields) == [["a", "", ""], ["", ""], ["", "x"], ["", "", ""]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test("a line holding only a quoted empty field is a record of one empty field")
    func quotedEmptyAlone() throws {
        let records = try Fixtures.records("a\n\"\"\nb\n")
        #expect(records.map(\.fields) == [["a"], [""], ["b"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test("unquoted fields are trimmed, quoted fields keep their spaces")
    func spaces() throws {
        let records = try Fixtures.records("  a  ,\tb\t, \" c \" ,\"  \"\n")
        #expect(records.count == 1)
        #expect(records[0].fields == ["a", "b", " c ", "  "])
    }

    @Test("blank lines are skipped but counted")
    func blankLines() throws {
        let text = "\n\na,b\n\n   \n\t\nc,d\r\n\r\n\ne,f\n\n"
        let records = try Fixtures.records(text)
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"]])
        #expect(records.map(\.line) == [3, 7, 10])
    }

    @Test("a thousand lines are numbered one by one")
    func manyLines() throws {
        let text = (1...1000).map { "row\($0),\($0 % 7 == 0 ? "\"q\nq\"" : "v")" }.joined(separator: "\n") + "\n"
        let records = try Fixtures.records(text)
        #expect(records.count == 1000)
        var expectedLine = 1
        for (index, record) in records.enumerated() {
            #expect(record.line == expectedLine)
            #expect(record.fields[0] == "row\(index + 1)")
            expectedLine += (index + 1) % 7 == 0 ? 2 : 1
        }
    }

    // MARK: - Empty input, end of input

    @Test("an empty input gives no events")
    func emptyInput() throws {
        #expect(try Fixtures.events("").isEmpty)
        #expect(try Fixtures.events("\n\n\r\n").isEmpty)
    }

    @Test("a header-only input gives one record")
    func headerOnly() throws {
        let records = try Fixtures.records("account_id,organization_name\n")
        #expect(records == [CSVRecord(line: 1, fields: ["account_id", "organization_name"])])
    }

    @Test("the last record needs no trailing newline")
    func noTrailingNewline() throws {
        #expect(try Fixtures.records("a,b\nc,d") == [
            CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d"]),
        ])
        #expect(try Fixtures.records("a,b\r\nc,\"d,e\"") == [
            CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d,e"]),
        ])
        #expect(try Fixtures.records("a,b\nc,") == [
            CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", ""]),
        ])
        #expect(try Fixtures.records("only") == [CSVRecord(line: 1, fields: ["only"])])
    }

    @Test("next() keeps returning nil at the end")
    func endIsSticky() throws {
        let reader = CSVRecordReader(bytes: Fixtures.bytes("a\n"))
        #expect(try reader.next()?.record?.fields == ["a"])
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }

    // MARK: - Invalid UTF-8

    @Test("invalid UTF-8 in a field is flagged by index")
    func invalidUTF8() throws {
        var bytes = Fixtures.bytes("ok,")
        bytes += [0x62, 0xFF, 0x63]  // b, invalid byte, c
        bytes += Fixtures.bytes(",fine\nx,")
        bytes += [0xC3]  // a lead byte with no continuation
        bytes += Fixtures.bytes(",\"")
        bytes += [0xE2, 0x28, 0xA1]  // a broken three-byte sequence, quoted
        bytes += Fixtures.bytes("\"\nsociété,日本,😀\n")
        let records = Fixtures.records(try Fixtures.events(bytes))
        #expect(records.count == 3)
        #expect(records[0].invalidUTF8Fields == [1])
        #expect(records[0].fields[0] == "ok")
        #expect(records[0].fields[1].contains("\u{FFFD}"))
        #expect(records[0].fields[1].hasPrefix("b"))
        #expect(records[0].fields[1].hasSuffix("c"))
        #expect(records[0].fields[2] == "fine")
        #expect(records[1].invalidUTF8Fields == [1, 2])
        #expect(records[1].line == 2)
        #expect(records[2].invalidUTF8Fields.isEmpty)
        #expect(records[2].fields == ["société", "日本", "😀"])
        #expect(records.allSatisfy { $0.oversizedFields.isEmpty })
    }

    // MARK: - Oversized fields

    @Test("a field over 4 KiB is flagged and cut, and the next record is still read")
    func oversizedField() throws {
        let long = String(repeating: "x", count: 5000)
        let text = "a,\(long),c\n\"\(long)\"\nnext,1\n"
        let records = try Fixtures.records(text)
        #expect(records.count == 3)
        #expect(records[0].oversizedFields == [1])
        #expect(records[0].fields[1].utf8.count == 4096)
        #expect(records[0].fields[0] == "a")
        #expect(records[0].fields[2] == "c")
        #expect(records[1].oversizedFields == [0])
        #expect(records[1].line == 2)
        #expect(records[2] == CSVRecord(line: 3, fields: ["next", "1"]))
    }

    @Test("a field of exactly the limit is not flagged; one byte more is")
    func oversizedBoundary() throws {
        let exact = String(repeating: "y", count: 4096)
        let records = try Fixtures.records("\(exact)\n\(exact)z\n")
        #expect(records[0].oversizedFields.isEmpty)
        #expect(records[0].fields[0] == exact)
        #expect(records[1].oversizedFields == [0])
        #expect(records[1].fields[0] == exact)
    }

    @Test("the field limit can be configured")
    func configuredFieldLimit() throws {
        var configuration = CSVRecordReader.Configuration()
        configuration.maximumFieldBytes = 8
        let records = try Fixtures.records("12345678,123456789\nok,1\n", configuration: configuration)
        #expect(records[0].oversizedFields == [1])
        #expect(records[0].fields == ["12345678", "12345678"])
        #expect(records[1] == CSVRecord(line: 2, fields: ["ok", "1"]))
    }

    @Test("cutting an oversized field of valid UTF-8 does not make it invalid UTF-8")
    func oversizedMultibyteField() throws {
        // 1 ASCII byte then two-byte characters: a cut at exactly 4096 bytes would split a character.
        let long = "a" + String(repeating: "é", count: 2100)
        let records = try Fixtures.records("\(long),b\nnext\n")
        #expect(records.count == 2)
        #expect(records[0].oversizedFields == [0])
        #expect(records[0].invalidUTF8Fields.isEmpty)
        #expect(records[0].fields[0].utf8.count <= 4096)
        #expect(records[0].fields[0].utf8.count > 4090)
        #expect(long.hasPrefix(records[0].fields[0]))
        #expect(!records[0].fields[0].contains("\u{FFFD}"))
        #expect(records[0].fields[1] == "b")
        #expect(records[1] == CSVRecord(line: 2, fields: ["next"]))
    }

    // MARK: - Syntax errors

    @Test("an unterminated quote at the end of the file is an error at the record's start line")
    func unterminatedQuote() throws {
        let events = try Fixtures.events("h1,h2\na,b\nc,\"open\nmore\nstill open\n")
        #expect(events.count == 3)
        #expect(events[0].record?.line == 1)
        #expect(events[1].record == CSVRecord(line: 2, fields: ["a", "b"]))
        let error = try #require(events[2].syntaxError)
        #expect(error.kind == .unterminatedQuote)
        #expect(error.line == 3)
        #expect(error.lineOfProblem >= 3)
        #expect(error.message.contains("unterminated quoted field"))
    }

    @Test("an unterminated quote without a trailing newline")
    func unterminatedQuoteNoNewline() throws {
        let events = try Fixtures.events("a\n\"b")
        #expect(events.count == 2)
        #expect(events[0].record == CSVRecord(line: 1, fields: ["a"]))
        #expect(events[1].syntaxError?.kind == .unterminatedQuote)
        #expect(events[1].syntaxError?.line == 2)
    }

    @Test("malformed quoting mid-file is an error and the following lines still parse")
    func malformedQuoting() throws {
        let text = "h1,h2\na,b\"c,d\nx,y\n\"q\"r,s\n\n\"ok\",\"fine\"\n"
        let events = try Fixtures.events(text)
        #expect(events.count == 5)
        #expect(events[0].record?.fields == ["h1", "h2"])
        let first = try #require(events[1].syntaxError)
        #expect(first.kind == .malformedQuoting)
        #expect(first.line == 2)
        #expect(first.lineOfProblem == 2)
        #expect(first.message.contains("malformed CSV quoting"))
        #expect(!first.message.contains("(at line"))
        #expect(events[2].record == CSVRecord(line: 3, fields: ["x", "y"]))
        let second = try #require(events[3].syntaxError)
        #expect(second.kind == .malformedQuoting)
        #expect(second.line == 4)
        #expect(events[4].record == CSVRecord(line: 6, fields: ["ok", "fine"]))
    }

    @Test("malformed quoting in a record that spans lines names both lines")
    func malformedSpanningRecord() throws {
        let events = try Fixtures.events("h\n\"a\nb\"c,d\nnext\n")
        #expect(events.count == 3)
        let error = try #require(events[1].syntaxError)
        #expect(error.kind == .malformedQuoting)
        #expect(error.line == 2)
        #expect(error.lineOfProblem == 3)
        #expect(error.message.contains("(at line 3)"))
        #expect(events[2].record == CSVRecord(line: 4, fields: ["next"]))
    }

    @Test("malformed quoting on the last line without a newline")
    func malformedAtEnd() throws {
        let events = try Fixtures.events("a\nb\"c")
        #expect(events.count == 2)
        #expect(events[1].syntaxError == CSVSyntaxError(kind: .malformedQuoting, line: 2, lineOfProblem: 2))
    }

    @Test("malformed quoting on a line longer than a read skips the whole line")
    func malformedLongLine() throws {
        let text = "a,b\"" + String(repeating: "z", count: 300) + ",\"tail\n\"ok\",1\n"
        for chunkBytes in [16, 17, 64, 65_536] {
            let events = try Fixtures.events(text, configuration: Fixtures.configuration(chunkBytes: chunkBytes))
            #expect(events.count == 2, "chunk \(chunkBytes)")
            #expect(events.first?.syntaxError?.line == 1, "chunk \(chunkBytes)")
            #expect(events.last?.record == CSVRecord(line: 2, fields: ["ok", "1"]), "chunk \(chunkBytes)")
        }
    }

    @Test("a quoted field that never closes stops at the runaway limit")
    func runawayField() throws {
        var configuration = CSVRecordReader.Configuration()
        configuration.runawayFieldBytes = 100
        let text = "a\n\"" + String(repeating: "line of text\n", count: 50) + "b\n"
        let events = try Fixtures.events(text, configuration: configuration)
        #expect(events.count == 2)
        #expect(events[0].record == CSVRecord(line: 1, fields: ["a"]))
        let error = try #require(events[1].syntaxError)
        #expect(error.kind == .runawayField)
        #expect(error.line == 2)
        #expect(error.lineOfProblem == 52)
        #expect(error.field == 1)
        #expect(error.message.contains("never closes"))
        #expect(error.message.contains("nothing after line 2 was read"))
    }

    // MARK: - Reads of any size

    /// An input with every feature the reader must keep across read boundaries.
    static let awkwardInput: [UInt8] = {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        bytes += Fixtures.bytes("account_id,organization_name,products\r\n")
        bytes += Fixtures.bytes("111111111111,\"Acme, Inc.\",eco\r\n")
        bytes += Fixtures.bytes("\n\r\n")
        bytes += Fixtures.bytes("222222222222,\"Multi\r\nline \"\"quoted\"\"\nname\",\n")
        bytes += Fixtures.bytes("333333333333,bad\"quote,eco\n")
        bytes += Fixtures.bytes("444444444444,société ")
        bytes += [0xFF, 0xFE]
        bytes += Fixtures.bytes(",\"\"\n")
        bytes += Fixtures.bytes("555555555555,\(String(repeating: "long", count: 1200)),ocean\n")
        bytes += Fixtures.bytes("666666666666,\"after\" junk,eco\n")
        bytes += Fixtures.bytes("   ,  ,  \n")
        bytes += Fixtures.bytes("777777777777,日本語の名前,cloud-analyzer;eco\r\n")
        bytes += Fixtures.bytes("888888888888,\"no newline at end\",\"x\"")
        return bytes
    }()

    @Test("the awkward input reads as expected with the default configuration")
    func awkwardInputDefault() throws {
        let events = try Fixtures.events(Self.awkwardInput)
        #expect(events.count == 10)
        #expect(events.map { $0.record?.line ?? $0.syntaxError?.line ?? -1 } == [1, 2, 5, 8, 9, 10, 11, 12, 13, 14])
        #expect(events[0].record?.fields == ["account_id", "organization_name", "products"])
        #expect(events[2].record?.fields[1] == "Multi\r\nline \"quoted\"\nname")
        #expect(events[3].syntaxError?.kind == .malformedQuoting)
        #expect(events[4].record?.invalidUTF8Fields == [1])
        #expect(events[5].record?.oversizedFields == [1])
        #expect(events[6].syntaxError?.kind == .malformedQuoting)
        #expect(events[7].record?.fields == ["", "", ""])
        #expect(events[8].record?.fields == ["777777777777", "日本語の名前", "cloud-analyzer;eco"])
        #expect(events[9].record?.fields == ["888888888888", "no newline at end", "x"])
    }

    @Test("tiny and odd read sizes give the same events as the default", arguments: [1, 2, 3, 7, 16, 17, 31, 64, 4095, 4097])
    func chunkSizes(chunkBytes: Int) throws {
        let expected = try Fixtures.events(Self.awkwardInput)
        let actual = try Fixtures.events(Self.awkwardInput, configuration: Fixtures.configuration(chunkBytes: chunkBytes))
        #expect(actual == expected)
        let text = try Fixtures.events("h1,h2\n\"x\ny\",1\n\na,b\"c\nlast,\"\"\"q\"\"\"\n\"open\n")
        let chunked = try Fixtures.events(
            "h1,h2\n\"x\ny\",1\n\na,b\"c\nlast,\"\"\"q\"\"\"\n\"open\n",
            configuration: Fixtures.configuration(chunkBytes: chunkBytes))
        #expect(chunked == text)
        #expect(chunked.map { $0.record?.line ?? $0.syntaxError?.line ?? -1 } == [1, 2, 5, 6, 7])
    }

    // MARK: - Files

    @Test("reading a file gives the same events as reading its bytes", arguments: [7, 65_536])
    func fileMatchesMemory(chunkBytes: Int) throws {
        let configuration = Fixtures.configuration(chunkBytes: chunkBytes)
        let expected = try Fixtures.events(Self.awkwardInput)
        let actual = try Fixtures.withTemporaryFile(Self.awkwardInput) { path in
            let reader = try CSVRecordReader(path: path, configuration: configuration)
            var events: [CSVRecordReader.Event] = []
            while let event = try reader.next() { events.append(event) }
            return events
        }
        #expect(actual == expected)
    }

    @Test("a path that does not exist throws .missing")
    func missingFile() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.removeFolder(folder) }
        let path = folder.appendingPathComponent("nope.csv").path
        let error = try #require(throws: AccountListFileError.self) { try CSVRecordReader(path: path) }
        #expect(error.code == .missing)
        #expect(error.path == path)
        #expect(!error.isContentError)
        #expect(error.description == "\(path): no such file")
        #expect(error.shortDescription == "account list missing")
    }

    @Test("a path through a file (not a folder) throws .missing")
    func pathThroughFile() throws {
        try Fixtures.withTemporaryFile(Fixtures.bytes("a\n")) { path in
            let error = try #require(throws: AccountListFileError.self) { try CSVRecordReader(path: path + "/inner.csv") }
            #expect(error.code == .missing)
        }
    }

    @Test("a folder throws .isFolder")
    func folder() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { Fixtures.removeFolder(folder) }
        let error = try #require(throws: AccountListFileError.self) { try CSVRecordReader(path: folder.path) }
        #expect(error.code == .isFolder)
        #expect(error.path == folder.path)
        #expect(!error.isContentError)
        #expect(error.description.hasPrefix(folder.path + ": "))
        #expect(error.description.contains("folder"))
    }
}
