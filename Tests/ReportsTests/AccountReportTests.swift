import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

@Suite("Per-account reports")
struct AccountReportTests {
    private let topLevelKeys: Set = [
        "schema_version", "account_id", "organization_name", "line", "partition", "products", "status", "steps",
        "outputs", "manual_prerequisites", "started", "finished",
    ]

    @Test func connectedJSONHasTheDocumentedKeysAndValues() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try AccountReportWriter(folder: run.folder).write(ReportFixtures.connected())
        let json = try run.json("accounts/111111111111.json")
        #expect(Set(json.keys) == topLevelKeys)
        #expect(json["schema_version"] as? Int == AccountResult.schemaVersion)
        #expect(json["account_id"] as? String == "111111111111")
        #expect(json["organization_name"] as? String == "Acme | Co")
        #expect(json["line"] as? Int == 2)
        #expect(json["partition"] as? String == "aws")
        #expect(json["products"] as? [String] == ["cloud-analyzer", "eco"])
        #expect(json["status"] as? String == "connected")
        #expect(json["started"] as? String == "2026-11-27T00:00:00Z")
        #expect(json["finished"] as? String == "2026-11-27T00:00:20Z")
        #expect(json["manual_prerequisites"] as? [String] == ["Activate IAM user and role access to the Billing console"])

        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.count == WorkflowStep.onboarding.count)
        #expect(Set(steps[0].keys) == ["step", "status", "started", "duration_seconds", "detail"])
        #expect(steps[3]["step"] as? String == "billing-access")
        #expect(steps[3]["status"] as? String == "attention")
        #expect(steps[0]["duration_seconds"] as? Double == 1.5)

        let outputs = try #require(json["outputs"] as? [String: Any])
        #expect(outputs["spot_account_id"] as? String == "act-12345678")
        #expect(outputs["external_id"] as? String == "spot-external-id-1")
        #expect(outputs["spot_role_arn"] as? String == "arn:aws:iam::111111111111:role/SpotRole")
        #expect(outputs["fin_ops_role_arn"] as? String == "arn:aws:iam::111111111111:role/SpotFinOpsRole")
        #expect(outputs["stack_name"] as? String == "SpotFinOps-111111111111")
        #expect(outputs["stack_id"] as? String == "arn:aws:cloudformation:us-east-1:111111111111:stack/SpotFinOps/abc")
        #expect(outputs["stack_action"] as? String == "created")
        #expect(outputs["registered_products"] as? [String] == ["cloudBilling", "cbi"])
        #expect(outputs["connected_at"] as? String == "2026-11-27T00:00:20Z")
        #expect(outputs["data_expected_by"] as? String == "2026-11-29T00:00:20Z")
        #expect(outputs["data_status"] as? String == "pending")
        let cur = try #require(outputs["cost_and_usage_report"] as? [String: Any])
        #expect(cur["report_name"] as? String == "spot-cur-hourly")
        #expect(cur["bucket"] as? String == "spot-cur-111111111111")
        #expect(cur["prefix"] as? String == "cur")
        #expect(cur["region"] as? String == "us-east-1")
        #expect(cur["time_unit"] as? String == "HOURLY")
        #expect(cur["additional_schema_elements"] as? [String] == ["RESOURCES"])
        #expect(cur["report_versioning"] as? String == "OVERWRITE_REPORT")
    }

    @Test func failedJSONCarriesTheError() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try AccountReportWriter(folder: run.folder).write(ReportFixtures.failed(rerunMayFix: true))
        let json = try run.json("accounts/222222222222.json")
        #expect(Set(json.keys) == topLevelKeys.union(["error"]))
        #expect(json["status"] as? String == "failed")
        let error = try #require(json["error"] as? [String: Any])
        #expect(Set(error.keys) == ["step", "code", "message", "rerun_may_fix"])
        #expect(error["step"] as? String == "cur")
        #expect(error["code"] as? String == "AccessDenied")
        #expect(error["message"] as? String == "User is not authorized to perform cur:PutReportDefinition")
        #expect(error["rerun_may_fix"] as? Bool == true)
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.last?["status"] as? String == "failed")
        let outputs = try #require(json["outputs"] as? [String: Any])
        #expect(Set(outputs.keys) == ["external_id"])
    }

    @Test func notStartedJSONHasNullTimesAndNoError() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try AccountReportWriter(folder: run.folder).write(ReportFixtures.notStarted())
        let json = try run.json("accounts/333333333333.json")
        #expect(Set(json.keys) == topLevelKeys)
        #expect(json["status"] as? String == "not-started")
        #expect(json["partition"] as? String == "aws-cn")
        #expect(json["started"] is NSNull)
        #expect(json["finished"] is NSNull)
        #expect((json["steps"] as? [Any])?.isEmpty == true)
        #expect((json["outputs"] as? [String: Any])?.isEmpty == true)
    }

    @Test(arguments: [ReportFixtures.connected(), ReportFixtures.failed(), ReportFixtures.notStarted()])
    func reportsReadBackIntoTheSameResult(result: AccountResult) throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let writer = AccountReportWriter(folder: run.folder)
        try writer.write(result)
        #expect(try writer.read(accountID: result.accountID) == result)
        #expect(try AccountReportWriter.read(from: "\(run.folder.path)/accounts/\(result.accountID).json") == result)
    }

    @Test func statusUpdatesRewriteDataStatus() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let writer = AccountReportWriter(folder: run.folder)
        try writer.write(ReportFixtures.connected())
        try writer.write(ReportFixtures.failed())
        var result = try writer.read(accountID: "111111111111")
        result.outputs.dataStatus = .ready
        result.outputs.dataStatusCheckedAt = ReportFixtures.start.addingTimeInterval(3 * 86400)
        try writer.write(result)
        let all = try writer.readAll()
        #expect(all.map(\.accountID) == ["111111111111", "222222222222"])
        #expect(all[0].outputs.dataStatus == .ready)
        #expect(try run.json("accounts/111111111111.json")["outputs"].flatMap { $0 as? [String: Any] }?["data_status"] as? String == "ready")
        #expect(try run.text("accounts/111111111111.md").contains("**Connected**: billing data is ready (checked 2026-11-30T00:00:00Z)."))
    }

    @Test func filesArePrivate() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try AccountReportWriter(folder: run.folder).write(ReportFixtures.connected())
        #expect(try run.mode("accounts/111111111111.json") == 0o600)
        #expect(try run.mode("accounts/111111111111.md") == 0o600)
    }

    @Test func accountIDsThatAreNotFileNamesAreRefused() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let writer = AccountReportWriter(folder: run.folder)
        for id in ["../111111111111", "", "a/b", "x.json"] {
            #expect(throws: ReportWriteError.self) { try writer.write(ReportFixtures.connected(id)) }
            #expect(throws: ReportReadError.self) { try writer.read(accountID: id) }
        }
    }

    @Test func newerAndMalformedReportsAreClearErrors() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let writer = AccountReportWriter(folder: run.folder)
        try writer.write(ReportFixtures.connected())
        let path = "\(run.folder.path)/accounts/111111111111.json"
        let newer = try run.text("accounts/111111111111.json").replacingOccurrences(of: "\"schema_version\" : 1", with: "\"schema_version\" : 99")
        try run.folder.write(newer, to: "accounts/111111111111.json")
        let error = try #require(throws: ReportReadError.self) { try AccountReportWriter.read(from: path) }
        #expect(error.operation == .unsupportedVersion)
        try run.folder.write("{\"schema_version\": 1, \"account_id\": 5}", to: "accounts/111111111111.json")
        #expect(try #require(throws: ReportReadError.self) { try AccountReportWriter.read(from: path) }.operation == .decode)
        try run.folder.write("not json", to: "accounts/111111111111.json")
        #expect(try #require(throws: ReportReadError.self) { try AccountReportWriter.read(from: path) }.operation == .decode)
        #expect(try #require(throws: ReportReadError.self) { try writer.read(accountID: "999999999999") }.operation == .readFile)
    }

    @Test func connectedMarkdownSaysDataIsPendingAndListsEverything() {
        var result = ReportFixtures.connected()
        result.steps[2].detail = "assumed role | arn:aws:iam::111111111111:role/Admin\nsecond line"
        let markdown = AccountReportWriter.markdown(result)
        #expect(markdown.hasPrefix("# 111111111111 · Acme \\| Co\n"))
        #expect(markdown.contains("**Connected**: data processing pending, expected by 2026-11-29T00:00:20Z."))
        #expect(markdown.contains("| Step | Status | Started | Duration | Detail |"))
        #expect(markdown.contains("| login | succeeded | 2026-11-27T00:00:04Z | 1.5 s | assumed role \\| arn:aws:iam::111111111111:role/Admin second line |"))
        #expect(markdown.contains("| billing-access | attention |"))
        #expect(markdown.contains("- Spot account: `act-12345678` (created)"))
        #expect(markdown.contains("- Spot role: `arn:aws:iam::111111111111:role/SpotRole`"))
        #expect(markdown.contains("- Cost and Usage Report (created): `spot-cur-hourly` to `s3://spot-cur-111111111111/cur` in us-east-1"))
        #expect(markdown.contains("- Stack `SpotFinOps-111111111111` (created)"))
        #expect(markdown.contains("## Manual prerequisites still open\n\n- [ ] Activate IAM user and role access to the Billing console"))
    }

    @Test func failedMarkdownNamesTheStepCodeMessageAndAdvice() {
        let needsPerson = AccountReportWriter.markdown(ReportFixtures.failed(rerunMayFix: false))
        #expect(needsPerson.contains("**Failed** at `cur` with `AccessDenied`:"))
        #expect(needsPerson.contains("> User is not authorized to perform cur:PutReportDefinition"))
        #expect(needsPerson.contains("needs a person first"))
        #expect(!needsPerson.contains("a re-run may fix this"))
        #expect(needsPerson.contains("| cur | failed |"))
        #expect(needsPerson.contains("- External id: `spot-external-id-2`"))

        let passing = AccountReportWriter.markdown(
            ReportFixtures.failed(code: "Throttling", message: "Rate exceeded", rerunMayFix: true))
        #expect(passing.contains("a re-run may fix this"))
        #expect(!passing.contains("needs a person first"))
    }

    @Test func notStartedMarkdownSaysWhy() {
        let markdown = AccountReportWriter.markdown(ReportFixtures.notStarted())
        #expect(markdown.contains("**Not started**"))
        #expect(markdown.contains("- [ ] stopped by --max-failures 1"))
        #expect(!markdown.contains("## Steps"))
        #expect(!markdown.contains("## Outputs"))
    }

    @Test func interruptedReportsNameTheLastCompletedStep() throws {
        let markdown = AccountReportWriter.markdown(ReportFixtures.interrupted())
        #expect(markdown.contains("**Interrupted** after `cur`: the run stopped while this account was mid-workflow"))
        #expect(markdown.contains("`onboard run --resume` finishes it from there."))
        #expect(markdown.contains("| cur | succeeded |"))
        var none = ReportFixtures.interrupted()
        none.steps = []
        #expect(AccountReportWriter.markdown(none).contains("**Interrupted** before its first step finished"))

        let run = try TemporaryRun()
        defer { run.remove() }
        try AccountReportWriter(folder: run.folder).write(ReportFixtures.interrupted())
        let json = try run.json("accounts/555555555555.json")
        #expect(json["status"] as? String == "interrupted")
        #expect(json["error"] == nil)
        #expect(try AccountReportWriter(folder: run.folder).read(accountID: "555555555555") == ReportFixtures.interrupted())
    }
}
