import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

/// `PlanReportStream` writes, row by row, the very documents the whole `PlanReport` encodes to.
@Suite("Plan report streams")
struct PlanReportStreamTests {
    private func temporaryRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-plan-stream-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    /// Everything in the run folder itself, hidden names included.
    private func names(_ folder: RunFolder) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    private var settings: OnboardingSettings {
        var settings = OnboardingSettings()
        settings.accessRoleName = "OnboardAccess"
        return settings
    }

    /// A varied account: China every 7th (blocked: no China principals), Billing access not
    /// confirmed every 5th, products cycling, names that Markdown and JSON must escape.
    private func account(_ index: Int) -> PayerAccount {
        let id = String(100_000_000_000 + index)
        let products: [[Product]] = [[.cloudAnalyzer], [.cloudAnalyzer, .eco], [.eco], [.cloudAnalyzer, .elastigroup, .ocean]]
        return PayerAccount(
            line: index + 2, accountID: id, organizationName: "Customer \(index) | \"Ünïcode\" \\ <b>/x</b>\u{1B}",
            isChina: index % 7 == 3, login: .assumeRole(roleARN: nil, externalID: index % 2 == 0 ? "ext-\(index)" : nil),
            products: products[index % products.count],
            costAndUsageReport: .init(bucket: "spot-cur-\(id)", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: index % 3 == 0),
            spotAccountID: nil, spotProfile: "default", billingAccessConfirmed: index % 5 != 0)
    }

    private func problem(_ line: Int, _ severity: AccountListProblem.Severity, column: String? = "account_id") -> AccountListProblem {
        AccountListProblem(severity: severity, file: "a.csv", line: line, column: column, message: "odd value at \(line) \"q\"")
    }

    /// Streams `report` (its run id is the folder's) and its accounts' templates into a new plan
    /// folder; returns the folder.
    private func stream(_ report: inout PlanReport, plans: [(AccountPlan, StackTemplate?)], root: String) throws -> RunFolder {
        let folder = try RunFolder.create(in: root, kind: "plan", at: report.createdAt)
        report.runID = folder.runID
        let stream = try PlanReportStream(folder: folder, createdAt: report.createdAt, input: report.input)
        for (plan, template) in plans { try stream.add(plan, template: template) }
        for row in report.invalidRows { try stream.add(row) }
        try stream.add(report.warnings)
        try stream.finish()
        #expect(stream.accounts == report.accounts.count)
        #expect(stream.blockedAccounts == report.blockedAccounts.count)
        #expect(stream.invalidRows == report.invalidRows.count)
        return folder
    }

    @Test(arguments: [0, 1, 3, 400])
    func theStreamedPlanIsTheDocumentOfTheWholeReport(accounts count: Int) throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let planner = AccountPlanner(settings: settings)
        let plans = (0..<count).map { planner.plan(for: account($0)) }
        let invalid = count == 1 ? [] : [
            PlanReport.InvalidRow(line: 900, problems: [problem(900, .error), problem(900, .warning, column: nil)]),
            PlanReport.InvalidRow(line: 901, problems: []),
        ]
        let warnings = count == 3 ? [] : [problem(1, .warning, column: "extra"), problem(5, .warning)]
        var report = PlanReport(
            runID: "", createdAt: ReportFixtures.start, input: "in/\"accounts\".csv", accounts: plans.map(\.plan),
            invalidRows: invalid, warnings: warnings)
        let folder = try stream(&report, plans: plans, root: root)

        // The same bytes as the whole report encoded at once, and as its Markdown.
        let json = try folder.read("plan.json")
        #expect(String(decoding: json, as: UTF8.self) == (try ReportEncoding.json(report)))
        #expect(String(decoding: try folder.read("plan.md"), as: UTF8.self) == PlanReportWriter.markdown(report))

        // Valid JSON with the plan's keys, read back to the same report.
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        #expect(Set(document.keys) == ["accounts", "created_at", "input", "invalid_rows", "run_id", "schema_version", "warnings", "workflows"])
        #expect(document["run_id"] as? String == folder.runID)
        #expect(document["schema_version"] as? Int == 2)
        // Each distinct workflow once, every one named by some account, every name listed.
        let workflows = try #require(document["workflows"] as? [[String: Any]])
        let ids = workflows.compactMap { $0["id"] as? String }
        #expect(ids.count == Set(ids).count)
        let named = Set((document["accounts"] as? [[String: Any]] ?? []).compactMap { $0["workflow"] as? String })
        #expect(Set(ids) == named)
        #expect(ids.count == Set(plans.map(\.plan.workflow.id)).count)
        if count == 400 { #expect(ids.count > 10 && ids.count < 100, "\(ids.count) shapes among 400 accounts") }
        #expect((document["accounts"] as? [[String: Any]])?.count == count)
        #expect((document["invalid_rows"] as? [[String: Any]])?.count == invalid.count)
        #expect((document["warnings"] as? [[String: Any]])?.count == warnings.count)
        if count > 0 {
            let first = try #require((document["accounts"] as? [[String: Any]])?.first)
            #expect(first["account_id"] as? String == "100000000000")
            #expect((first["stack"] as? [String: Any])?["template_file"] as? String == plans[0].plan.stack?.templateFile)
        }
    }

    @Test("entries made from their shape's template are the bytes of encoding each plan, whatever the values")
    func entriesFromTemplatesAreTheEncodedPlans() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Values JSON must escape, values that look like the placeholders, every kind of login.
        let controls = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}\u{2028}😀"
        let tricky = ["<s3_bucket>", "<account_id><line>", "\\\"q\"", controls, "plain", "a/b", ""]
        let logins: [PayerAccount.Login] = [
            .assumeRole(roleARN: nil, externalID: nil), .assumeRole(roleARN: "arn:aws:iam::1:role/<profile>\"x", externalID: "e"),
            .profile("prof \(controls)"), .assumeRole(roleARN: nil, externalID: "x"),
        ]
        let accounts = (0..<120).map { index -> PayerAccount in
            var account = self.account(index)
            account.organizationName = tricky[index % tricky.count] + " \(index)"
            account.login = logins[index % logins.count]
            account.costAndUsageReport.bucket = index % 5 == 1 ? tricky[index % tricky.count] : account.costAndUsageReport.bucket
            account.costAndUsageReport.prefix = index % 6 == 2 ? "" : "cur/\(tricky[(index + 1) % tricky.count])"
            account.costAndUsageReport.reportName = "r\(tricky[(index + 2) % tricky.count])"
            account.spotAccountID = index % 4 == 3 ? "act-\(tricky[index % tricky.count])" : nil
            return account
        }
        let planner = AccountPlanner(settings: settings)  // no China principals: China rows are blocked
        let folder = try RunFolder.create(in: root, kind: "plan", at: ReportFixtures.start)
        let stream = try PlanReportStream(folder: folder, createdAt: ReportFixtures.start, input: "a.csv")
        for batch in stride(from: 0, to: accounts.count, by: 32) {
            for entry in try stream.entries(planning: Array(accounts[batch..<min(batch + 32, accounts.count)]), with: planner) {
                try stream.add(entry)
            }
        }
        try stream.add([])
        try stream.finish()
        let report = PlanReport(
            runID: folder.runID, createdAt: ReportFixtures.start, input: "a.csv", accounts: accounts.map { planner.plan(for: $0).plan },
            invalidRows: [], warnings: [])
        #expect(String(decoding: try folder.read("plan.json"), as: UTF8.self) == (try ReportEncoding.json(report)))
        #expect(String(decoding: try folder.read("plan.md"), as: UTF8.self) == PlanReportWriter.markdown(report))
    }

    @Test("a value is escaped inside a JSON string exactly as the reports' encoder escapes it")
    func valuesAreEscapedAsTheEncoderDoes() throws {
        let encoder = ReportEncoding.encoder()
        var every = (0..<0x80).map { String(Character(Unicode.Scalar(UInt8($0)))) }
        every += ["\u{80}", "\u{9F}", "\u{2028}", "\u{2029}", "\u{FEFF}", "é", "😀", "</script>"]
        for text in every + [every.joined()] {
            var escaped: [UInt8] = [0x22]
            PlanEntryTemplate.appendEscaped(text, to: &escaped)
            escaped.append(0x22)
            #expect(String(decoding: escaped, as: UTF8.self) == String(decoding: try encoder.encode(text), as: UTF8.self), "\(text.debugDescription)")
        }
    }

    @Test func eachTemplateIsWrittenOnceWhereThePlanSaysAndNothingElseIsLeft() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let planner = AccountPlanner(settings: settings)
        let plans = (0..<12).map { planner.plan(for: account($0)) }
        var report = PlanReport(
            runID: "", createdAt: ReportFixtures.start, input: "a.csv", accounts: plans.map(\.plan), invalidRows: [], warnings: [])
        let folder = try stream(&report, plans: plans, root: root)

        var expected: [String: String] = [:]
        for (plan, template) in plans {
            guard let template else {
                #expect(plan.stack == nil)
                continue
            }
            let file = try #require(plan.stack?.templateFile)
            #expect(expected[file, default: template.render()] == template.render(), "one file, one content")
            expected[file] = template.render()
        }
        #expect(!expected.isEmpty)
        for (file, text) in expected {
            #expect(String(decoding: try folder.read(file), as: UTF8.self) == text)
        }
        let templateFiles = try folder.names(in: "templates").map { "templates/\($0)" }
        #expect(templateFiles == expected.keys.sorted())
        // No temporary or scratch file is left in the run folder.
        #expect(try names(folder) == ["plan.json", "plan.md", "templates"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/latest") == folder.runID)
    }

    @Test func aStreamDroppedBeforeItsEndLeavesNoPlan() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try RunFolder.create(in: root, kind: "plan", at: ReportFixtures.start)
        do {
            let stream = try PlanReportStream(folder: folder, createdAt: ReportFixtures.start, input: "a.csv")
            try stream.add(AccountPlanner(settings: settings).plan(for: account(1)).plan, template: nil)
            #expect(try names(folder).count == 1, "plan.json's temporary file")
        }
        #expect(try names(folder) == [])
        #expect(!FileManager.default.fileExists(atPath: "\(root)/latest"))
    }

    @Test func aTemplateFileMustBeAPlainNameInTemplates() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try RunFolder.create(in: root, kind: "plan", at: ReportFixtures.start)
        let template = StackTemplate(products: [.cloudAnalyzer], principals: .commercial)
        let writer = PlanReportWriter(folder: folder)
        for file in ["templates/../../x.json", "templates/.json", "accounts/a.json", "templates/a b.json", "templates/a.txt", "templates/a/b.json"] {
            #expect(throws: ReportWriteError.self, "\(file)") { try writer.writeTemplate(template, to: file) }
        }
        try writer.writeTemplate(template, to: "templates/aws-cloud-analyzer.json")
        #expect(try folder.names(in: "templates") == ["aws-cloud-analyzer.json"])
    }
}
