import AccountList
import Foundation
import Onboarding
import Testing

@testable import BatchRunner
@testable import Reports

/// `report.html` as text: what it holds, that no outside text becomes markup, that it names
/// nothing outside itself, and that a run's end writes it. (`ReportPageBrowserTests` renders it
/// in a real browser.)
@Suite("HTML report page")
struct HTMLReportTests {
    private func page(count: Int = 48) -> (html: String, results: [AccountResult], summary: BatchSummary) {
        let results = HTMLReportFixtures.results(count: count)
        let summary = HTMLReportFixtures.summary(runID: "run-20261201-120000", results: results)
        return (HTMLReportWriter.html(summary, results: results), results, summary)
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test("escaping: the five markup characters become references, controls and noncharacters U+FFFD, the rest stays")
    func escaping() {
        #expect(HTMLReportText.escape(#"<a href="x" title='y'>&amp;</a>"#) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        var controls = "a\u{0}b\u{1B}c\u{7F}d\u{85}e"
        for value: UInt32 in [0xFFFE, 0xFDD0, 0x10FFFF] {
            controls.unicodeScalars.append(Unicode.Scalar(value)!)
            controls += "."
        }
        #expect(HTMLReportText.escape(controls) == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}.\u{FFFD}.\u{FFFD}.")
        #expect(HTMLReportText.escape("tab\tlf\ncr\r") == "tab\tlf\ncr\r")
        #expect(HTMLReportText.escape("شركة \u{202E}x 🚀 👩‍💻 \u{2028}") == "شركة \u{202E}x 🚀 👩‍💻 \u{2028}")
        #expect(HTMLReportText.isolated("<b>") == "<bdi>&lt;b&gt;</bdi>")
    }

    @Test("no hostile name, message or detail reaches the page as markup; each is there as text")
    func hostileTextIsInert() {
        let (html, _, _) = page()
        #expect(occurrences(of: "<script", in: html) == 1, "only the page's own script")
        #expect(occurrences(of: "</script>", in: html) == 1)
        #expect(occurrences(of: "<style", in: html) == 1)
        for tag in ["<img", "<iframe", "<b>", "<!--", "<![CDATA["] {
            #expect(!html.contains(tag), "\(tag)")
        }
        #expect(!html.contains("setAttribute(\"data-pwned") && !html.contains("setAttribute('data-pwned'"), "the payloads are escaped")
        for name in HTMLReportFixtures.hostileNames {
            #expect(html.contains(HTMLReportText.escape(name)), "\(name)")
        }
        #expect(html.contains("&lt;/script&gt;&lt;script&gt;document.body.setAttribute(&quot;data-pwned&quot;,&quot;1&quot;)&lt;/script&gt;"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=&quot;"))
        #expect(html.contains("Tom &amp; Jerry&#39;s &quot;Co&quot; &lt;b&gt;bold&lt;/b&gt;"))
        #expect(html.contains("&amp;lt;already escaped&amp;gt; &amp;amp; &amp;#60;"), "a reference in a name is shown, not resolved")
        #expect(html.contains("<bdi>شركة النفط \u{202E}evil\u{202C} ltd</bdi>"), "right-to-left text is kept, isolated")
        #expect(html.contains("🚀 Rocket Ltd 👩‍💻"))
        #expect(html.contains("payers &lt;&amp;&gt; &quot;list&quot;.csv"))
        #expect(html.contains("bad &lt;script&gt;x&lt;/script&gt;"), "the invalid row's message")
        #expect(html.contains("stopped after 5 failures &lt;b&gt;"), "the stop reason")
        #expect(html.contains("stopped by --max-failures 5 &lt;&amp;&gt;"), "a not-started account's reason")
    }

    @Test("a control character in a name is shown as U+FFFD, in content and in the page's attributes")
    func controlCharacters() {
        var results = HTMLReportFixtures.results(count: 3)
        results[0].organizationName = "Evil\u{0}\u{1B}[31mCo"
        results[1].accountID = "12345\"><b>x</b>"
        let summary = HTMLReportFixtures.summary(runID: "run-20261201-120000", results: results)
        let html = HTMLReportWriter.html(summary, results: results)
        #expect(html.contains("Evil\u{FFFD}\u{FFFD}[31mCo"))
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(html.contains("12345&quot;&gt;&lt;b&gt;x&lt;/b&gt;"))
        #expect(html.contains("id=\"account-row-2\""), "an id that is not a file name gets its row's anchor")
        #expect(!html.contains("accounts/12345"), "and no link to a report file it cannot have")
    }

    @Test("self-contained: one inline style and script, a policy allowing only their hashes, no URL to fetch")
    func selfContained() throws {
        let (html, _, _) = page()
        // SHA-256 of nothing, in base64 (FIPS 180-4's test vector): the hash is the real one.
        #expect(HTMLReportAssets.hash("") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
        let policy = HTMLReportAssets.contentSecurityPolicy
        #expect(policy.hasPrefix("default-src 'none'; "))
        #expect(policy.contains("script-src '\(HTMLReportAssets.hash(HTMLReportAssets.script))'"))
        #expect(policy.contains("style-src '\(HTMLReportAssets.hash(HTMLReportAssets.style))'"))
        #expect(!policy.contains("unsafe"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLReportText.escape(policy))\">"))
        #expect(html.contains("<script>\(HTMLReportAssets.script)</script>"), "exactly the hashed text")
        #expect(html.contains("<style>\(HTMLReportAssets.style)</style>"), "exactly the hashed text")
        for reference in [" src=", "<link", "@import", "url(", "http://", "https://"] {
            #expect(!HTMLReportAssets.style.contains(reference) && !HTMLReportAssets.script.contains(reference), "\(reference)")
        }
        #expect(!html.contains("<link"))
        #expect(html.firstMatch(of: /<[a-zA-Z][^>]*\ssrc\s*=/) == nil, "no element loads anything (the hostile ones are escaped)")
        #expect(!HTMLReportAssets.script.contains("innerHTML") && !HTMLReportAssets.script.contains("eval("))
        #expect(html.firstMatch(of: /<[a-zA-Z][^>]*\son[a-z]+\s*=/) == nil, "no inline handler (the policy would block it)")
    }

    @Test("the counts, a row per account with its status and failed step, the filter's choices")
    func tableAndCounts() {
        let (html, results, summary) = page()
        let counts = summary.counts
        #expect(html.contains("<span class=\"n\">\(counts.total)</span> accounts"))
        #expect(html.contains("<span class=\"n\">\(counts.failed)</span> failed"))
        #expect(html.contains("<span class=\"n\">\(counts.connected)</span> connected"))
        #expect(html.contains("<a href=\"#status=failed\">"))
        #expect(occurrences(of: "<tr data-status=", in: html) == results.count)
        for result in results {
            let step = result.error?.step.rawValue ?? ""
            #expect(html.contains("<tr data-status=\"\(result.status.rawValue)\" data-step=\"\(step)\"><td><a href=\"#account-\(result.accountID)\">\(result.accountID)</a></td>"))
            #expect(html.contains("<details class=\"account\" id=\"account-\(result.accountID)\">"))
        }
        for group in summary.failuresByStep {
            #expect(html.contains("<option value=\"\(group.step.rawValue)\">\(group.step.rawValue) (\(group.accounts.count))</option>"))
        }
        #expect(html.contains("<option value=\"not-started\">not started (\(counts.notStarted))</option>"))
        #expect(html.contains("<div id=\"controls\" hidden>"), "the controls show only with the script")
        // Without a script this is what a browser shows: every row, none hidden.
        #expect(html.firstMatch(of: /<tr [^>]*hidden/) == nil)
    }

    @Test("failures are grouped by step, then code, each with its advice")
    func failuresByStep() throws {
        let (html, _, summary) = page()
        let section = try #require(html.range(of: "<section id=\"failures\">"))
        let next = try #require(html[section.upperBound...].range(of: "\n<section id=\""))
        let failures = String(html[section.upperBound..<next.lowerBound])
        for group in summary.failuresByStep {
            #expect(failures.contains("<h3><code>\(group.step.rawValue)</code> · \(group.accounts.count) accounts</h3>"))
            for account in group.accounts {
                #expect(failures.contains("<a href=\"#account-\(account.accountID)\"><bdi>\(account.accountID)</bdi></a>"))
            }
        }
        let steps = summary.failuresByStep.map { "<h3><code>\($0.step.rawValue)</code>" }
        let positions = steps.compactMap { failures.range(of: $0)?.lowerBound }
        #expect(positions == positions.sorted() && positions.count == 3, "in workflow order")
        #expect(failures.contains("<p class=\"advice rerun\">A passing fault: a re-run may fix this.</p>"))
        #expect(failures.contains("<p class=\"advice person\">This needs a person first: a re-run alone will not fix it.</p>"))
        #expect(failures.contains("<h4><code>NonCompliantReport</code>"))
    }

    @Test("each account's steps as a timeline: a segment per step, then a row per step with its start and duration")
    func timelines() throws {
        let (html, results, _) = page()
        let connected = try #require(results.first { $0.status == .connected && $0.accountID != HTMLReportFixtures.accountID(1) })
        let start = try #require(html.range(of: "<details class=\"account\" id=\"account-\(connected.accountID)\">"))
        let end = try #require(html[start.upperBound...].range(of: "</details>"))
        let detail = String(html[start.upperBound..<end.lowerBound])
        #expect(occurrences(of: "<rect class=", in: detail) == connected.steps.count)
        #expect(detail.contains("<rect class=\"attention\""), "billing-access needs attention")
        #expect(occurrences(of: "<tr><td><code>", in: detail) == connected.steps.count)
        for step in connected.steps {
            #expect(detail.contains("<td class=\"num\">\(ReportEncoding.duration(step.duration))</td>"))
            #expect(detail.contains("<title>\(step.step.rawValue): \(step.status.rawValue), \(ReportEncoding.duration(step.duration))</title>"))
        }
        #expect(detail.contains(">+6.0 s</td>"), "the third step started 6 s after the account")
        #expect(detail.contains("<a href=\"accounts/\(connected.accountID).md\">"))
        // The segments fill the bar and no segment is wider than it.
        let widths = detail.matches(of: /width="([0-9.]+)"/).compactMap { Double($0.output.1) }
        #expect(widths.count == connected.steps.count)
        #expect(widths.allSatisfy { $0 >= 1 && $0 <= 1000 })
        let filled: Double = widths.reduce(0, +) + Double(widths.count)
        #expect(abs(filled - 1000) < 1, "\(widths)")
    }

    @Test("manual prerequisites as a checklist, per account that ran")
    func checklist() throws {
        let (html, results, _) = page()
        let open = results.filter { $0.status != .notStarted && !$0.manualPrerequisites.isEmpty }
        #expect(!open.isEmpty)
        let section = try #require(html.range(of: "<section id=\"prerequisites\">"))
        let end = try #require(html[section.upperBound...].range(of: "</section>"))
        let list = String(html[section.upperBound..<end.lowerBound])
        #expect(occurrences(of: "<input type=\"checkbox\">", in: list) == open.reduce(0) { $0 + $1.manualPrerequisites.count })
        for result in open {
            #expect(list.contains("<a href=\"#account-\(result.accountID)\">"))
        }
        #expect(!list.contains("stopped by --max-failures"), "a not-started account's reason is no prerequisite")
    }

    @Test("a run's end writes report.html, 0600, beside the summary")
    func recorderWritesThePage() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let recorder = RunRecorder(
            folder: run.folder, journal: try RunJournal(folder: run.folder), display: ProgressDisplay(total: 1, verbosity: .quiet))
        let connected = ReportFixtures.connected()
        recorder.accountFinished(connected)
        let account = PayerAccount(
            line: 2, accountID: connected.accountID, organizationName: connected.organizationName, isChina: false,
            login: .assumeRole(roleARN: nil, externalID: nil), products: [.cloudAnalyzer],
            costAndUsageReport: .init(bucket: "b", reportName: "r", prefix: "cur", isNamedInRow: false),
            spotAccountID: nil, spotProfile: "default", billingAccessConfirmed: true)
        let ending = recorder.finish(
            BatchOutcome(unfinished: [], interrupted: [], finishedCount: 1, stopReason: nil),
            selection: RunSelection(accounts: [], previous: JournalReplay(events: []), onlyFailed: false, runID: run.folder.runID),
            accounts: [account], accountList: "accounts.csv", invalidRows: [], started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(30))
        #expect(ending.writeFailures.isEmpty, "\(ending.writeFailures)")
        #expect(try run.mode(HTMLReportWriter.fileName) == 0o600)
        let html = try run.text(HTMLReportWriter.fileName)
        // The account's steps come from its report, read back as the page is written.
        #expect(html == HTMLReportWriter.html(ending.summary, results: [try AccountReportWriter(folder: run.folder).read(accountID: connected.accountID)]))
        #expect(html.contains("<rect class=\"succeeded\""), "with the account's steps")
        #expect(html.contains("Acme | Co"))
    }
}
