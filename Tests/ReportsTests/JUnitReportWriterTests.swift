import Foundation
import Onboarding
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Reports

/// The parts of a JUnit document the tests look at, as XMLParser reads them.
private final class JUnitDocument: NSObject, XMLParserDelegate {
    struct TestCase {
        var attributes: [String: String]
        var failure: (attributes: [String: String], text: String)?
        var skipped: [String: String]?
        var systemOut: String?
    }

    var suites: [[String: String]] = []
    var cases: [TestCase] = []
    private var text = ""

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        text = ""
        switch elementName {
        case "testsuite": suites.append(attributes)
        case "testcase": cases.append(TestCase(attributes: attributes))
        case "failure": cases[cases.count - 1].failure = (attributes, "")
        case "skipped": cases[cases.count - 1].skipped = attributes
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        switch elementName {
        case "failure": cases[cases.count - 1].failure?.text = text
        case "system-out": cases[cases.count - 1].systemOut = text
        default: break
        }
    }

    static func parse(_ xml: String) throws -> JUnitDocument {
        let document = JUnitDocument()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = document
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return document
    }
}

@Suite("JUnit reports")
struct JUnitReportWriterTests {
    private func summary(_ results: [AccountResult]) -> BatchSummary {
        BatchSummary(
            runID: "run-x", accountList: "payers.csv", started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(61.5), results: results)
    }

    @Test func oneSuiteWithACasePerAccountAndTheRightCounts() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        var quiet = ReportFixtures.connected("444444444444", organization: "")
        quiet.manualPrerequisites = []
        try JUnitReportWriter(folder: run.folder).write(
            summary([ReportFixtures.connected(), ReportFixtures.failed(), ReportFixtures.notStarted(), quiet]))
        #expect(try run.mode("junit.xml") == 0o600)
        let document = try JUnitDocument.parse(try run.text("junit.xml"))
        #expect(document.suites.count == 1)
        let suite = try #require(document.suites.first)
        #expect(suite["name"] == "onboard")
        #expect(suite["tests"] == "4")
        #expect(suite["failures"] == "1")
        #expect(suite["skipped"] == "1")
        #expect(suite["time"] == "61.500")
        #expect(document.cases.count == 4)
        #expect(document.cases.map { $0.attributes["name"] } == ["111111111111", "222222222222", "333333333333", "444444444444"])
        #expect(document.cases.map { $0.attributes["classname"] } == [
            "onboard.Acme | Co", "onboard.Globex", "onboard.Initech", "onboard.444444444444",
        ])
        #expect(document.cases[0].attributes["time"] == "20.000")

        let connected = document.cases[0]
        #expect(connected.failure == nil && connected.skipped == nil)
        #expect(connected.systemOut == "Manual prerequisites:\n- Activate IAM user and role access to the Billing console")

        let failed = try #require(document.cases[1].failure)
        #expect(failed.attributes["message"] == "cur: AccessDenied")
        #expect(failed.attributes["type"] == "AccessDenied")
        #expect(failed.text.hasPrefix("User is not authorized to perform cur:PutReportDefinition"))
        #expect(failed.text.contains("This needs a person first."))

        #expect(document.cases[2].skipped?["message"] == "not started: stopped by --max-failures 1")
        #expect(document.cases[2].failure == nil)
        #expect(document.cases[3].failure == nil && document.cases[3].skipped == nil && document.cases[3].systemOut == nil)
    }

    @Test func markupIsEscapedAndIllegalCharactersAreDropped() throws {
        let nasty = "<script>&\"quoted\" 'single'</script>"
        let result = ReportFixtures.failed(
            organization: "R&D <\"Labs\">", code: "Bad<&\">Code",
            message: "line <1> & \"two\"\u{0}\u{1}\u{B}\u{1F}\u{FFFE} \(nasty)\nnext\tline", rerunMayFix: true)
        let xml = JUnitReportWriter.xml(summary([result]))
        #expect(!xml.contains("\u{0}") && !xml.contains("\u{1}") && !xml.contains("\u{FFFE}"))
        let document = try JUnitDocument.parse(xml)
        let testCase = try #require(document.cases.first)
        #expect(testCase.attributes["classname"] == "onboard.R&D <\"Labs\">")
        let failure = try #require(testCase.failure)
        #expect(failure.attributes["type"] == "Bad<&\">Code")
        #expect(failure.attributes["message"] == "cur: Bad<&\">Code")
        #expect(failure.text.hasPrefix("line <1> & \"two\" \(nasty)\nnext\tline"))
        #expect(failure.text.hasSuffix("A re-run may fix this."))
    }

    @Test func attributesKeepLineBreaks() throws {
        let result = ReportFixtures.notStarted(organization: "Two\nlines")
        let document = try JUnitDocument.parse(JUnitReportWriter.xml(summary([result])))
        #expect(document.cases.first?.attributes["classname"] == "onboard.Two\nlines")
    }

    @Test func escapingCoversTheFiveMarkupCharacters() {
        #expect(XMLText.escape("&<>\"'") == "&amp;&lt;&gt;&quot;&apos;")
        #expect(XMLText.escape("a\u{8}b\u{C}c\u{FFFF}d\u{10000}") == "abcd\u{10000}")
        #expect(XMLText.escape("a\tb\nc\rd", attribute: true) == "a&#9;b&#10;c&#13;d")
        #expect(XMLText.escape("a\tb\nc") == "a\tb\nc")
    }

    @Test func interruptedAccountsAndInvalidRowsAreFailures() throws {
        let summary = BatchSummary(
            runID: "run-x", accountList: "payers.csv", started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(61.5),
            results: [ReportFixtures.connected(), ReportFixtures.failed(), ReportFixtures.interrupted(), ReportFixtures.notStarted()],
            invalidRows: ReportFixtures.invalidRows)
        let document = try JUnitDocument.parse(JUnitReportWriter.xml(summary))
        let suite = try #require(document.suites.first)
        #expect(suite["tests"] == "6")
        #expect(suite["failures"] == "4")
        #expect(suite["skipped"] == "1")
        #expect(document.cases.map { $0.attributes["name"] } == [
            "111111111111", "222222222222", "555555555555", "333333333333", "payers.csv:7", "payers.csv:9",
        ])

        let interrupted = try #require(document.cases[2].failure)
        #expect(interrupted.attributes["type"] == "interrupted")
        #expect(interrupted.attributes["message"] == "interrupted after cur")
        #expect(interrupted.text.contains("--resume"))

        let seven = document.cases[4]
        #expect(seven.attributes["classname"] == "onboard.invalid-rows")
        let failure = try #require(seven.failure)
        #expect(failure.attributes["type"] == "invalid")
        #expect(failure.attributes["message"] == "2 problems: account_id: 12345 is not a 12-digit account id; …")
        #expect(failure.text == "account_id: 12345 is not a 12-digit account id\nproducts: unknown product <script>")
        let nine = try #require(document.cases[5].failure)
        #expect(nine.attributes["message"] == "the row has 15 fields; the header has 13")
    }
}
