import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

@Suite("Markdown escaping")
struct MarkdownTextTests {
    /// Names and messages a customer list or a server could carry, each meant to become markup.
    static let hostile = [
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "![pixel](https://evil.example/p.png)",
        "<javascript:alert(1)>",
        "`code` and ``` fences ```",
        "a | b | c",
        "# Heading",
        "> quoted",
        "- list item",
        "+ plus item",
        "1. ordered",
        "===",
        "**bold** _em_ ~~strike~~ $x^2$",
        "line one\nline two\r\nline three\rfour",
        "bell\u{7} nul\u{0} esc\u{1B}[31m del\u{7F} c1\u{85}\u{9B}",
        "bidi \u{202E}gnp.exe\u{202C} isolate \u{2066}x\u{2069}",
        "www.evil.example and http://evil.example",
        "Tom & Jerry's \"shop\"",
        "trailing backslash \\",
        "[ref]: https://evil.example",
    ]

    /// What no escaped text may contain: raw HTML, link or image syntax, an unescaped table pipe,
    /// a line break, a control character or a bidirectional override.
    private func expectInert(_ text: String, _ context: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!text.contains("<"), "raw <: \(context)", sourceLocation: sourceLocation)
        #expect(!text.contains(">"), "raw >: \(context)", sourceLocation: sourceLocation)
        #expect(!text.contains("\""), "raw quote: \(context)", sourceLocation: sourceLocation)
        #expect(!text.contains("'"), "raw apostrophe: \(context)", sourceLocation: sourceLocation)
        #expect(!text.contains("\n") && !text.contains("\r"), "line break: \(context)", sourceLocation: sourceLocation)
        #expect(!text.unicodeScalars.contains { MarkdownText.isDropped($0) }, "control: \(context)", sourceLocation: sourceLocation)
        // Every markup character is escaped: none stands without a backslash before it (the
        // character references the escaping wrote aside).
        let scalars = Array(text.replacing(/&#?[A-Za-z0-9]+;/, with: "").unicodeScalars)
        for (index, scalar) in scalars.enumerated() where "[]()|`*_#~$!^".unicodeScalars.contains(scalar) {
            var backslashes = 0
            var before = index - 1
            while before >= 0, scalars[before] == "\\" {
                backslashes += 1
                before -= 1
            }
            #expect(backslashes % 2 == 1, "unescaped \(scalar) at \(index): \(context)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: hostile)
    func escapedTextIsInert(_ text: String) {
        expectInert(MarkdownText.escape(text), text)
    }

    @Test func escapingIsPreciseWhereItMatters() {
        #expect(MarkdownText.escape("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert\\(1\\)&gt;")
        #expect(MarkdownText.escape("[x](javascript:alert(1))") == "\\[x\\]\\(javascript:alert\\(1\\)\\)")
        #expect(MarkdownText.escape("Tom & Jerry's \"shop\"") == "Tom &amp; Jerry&#39;s &quot;shop&quot;")
        #expect(MarkdownText.escape("a | b") == "a \\| b")
        #expect(MarkdownText.escape("# x") == "\\# x")
        #expect(MarkdownText.escape("- x - y") == "\\- x - y")
        #expect(MarkdownText.escape("  + x") == "  \\+ x")
        #expect(MarkdownText.escape("1. x") == "1\\. x")
        #expect(MarkdownText.escape("www.x.example, http://x.example") == "www\\.x.example, http\\://x.example")
        #expect(MarkdownText.escape("one\r\ntwo\nthree\rfour\tfive") == "one two three four five")
        #expect(MarkdownText.escape("a\u{0}b\u{1B}c\u{7F}d\u{9B}e\u{202E}f\u{2066}g") == "abcdefg")
        #expect(MarkdownText.escape("trailing \\") == "trailing \\\\")
        // Ordinary text reads as it is.
        #expect(MarkdownText.escape("Acme Inc. (EMEA)") == "Acme Inc. \\(EMEA\\)")
        #expect(MarkdownText.escape("cur: AccessDenied on run-20261127-000000, 1-2 retries") == "cur: AccessDenied on run-20261127-000000, 1-2 retries")
        #expect(MarkdownText.escape("Ünïcødé 東京 🚀") == "Ünïcødé 東京 🚀")
    }

    @Test func codeSpansUseALongerFenceAndStayOnOneLine() {
        #expect(MarkdownText.code("AccessDenied") == "`AccessDenied`")
        #expect(MarkdownText.code("a`b") == "``a`b``")
        #expect(MarkdownText.code("a``b```c") == "````a``b```c````")
        #expect(MarkdownText.code("`x`") == "`` `x` ``")
        #expect(MarkdownText.code(" padded") == "`  padded `")
        #expect(MarkdownText.code("") == "` `")
        #expect(MarkdownText.code("two\nlines\u{0}\u{202E}") == "`two lines`")
        #expect(MarkdownText.code("<b>&</b>") == "`<b>&</b>`", "HTML does not work inside code")
        #expect(MarkdownText.code("a|b") == "`a|b`")
        #expect(MarkdownText.code("a|b", inTable: true) == "`a\\|b`")
    }

    /// A code span's content ends only at a backtick run as long as its fence.
    private func codeContent(_ span: String) -> String? {
        let fence = span.prefix { $0 == "`" }
        guard span.hasSuffix(fence), span.count > fence.count * 2 else { return nil }
        let inner = span.dropFirst(fence.count).dropLast(fence.count)
        // No run of exactly the fence's length inside.
        let runs = inner.split(whereSeparator: { $0 != "`" }).map(\.count)
        guard !runs.contains(fence.count) else { return nil }
        return String(inner)
    }

    @Test(arguments: hostile)
    func codeSpansCannotBeClosedEarly(_ text: String) {
        let span = MarkdownText.code(text)
        #expect(codeContent(span) != nil, "\(span)")
        #expect(!span.contains("\n") && !span.contains("\r"))
    }

    /// `markdown` without its code spans (whose content is shown literally: no HTML, no link).
    private func withoutCodeSpans(_ markdown: String) -> String {
        var out = ""
        var rest = Substring(markdown)
        while let open = rest.firstIndex(of: "`") {
            out += rest[..<open]
            let fence = rest[open...].prefix { $0 == "`" }
            let after = rest[fence.endIndex...]
            // The closing run is one of exactly the fence's length.
            var search = after.startIndex
            var close: Range<Substring.Index>?
            while let found = after[search...].range(of: String(fence)) {
                let runEnd = after[found.lowerBound...].prefix { $0 == "`" }.endIndex
                if after.distance(from: found.lowerBound, to: runEnd) == fence.count {
                    close = found
                    break
                }
                search = runEnd
            }
            guard let close else {
                out += fence
                rest = after
                continue
            }
            out += "<code>"
            rest = after[close.upperBound...]
        }
        return out + rest
    }

    /// The pieces of markup the hostile values carry, none of which may appear outside code.
    private func expectNoLiveMarkup(_ markdown: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = withoutCodeSpans(markdown).replacingOccurrences(of: "<code>", with: "")
        for piece in ["<img", "](javascript", "<javascript", "](https", "[ref]:", "\u{202E}", "\u{1B}", "\r"] {
            #expect(!text.contains(piece), "\(piece) in \(markdown)", sourceLocation: sourceLocation)
        }
    }

    /// Every line of `markdown` holding `marker` (a piece only the hostile value's line has).
    private func lines(of markdown: String, containing marker: String) -> [Substring] {
        markdown.split(separator: "\n").filter { $0.contains(marker) }
    }

    @Test(arguments: hostile)
    func accountReportsKeepHostileNamesAndMessagesInert(_ name: String) {
        var connected = ReportFixtures.connected(organization: name)
        connected.steps[2].detail = name
        connected.manualPrerequisites = [name]
        let failed = ReportFixtures.failed(organization: name, code: name, message: "first\n\(name)\n\nlast")
        for result in [connected, failed] {
            let markdown = AccountReportWriter.markdown(result)
            // The title, the table, the list: one line each, and nothing of the value is markup.
            let title = String(markdown.prefix { $0 != "\n" })
            #expect(title.hasPrefix("# \(result.accountID) · "))
            expectInert(String(title.dropFirst(2 + result.accountID.count + 3)), "title of \(name)")
            expectNoLiveMarkup(markdown)
            // Every table row keeps its cell count (an unescaped pipe would add cells).
            for row in markdown.split(separator: "\n") where row.hasPrefix("| ") && !row.hasPrefix("| Step") {
                let cells = row.split(separator: "|", omittingEmptySubsequences: false).count
                let escaped = row.components(separatedBy: "\\|").count - 1
                #expect(cells - escaped == 7, "\(row)")
            }
        }
        let markdown = AccountReportWriter.markdown(failed)
        // The message's own lines are each one quoted, escaped line.
        let quoted = markdown.split(separator: "\n", omittingEmptySubsequences: false).filter { $0.hasPrefix(">") }
        #expect(quoted.first == "> first")
        #expect(quoted.last == "> last")
        for line in quoted.dropFirst().dropLast() where line != ">" {
            expectInert(String(line.dropFirst(2)), "quoted \(name)")
        }
    }

    @Test func accountReportOfAHostileNameReadsAsExpected() {
        let result = ReportFixtures.failed(
            organization: "<img src=x onerror=alert(1)> [x](javascript:alert(1))", code: "Bad`Code",
            message: "# not a heading\n- not a list\n> not a quote")
        let markdown = AccountReportWriter.markdown(result)
        #expect(markdown.hasPrefix("# 222222222222 · &lt;img src=x onerror=alert\\(1\\)&gt; \\[x\\]\\(javascript:alert\\(1\\)\\)\n"))
        #expect(markdown.contains("**Failed** at `cur` with ``Bad`Code``:"))
        #expect(markdown.contains("> \\# not a heading\n> \\- not a list\n> &gt; not a quote\n"))
    }

    @Test(arguments: hostile)
    func summaryKeepsHostileNamesAndMessagesInert(_ name: String) {
        var interrupted = ReportFixtures.failed("555555555555", organization: name)
        interrupted.status = .interrupted
        interrupted.error = nil
        interrupted.steps.removeLast()
        let results = [
            ReportFixtures.connected(organization: name),
            ReportFixtures.failed(organization: name, code: name, message: name),
            AccountResult(
                accountID: "333333333333", organizationName: name, line: 4, partition: .aws, products: [.cloudAnalyzer],
                status: .notStarted, manualPrerequisites: [name]),
            interrupted,
        ]
        let summary = BatchSummary(
            runID: "run-20261127-000000", accountList: name, started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(60), results: results,
            invalidRows: [.init(line: 9, column: name, message: name)])
        let markdown = SummaryWriter.markdown(summary)
        expectNoLiveMarkup(markdown)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Account") }
        #expect(rows.count == 4)
        for row in rows {
            let cells = row.split(separator: "|", omittingEmptySubsequences: false).count
            let escaped = row.components(separatedBy: "\\|").count - 1
            #expect(cells - escaped == 9, "\(row)")
        }
        // Headings and list items start with the writer's own markup, never the value's.
        for line in markdown.split(separator: "\n") {
            #expect(
                line.hasPrefix("# Run ") || line.hasPrefix("## ") || line.hasPrefix("### ") || line.hasPrefix("- ")
                    || line.hasPrefix("|") || line.hasPrefix("**") || line.hasPrefix("Account list: "),
                "\(line)")
        }
    }

    @Test(arguments: hostile)
    func planKeepsHostileNamesInert(_ name: String) {
        var settings = OnboardingSettings()
        settings.accessRoleName = "OnboardAccess"
        let row = PayerAccount(
            line: 2, accountID: "111111111111", organizationName: name, isChina: false,
            login: .assumeRole(roleARN: nil, externalID: nil), products: [.cloudAnalyzer],
            costAndUsageReport: .init(bucket: "spot-cur-111111111111", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: false),
            spotAccountID: nil, spotProfile: "default", billingAccessConfirmed: false)
        let plan = AccountPlanner(settings: settings).plan(for: row).plan
        let report = PlanReport(
            runID: "plan-20261127-000000", createdAt: ReportFixtures.start, input: name, accounts: [plan], invalidRows: [],
            warnings: [])
        let markdown = PlanReportWriter.markdown(report)
        expectNoLiveMarkup(markdown)
        let heading = lines(of: markdown, containing: "## 111111111111 · ")
        #expect(heading.count == 1)
        expectInert(String(heading[0].dropFirst("## 111111111111 · ".count)), "plan heading \(name)")
    }
}

/// The fast paths of the report writers give what the plain ones give.
@Suite("Report text fast paths")
struct ReportTextFastPathTests {
    /// Deterministic pseudo-random strings over `alphabet` (a linear congruential generator).
    private func strings(over alphabet: [String], count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        return (0..<count).map { _ in (0..<(next() % 24)).map { _ in alphabet[next() % alphabet.count] }.joined() }
    }

    @Test("escape returns a plain text unchanged and escapes the rest as scalar by scalar does")
    func escapeMatchesTheScalarPath() {
        let alphabet = ["a", "Z", "0", "9", " ", ".", ":", "/", "-", "+", "=", ",", ";", "@", "%", "?", "w", "W", "\n", "\r", "\t", "|", "<", "&", "'", "é", "\u{202E}", "_", "*"]
        var plain = 0
        for text in strings(over: alphabet, count: 20_000, seed: 7) {
            #expect(MarkdownText.escape(text) == MarkdownText.escapeEachScalar(text), "\(text.debugDescription)")
            if MarkdownText.isPlain(text) {
                plain += 1
                #expect(MarkdownText.escapeEachScalar(text) == text, "\(text.debugDescription) is not plain")
            }
        }
        #expect(plain > 100, "the fast path was taken (\(plain) times)")
        for text in MarkdownTextTests.hostile + ["(a) b", "x_y", "(a) b"] {
            #expect(MarkdownText.escapeRepeated(text) == MarkdownText.escape(text), "\(text.debugDescription)")
            #expect(MarkdownText.escapeRepeated(text) == MarkdownText.escape(text), "remembered: \(text.debugDescription)")
        }
        for text in ["1.5", "www.example", "https://x", "-x", " +x", "=1", "a-b", "arn:aws:iam::1:role/x", "x.y"] {
            #expect(MarkdownText.escape(text) == MarkdownText.escapeEachScalar(text), "\(text)")
        }
    }

    @Test("indenting JSON lines over contiguous bytes gives what a byte at a time gives")
    func indentingMatchesByteAtATime() {
        func reference(_ bytes: [UInt8], _ indent: Int) -> [UInt8] {
            var output: [UInt8] = []
            var lineStarts = false
            for byte in bytes {
                if lineStarts, byte != 0x0A { output += Array(repeating: 0x20, count: indent) }
                lineStarts = byte == 0x0A
                output.append(byte)
            }
            return output
        }
        for text in strings(over: ["{", "\n", " ", "\"a\"", ":", "1", "\n\n"], count: 2_000, seed: 11) + ["", "\n", "x\n", "\nx", "a\n\n b\n"] {
            for indent in [0, 2, 4] {
                var fast: [UInt8] = [0x5B]
                ReportFileStream.appendIndented(Data(text.utf8), by: indent, to: &fast)
                #expect(fast == [0x5B] + reference(Array(text.utf8), indent), "\(text.debugDescription)")
                var lazy: [UInt8] = []
                ReportFileStream.appendIndented(text.utf8.lazy.map { $0 }, by: indent, to: &lazy)
                #expect(lazy == reference(Array(text.utf8), indent))
            }
        }
    }
}
