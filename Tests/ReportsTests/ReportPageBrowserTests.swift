import Foundation
import Onboarding
import TestSupport
import Testing

@testable import Reports

/// `report.html` in a real browser: Debian's `chromium`, headless, dumping the DOM after the
/// page's script ran. The page is made of hostile names over many accounts; the tests read what
/// the browser built: every account is there, the hostile names are text (never elements), the
/// script ran to its end without an error, and its filters and sorting work from the URL.
///
/// `scripts/setup` installs chromium. Without it the tests are skipped with that message, except
/// when `CI` is set: CI installs it, so there a missing browser fails them.
@Suite("Report page in a browser", .enabled(if: Browser.path != nil || Browser.required, Browser.missing))
struct ReportPageBrowserTests {
    static let accountCount = 240

    /// A folder with the hostile page, made once per test (tests run in parallel).
    private struct Page {
        let root: String
        let folder: RunFolder
        let results: [AccountResult]
        let summary: BatchSummary

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-page-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            folder = try RunFolder.create(in: root, kind: "run", at: HTMLReportFixtures.start)
            results = HTMLReportFixtures.results(count: ReportPageBrowserTests.accountCount)
            summary = HTMLReportFixtures.summary(runID: folder.runID, results: results)
            try HTMLReportWriter(folder: folder).write(summary, results: results)
        }

        var url: String { "file://\(folder.path)/\(HTMLReportWriter.fileName)" }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// One `<tr>` of the accounts table as the browser left it.
    private struct Row {
        var status: String
        var step: String
        var hidden: Bool
        var accountID: String
        var duration: Double?
    }

    /// The accounts table's rows, in the DOM's order.
    private func rows(_ dom: String) throws -> [Row] {
        let start = try #require(dom.range(of: "<table id=\"account-table\">"))
        let end = try #require(dom[start.upperBound...].range(of: "</table>"))
        let table = dom[start.upperBound..<end.lowerBound]
        return table.matches(of: /<tr ([^>]*)>(.*?)<\/tr>/.dotMatchesNewlines()).map { match in
            let attributes = String(match.output.1)
            let cells = String(match.output.2)
            func attribute(_ name: String) -> String {
                guard let start = attributes.range(of: " \(name)=\"") ?? (attributes.hasPrefix("\(name)=\"") ? attributes.range(of: "\(name)=\"") : nil),
                    let end = attributes[start.upperBound...].firstIndex(of: "\"")
                else { return "" }
                return String(attributes[start.upperBound..<end])
            }
            let id = cells.firstMatch(of: /<a href="#[^"]*">([^<]*)<\/a>/).map { String($0.output.1) } ?? ""
            let duration = cells.firstMatch(of: /<td class="num" data-sort="([0-9.]+)">/).flatMap { Double($0.output.1) }
            return Row(
                status: attribute("data-status"), step: attribute("data-step"), hidden: attributes.contains("hidden"),
                accountID: id, duration: duration)
        }
    }

    /// Checks the script ran to its end and reported no error.
    private func expectScriptRan(_ dom: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(dom.contains("data-ready=\"1\""), "the script's end-of-run marker", sourceLocation: sourceLocation)
        #expect(!dom.contains("data-script-errors=\""), "a script error: \(errorItems(dom))", sourceLocation: sourceLocation)
        #expect(dom.contains("<ul id=\"script-errors\" hidden=\"\"></ul>"), "\(errorItems(dom))", sourceLocation: sourceLocation)
    }

    private func errorItems(_ dom: String) -> String {
        guard let start = dom.range(of: "<ul id=\"script-errors\""), let end = dom[start.upperBound...].range(of: "</ul>") else { return "" }
        return String(dom[start.lowerBound..<end.upperBound])
    }

    @Test("it renders every account, the hostile names as text, and the script runs without an error")
    func rendersEveryAccount() async throws {
        let page = try Page()
        defer { page.remove() }
        let dom = try await Browser.dumpDOM(page.url)
        expectScriptRan(dom)
        let rows = try rows(dom)
        #expect(rows.count == Self.accountCount)
        #expect(rows.allSatisfy { !$0.hidden }, "no filter: every row shows")
        #expect(rows.map(\.accountID) == page.results.map(\.accountID), "in the list's order")
        #expect(dom.contains("data-shown=\"\(Self.accountCount)\""))
        for result in page.results {
            #expect(dom.contains("id=\"account-\(result.accountID)\""), "\(result.accountID)'s detail")
        }
        // What the browser built: one script element (the page's), no element a name brought.
        #expect(dom.components(separatedBy: "<script").count == 2, "only the page's own script element")
        #expect(!dom.contains("<img") && !dom.contains("<iframe") && !dom.contains("<b>"))
        #expect(!dom.contains("data-pwned=\""), "no hostile script ran (the names hold the text data-pwned, never set)")
        // The names are text nodes: the browser serializes their markup characters escaped.
        #expect(dom.contains("<td>&lt;/script&gt;&lt;script&gt;document.body.setAttribute(\"data-pwned\",\"1\")&lt;/script&gt;</td>"))
        #expect(dom.contains("<td>\"&gt;&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','2')\"&gt;</td>"))
        #expect(dom.contains("<td>Tom &amp; Jerry's \"Co\" &lt;b&gt;bold&lt;/b&gt;</td>"))
        #expect(dom.contains("<td>&amp;lt;already escaped&amp;gt; &amp;amp; &amp;#60;</td>"))
        #expect(dom.contains("<td>شركة النفط \u{202E}evil\u{202C} ltd</td>"))
        #expect(dom.contains("<td>🚀 Rocket Ltd 👩‍💻</td>"))
        #expect(dom.contains("<td>&lt;!-- comment --&gt; ]]&gt; &lt;![CDATA[ x ]]&gt;</td>"))
        #expect(dom.contains("&lt;iframe src=\"https://evil.example/\"&gt;&lt;/iframe&gt;"), "a message, as text")
    }

    @Test("#status=failed shows only the failed accounts")
    func filtersByStatusFromTheURL() async throws {
        let page = try Page()
        defer { page.remove() }
        let dom = try await Browser.dumpDOM(page.url + "#status=failed")
        expectScriptRan(dom)
        let rows = try rows(dom)
        let failed = page.results.filter { $0.status == .failed }.map(\.accountID)
        #expect(!failed.isEmpty && failed.count < rows.count)
        #expect(rows.filter { !$0.hidden }.map(\.accountID) == failed)
        #expect(rows.filter { !$0.hidden }.allSatisfy { $0.status == "failed" })
        #expect(rows.count == Self.accountCount, "the others are hidden, not removed")
        #expect(dom.contains("data-shown=\"\(failed.count)\""))
        #expect(dom.contains("<span id=\"shown\" aria-live=\"polite\">\(failed.count) of \(Self.accountCount) accounts</span>"))
    }

    @Test("#step=cur&sort=duration&order=descending: the accounts failed at cur, longest first")
    func filtersByStepAndSorts() async throws {
        let page = try Page()
        defer { page.remove() }
        let dom = try await Browser.dumpDOM(page.url + "#step=cur&sort=duration&order=descending")
        expectScriptRan(dom)
        let shown = try rows(dom).filter { !$0.hidden }
        let expected = page.summary.accounts.filter { $0.failedStep == .costAndUsageReport }
        #expect(!expected.isEmpty)
        #expect(Set(shown.map(\.accountID)) == Set(expected.map(\.accountID)))
        #expect(shown.allSatisfy { $0.step == "cur" && $0.status == "failed" })
        let durations = shown.compactMap(\.duration)
        #expect(durations.count == shown.count)
        #expect(durations == durations.sorted(by: >), "\(durations)")
        #expect(durations.first != durations.last, "the durations differ, so the order means something")
        #expect(dom.contains("aria-sort=\"descending\""))
    }

    @Test("the page's policy refuses any script but its own: one slipped into the file does not run")
    func policyRefusesOtherScripts() async throws {
        let page = try Page()
        defer { page.remove() }
        let path = "\(page.folder.path)/\(HTMLReportWriter.fileName)"
        let html = try String(contentsOfFile: path, encoding: .utf8)
        let injected = #"<script>document.body.setAttribute("data-injected","1")</script><p id="injected">x</p>"#
        try html.replacingOccurrences(of: "</body>", with: injected + "</body>").write(toFile: path, atomically: true, encoding: .utf8)
        let dom = try await Browser.dumpDOM(page.url)
        #expect(dom.contains("id=\"injected\""), "the injected markup is in the DOM")
        #expect(!dom.contains("data-injected=\""), "but its script was refused")
        #expect(dom.contains("data-ready=\"1\""), "while the page's own ran")
    }
}

/// Debian's `chromium`, headless.
enum Browser {
    /// The browser's path on the `PATH`, or `nil`.
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }()

    /// Whether the tests must run (CI installs chromium through scripts/setup).
    static let required = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

    static let missing: Comment = "chromium is not installed (scripts/setup installs it; under CI the tests fail without it)"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The DOM of `url` after its scripts ran (`--dump-dom`), from a fresh profile of its own
    /// (parallel browsers never share one).
    static func dumpDOM(_ url: String) async throws -> String {
        guard let path else { throw Failure(description: missing.rawValue) }
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-chromium-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
            "--user-data-dir=\(profile)",
            "--dump-dom", url,
        ]
        let output = try await ChildProcess(URL(fileURLWithPath: path), arguments).finish(timeout: 120)
        guard output.status == 0, !output.signaled, output.standardOutput.contains("</html>") else {
            throw Failure(description: "chromium --dump-dom \(url): \(output)")
        }
        return output.standardOutput
    }
}
