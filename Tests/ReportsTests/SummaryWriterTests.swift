import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

@Suite("Batch summaries")
struct SummaryWriterTests {
    private func summary(_ results: [AccountResult]) -> BatchSummary {
        BatchSummary(
            runID: "run-20261127-000000", accountList: "payers.csv", started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(120), results: results)
    }

    private var results: [AccountResult] {
        [ReportFixtures.connected(), ReportFixtures.failed(), ReportFixtures.notStarted()]
    }

    /// A small RFC 4180 reader: quoted fields with doubled quotes, CRLF record ends.
    private func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
            } else if scalar == "\"", field.isEmpty {
                quoted = true
            } else if scalar == "," {
                record.append(field)
                field = ""
            } else if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                record.append(field)
                records.append(record)
                record = []
                field = ""
                index += 1
            } else {
                field.unicodeScalars.append(scalar)
            }
            index += 1
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    @Test func jsonHasCountsRateAndOneEntryPerAccount() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try SummaryWriter(folder: run.folder).write(summary(results))
        let json = try run.json("summary.json")
        #expect(json["schema_version"] as? Int == 1)
        #expect(json["run_id"] as? String == "run-20261127-000000")
        #expect(json["account_list"] as? String == "payers.csv")
        #expect(json["started"] as? String == "2026-11-27T00:00:00Z")
        #expect(json["finished"] as? String == "2026-11-27T00:02:00Z")
        #expect(json["duration_seconds"] as? Double == 120)
        #expect(json["accounts_per_minute"] as? Double == 1)
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts == ["total": 3, "connected": 1, "failed": 1, "not_started": 1, "interrupted": 0, "invalid": 0])
        #expect(json["invalid_rows"] as? [Any] != nil)
        let accounts = try #require(json["accounts"] as? [[String: Any]])
        #expect(accounts.map { $0["account_id"] as? String } == ["111111111111", "222222222222", "333333333333"])
        #expect(accounts.map { $0["status"] as? String } == ["connected", "failed", "not-started"])
        #expect(accounts[0]["spot_account_id"] as? String == "act-12345678")
        #expect(accounts[0]["report"] as? String == "accounts/111111111111.json")
        #expect(accounts[0]["failed_step"] == nil)
        #expect(accounts[1]["organization_name"] as? String == "Globex")
        #expect(accounts[1]["failed_step"] as? String == "cur")
        #expect(accounts[1]["error_code"] as? String == "AccessDenied")
        #expect(accounts[1]["rerun_may_fix"] as? Bool == false)
        #expect(try SummaryWriter(folder: run.folder).read() == summary(results))
        for file in ["summary.json", "summary.csv", "summary.md"] { #expect(try run.mode(file) == 0o600) }
    }

    @Test func stopReasonIsInTheJSONAndTheMarkdown() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        var stopped = summary(results)
        stopped.stopReason = "Spot refused its credentials (the token of Spot profile '<b>x</b>' was refused with HTTP 401)"
        try SummaryWriter(folder: run.folder).write(stopped)
        let json = try run.json("summary.json")
        #expect(json["stop_reason"] as? String == stopped.stopReason)
        let markdown = try run.text("summary.md")
        #expect(markdown.contains("**Stopped early**: Spot refused its credentials"))
        #expect(!markdown.contains("<b>"), "names in the reason are escaped")
        #expect(try SummaryWriter(folder: run.folder).read() == stopped)

        // A summary that did not stop early says nothing of it.
        let other = try TemporaryRun()
        defer { other.remove() }
        try SummaryWriter(folder: other.folder).write(summary(results))
        #expect(try other.json("summary.json")["stop_reason"] == nil)
        #expect(!(try other.text("summary.md")).contains("Stopped early"))
    }

    @Test func csvQuotesAndNeutralizesFormulas() throws {
        let tricky = [
            ReportFixtures.connected("111111111111", organization: "Acme, Inc."),
            ReportFixtures.failed("222222222222", organization: "Say \"hi\"", code: "=HYPERLINK(\"http://x\")"),
            ReportFixtures.notStarted("333333333333", organization: "Line one\nLine two\r\nthree"),
            ReportFixtures.notStarted("444444444444", organization: "-2+3"),
            ReportFixtures.notStarted("555555555555", organization: "@SUM(A1)"),
            ReportFixtures.notStarted("666666666666", organization: "+1, \"quoted\""),
        ]
        let run = try TemporaryRun()
        defer { run.remove() }
        try SummaryWriter(folder: run.folder).write(summary(tricky))
        let text = try run.text("summary.csv")
        #expect(text.hasSuffix("\r\n"))
        let rows = parseCSV(text)
        #expect(rows.first == SummaryWriter.csvColumns)
        #expect(rows.count == tricky.count + 1)
        #expect(rows.allSatisfy { $0.count == SummaryWriter.csvColumns.count })
        #expect(rows[1] == [
            "111111111111", "Acme, Inc.", "connected", "", "", "", "act-12345678",
            "arn:aws:iam::111111111111:role/SpotRole", "spot-external-id-1", "accounts/111111111111.json", "2", "", "", "",
        ])
        #expect(rows[2][1] == "Say \"hi\"")
        #expect(rows[2][3] == "cur")
        #expect(rows[2][4] == "'=HYPERLINK(\"http://x\")")
        #expect(rows[2][5] == "false")
        #expect(rows[3][1] == "Line one\nLine two\r\nthree")
        #expect(rows[3][2] == "not-started")
        #expect(rows[4][1] == "'-2+3")
        #expect(rows[5][1] == "'@SUM(A1)")
        #expect(rows[6][1] == "'+1, \"quoted\"")
    }

    @Test func csvFieldsAreLeftAloneWhenSafe() {
        #expect(SummaryWriter.csvField("Acme") == "Acme")
        #expect(SummaryWriter.csvField("") == "")
        #expect(SummaryWriter.csvField("a-b=c") == "a-b=c")
        #expect(SummaryWriter.csvField("a,b") == "\"a,b\"")
        #expect(SummaryWriter.csvField("a\"b") == "\"a\"\"b\"")
        #expect(SummaryWriter.csvField("=1+1") == "'=1+1")
        #expect(SummaryWriter.csvField("\tx") == "'\tx")
        #expect(SummaryWriter.csvField("=a,b") == "\"'=a,b\"")
    }

    @Test func markdownHasCountsTableFailuresByStepAndPrerequisites() {
        let results = [
            ReportFixtures.connected(),
            ReportFixtures.failed(),
            ReportFixtures.failed("444444444444", organization: "Umbrella", code: "Throttling", message: "Rate exceeded", rerunMayFix: true),
            ReportFixtures.notStarted(),
        ]
        let markdown = SummaryWriter.markdown(summary(results))
        #expect(markdown.hasPrefix("# Run run-20261127-000000\n"))
        #expect(markdown.contains("**4 accounts: 1 connected, 2 failed, 1 not started** · 1.50 accounts per minute"))
        #expect(markdown.contains("| 111111111111 | Acme \\| Co | connected |  |  | act-12345678 | [accounts/111111111111.md](accounts/111111111111.md) |"))
        #expect(markdown.contains("| 222222222222 | Globex | failed | cur | AccessDenied |"))
        #expect(markdown.contains("## Failures by step\n\n### `cur` (2)"))
        #expect(markdown.contains("- 222222222222 · Globex: `AccessDenied` User is not authorized to perform cur:PutReportDefinition (needs a person first)"))
        #expect(markdown.contains("- 444444444444 · Umbrella: `Throttling` Rate exceeded (a re-run may fix this)"))
        #expect(markdown.contains("## Manual prerequisites\n\n### 111111111111 · Acme \\| Co\n\n- [ ] Activate IAM user and role access to the Billing console"))
        #expect(markdown.contains("## Not started\n\n- 333333333333 · Initech: stopped by --max-failures 1"))
    }

    @Test func anEmptyRunTakesNoTime() {
        let summary = BatchSummary(
            runID: "run-x", accountList: "a.csv", started: ReportFixtures.start, finished: ReportFixtures.start, results: [])
        #expect(summary.accountsPerMinute == 0)
        #expect(summary.counts == BatchSummary.Counts([]))
        #expect(SummaryWriter.csv(summary) == SummaryWriter.csvColumns.joined(separator: ",") + "\r\n")
    }

    private func fullSummary() -> BatchSummary {
        BatchSummary(
            runID: "run-20261127-000000", accountList: "payers.csv", started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(120),
            results: [ReportFixtures.connected(), ReportFixtures.failed(), ReportFixtures.interrupted(), ReportFixtures.notStarted()],
            invalidRows: ReportFixtures.invalidRows)
    }

    @Test func invalidRowsFromTheAccountListReaderKeepOnlyErrorsInLineOrder() {
        let problems = [
            AccountListProblem(severity: .error, file: "a.csv", line: 9, column: nil, message: "too many fields"),
            AccountListProblem(severity: .warning, file: "a.csv", line: 1, column: "colour", message: "unknown column"),
            AccountListProblem(severity: .error, file: "a.csv", line: 3, column: "account_id", message: "is empty"),
            AccountListProblem(severity: .error, file: "a.csv", line: 3, column: "products", message: "unknown"),
        ]
        #expect(BatchSummary.InvalidRow.errors(in: problems) == [
            .init(line: 3, column: "account_id", message: "is empty"), .init(line: 3, column: "products", message: "unknown"),
            .init(line: 9, message: "too many fields"),
        ])
        let summary = BatchSummary(
            runID: "run-x", accountList: "a.csv", started: ReportFixtures.start, finished: ReportFixtures.start, results: [],
            invalidRows: BatchSummary.InvalidRow.errors(in: problems))
        #expect(summary.counts.invalid == 2)
        #expect(summary.counts.total == 0)
    }

    @Test func jsonRecordsInvalidRowsAndInterruptedAccounts() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try SummaryWriter(folder: run.folder).write(fullSummary())
        let json = try run.json("summary.json")
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts == ["total": 4, "connected": 1, "failed": 1, "interrupted": 1, "not_started": 1, "invalid": 2])
        let invalid = try #require(json["invalid_rows"] as? [[String: Any]])
        #expect(invalid.count == 3)
        #expect(invalid[0]["line"] as? Int == 7)
        #expect(invalid[0]["column"] as? String == "account_id")
        #expect(invalid[0]["message"] as? String == "12345 is not a 12-digit account id")
        #expect(invalid[2]["line"] as? Int == 9)
        #expect(invalid[2]["column"] == nil)
        let accounts = try #require(json["accounts"] as? [[String: Any]])
        #expect(accounts.map { $0["line"] as? Int } == [2, 3, 6, 4])
        let interrupted = try #require(accounts.first { $0["status"] as? String == "interrupted" })
        #expect(interrupted["last_completed_step"] as? String == "cur")
        #expect(interrupted["failed_step"] == nil)
        #expect(accounts.first { $0["status"] as? String == "failed" }?["last_completed_step"] == nil)
        #expect(try SummaryWriter(folder: run.folder).read() == fullSummary())
    }

    @Test func summariesWrittenBeforeInvalidRowsAndInterruptedStillRead() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try SummaryWriter(folder: run.folder).write(summary(results))
        var json = try run.json("summary.json")
        json["invalid_rows"] = nil
        var counts = try #require(json["counts"] as? [String: Int])
        counts["interrupted"] = nil
        counts["invalid"] = nil
        json["counts"] = counts
        let data = try JSONSerialization.data(withJSONObject: json)
        try run.folder.write([UInt8](data), to: "summary.json")
        let read = try SummaryWriter(folder: run.folder).read()
        #expect(read.invalidRows.isEmpty)
        #expect(read.counts.interrupted == 0 && read.counts.invalid == 0)
        #expect(read.accounts.count == 3)
    }

    @Test func csvHasARowPerInvalidProblemAndTheInterruptedStep() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try SummaryWriter(folder: run.folder).write(fullSummary())
        let rows = parseCSV(try run.text("summary.csv"))
        let columns = SummaryWriter.csvColumns
        #expect(rows.first == columns)
        #expect(rows.count == 1 + 4 + 3)
        #expect(rows.allSatisfy { $0.count == columns.count })
        func field(_ row: [String], _ name: String) -> String { row[columns.firstIndex(of: name)!] }
        let interrupted = rows[3]
        #expect(field(interrupted, "status") == "interrupted")
        #expect(field(interrupted, "last_completed_step") == "cur")
        #expect(field(interrupted, "line") == "6")
        #expect(field(rows[2], "message") == "User is not authorized to perform cur:PutReportDefinition")
        #expect(field(rows[4], "message") == "stopped by --max-failures 1")
        let invalid = Array(rows.suffix(3))
        #expect(invalid.map { field($0, "status") } == ["invalid", "invalid", "invalid"])
        #expect(invalid.map { field($0, "line") } == ["7", "7", "9"])
        #expect(invalid.map { field($0, "column") } == ["account_id", "products", ""])
        #expect(field(invalid[1], "message") == "unknown product <script>")
        #expect(invalid.allSatisfy { field($0, "account_id").isEmpty && field($0, "report").isEmpty })
    }

    @Test func markdownHasInterruptedAndInvalidRowSections() {
        let markdown = SummaryWriter.markdown(fullSummary())
        #expect(markdown.contains("**4 accounts: 1 connected, 1 failed, 1 interrupted, 1 not started** · 2 invalid rows not run · "))
        #expect(markdown.contains("| 555555555555 | Hooli | interrupted | after cur |  |  | [accounts/555555555555.md](accounts/555555555555.md) |"))
        #expect(markdown.contains("## Interrupted (`onboard run --resume` finishes them)\n\n- 555555555555 · Hooli: stopped after `cur`"))
        #expect(markdown.contains(
            "## Invalid rows (not run)\n\n- line 7: `account_id`: 12345 is not a 12-digit account id; `products`: unknown product &lt;script&gt;\n- line 9: the row has 15 fields; the header has 13\n"))
        // Interrupted accounts are not failures, and not "not started".
        #expect(!markdown.contains("### `cur` (2)"))
        let plain = SummaryWriter.markdown(summary(results))
        #expect(!plain.contains("interrupted") && !plain.contains("Invalid rows") && !plain.contains("invalid rows"))
    }
}
