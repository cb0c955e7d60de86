import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

@Suite("Plan reports")
struct PlanReportTests {
    private func account(_ id: String, name: String, china: Bool = false, products: [Product] = [.cloudAnalyzer], confirmed: Bool = true) -> PayerAccount {
        PayerAccount(
            line: 2, accountID: id, organizationName: name, isChina: china, login: .assumeRole(roleARN: nil, externalID: nil),
            products: products,
            costAndUsageReport: .init(bucket: "spot-cur-\(id)", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: false),
            spotAccountID: nil, spotProfile: "default", billingAccessConfirmed: confirmed)
    }

    /// Settings with an access role: there is no default one.
    private var settings: OnboardingSettings {
        var settings = OnboardingSettings()
        settings.accessRoleName = "OnboardAccess"
        return settings
    }

    @Test func jsonUsesSnakeCaseKeysAndISODates() throws {
        let planner = AccountPlanner(settings: settings)
        let plan = planner.plan(for: account("111111111111", name: "Acme | Co")).plan
        let report = PlanReport(
            runID: "plan-20261127-000000", createdAt: Date(timeIntervalSince1970: 1_795_737_600), input: "a.csv",
            accounts: [plan], invalidRows: [], warnings: [])
        let json = try ReportEncoding.json(report)
        #expect(json.contains("\"schema_version\" : 2"))
        #expect(json.contains("\"created_at\" : \"2026-11-27T00:00:00Z\""))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["run_id"] as? String == "plan-20261127-000000")
        let accounts = try #require(document["accounts"] as? [[String: Any]])
        #expect(accounts.first?["account_id"] as? String == "111111111111")
        #expect(accounts.first?["organization_name"] as? String == "Acme | Co")
        let stack = try #require(accounts.first?["stack"] as? [String: Any])
        #expect(stack["capabilities"] as? [String] == ["CAPABILITY_NAMED_IAM"])
        #expect(stack["template_file"] as? String == "templates/aws_cloud-analyzer.json")
        #expect(stack["parameters"] as? [String] == ["ExternalId", "CostAndUsageReportBucket", "CostAndUsageReportPathPrefix"])
        // The account names its workflow: each step in words, and its calls from the steps'
        // declarations, with placeholders for the account's own values.
        #expect(accounts.first?["steps"] == nil && accounts.first?["endpoints"] == nil, "in the workflow, not the account")
        let workflows = try #require(document["workflows"] as? [[String: Any]])
        #expect(workflows.count == 1)
        let workflow = try #require(workflows.first)
        #expect(accounts.first?["workflow"] as? String == workflow["id"] as? String)
        #expect((workflow["id"] as? String)?.hasPrefix("workflow-") == true)
        #expect(workflow["partition"] as? String == "aws")
        #expect((workflow["endpoints"] as? [String: [String: Any]])?["sts"]?["signing_region"] as? String == "us-east-1")
        let steps = try #require(workflow["steps"] as? [[String: Any]])
        #expect(steps.map { $0["step"] as? String } == WorkflowStep.onboarding.map(\.rawValue))
        let aws = try #require(workflow["aws_calls"] as? [[String: Any]])
        let assume = try #require(aws.first)
        #expect(assume["step"] as? String == "login")
        #expect(assume["service"] as? String == "sts")
        #expect(assume["operation"] as? String == "AssumeRole")
        #expect((assume["condition"] as? [String: Any])?["conditional"] as? Bool == false)
        let createBucket = try #require(aws.first { $0["operation"] as? String == "CreateBucket" })
        #expect(createBucket["service"] as? String == "s3")
        let condition = try #require(createBucket["condition"] as? [String: Any])
        #expect(condition["conditional"] as? Bool == true)
        #expect((condition["when"] as? String)?.contains("the bucket does not exist") == true)
        let spot = try #require(workflow["spot_calls"] as? [[String: Any]])
        #expect(spot.first?["method"] as? String == "GET")
        #expect(spot.first?["path"] as? String == "/setup/account?cloudAccountId=<account_id>")
        #expect(spot.first?["purpose"] is String)
        #expect(spot.first?["step"] as? String == "spot-account")
    }

    @Test func markdownListsEachStepWithItsCalls() {
        let plan = AccountPlanner(settings: settings).plan(for: account("111111111111", name: "Acme")).plan
        let markdown = PlanReportWriter.markdown(
            PlanReport(runID: "plan-x", createdAt: Date(timeIntervalSince1970: 0), input: "a.csv", accounts: [plan], invalidRows: [], warnings: []))
        #expect(markdown.contains("- Endpoints, steps and calls: `\(plan.workflow.id)` (under Workflows)"))
        #expect(markdown.contains("## Workflows"))
        #expect(markdown.contains("### `\(plan.workflow.id)`\n\nPartition `aws` · 1 account"))
        #expect(markdown.contains("- `<account_id>`: account\\_id"))
        // Escaped as every outside value is (a Markdown viewer shows `<role_arn>`).
        #expect(markdown.contains("1. `login`: assume &lt;role\\_arn&gt; from the operator"))
        #expect(markdown.contains("   - AWS `sts AssumeRole`: the payer"))
        #expect(markdown.contains("   - AWS `s3 CreateBucket`: create bucket "))
        #expect(markdown.contains("(only when no compliant report exists to adopt and the bucket does not exist)"))
        #expect(markdown.contains("   - Spot POST `/cbi/v1/setup/account/validation`: validate Cost Intelligence"))
        #expect(markdown.contains("1. `verify`: read back"))
        let register = markdown.components(separatedBy: "1. `register`")[1].components(separatedBy: "1. `verify`")[0]
        #expect(register.contains("/cloudBilling/v1/setup/account/validation"), "each call under its own step")
        #expect(!register.contains("DescribeStacks"))
    }

    @Test("accounts that differ only in their own values share one workflow; another shape has its own")
    func accountsOfAShapeShareAWorkflow() throws {
        let planner = AccountPlanner(settings: settings)
        let acme = planner.plan(for: account("111111111111", name: "Acme")).plan
        let initech = planner.plan(for: account("222222222222", name: "Initech")).plan
        let eco = planner.plan(for: account("333333333333", name: "Hooli", products: [.cloudAnalyzer, .eco])).plan
        let china = planner.plan(for: account("444444444444", name: "Umbrella", china: true)).plan
        let unconfirmed = planner.plan(for: account("555555555555", name: "Globex", confirmed: false)).plan
        #expect(acme.workflow == initech.workflow)
        #expect(Set([acme, eco, china, unconfirmed].map(\.workflow.id)).count == 4)
        // The same id from another planner (another plan): the id is the content's.
        #expect(AccountPlanner(settings: settings).plan(for: account("666666666666", name: "X")).plan.workflow.id == acme.workflow.id)
        // The workflow is the account's own plan with its values replaced by placeholders.
        func generic(_ text: String, _ plan: AccountPlan) -> String {
            text.replacingOccurrences(of: plan.login.target, with: "<role_arn>")
                .replacingOccurrences(of: plan.costAndUsageReport.definition.s3Bucket, with: "<s3_bucket>")
                .replacingOccurrences(of: plan.accountID, with: "<account_id>")
                .replacingOccurrences(of: plan.organizationName, with: "<organization_name>")
                .replacingOccurrences(
                    of: "report \(plan.costAndUsageReport.definition.reportName) to s3://<s3_bucket>/\(plan.costAndUsageReport.definition.s3Prefix) ",
                    with: "report <report_name> to s3://<s3_bucket>/<s3_prefix> ")
        }
        for plan in [acme, initech, eco, china, unconfirmed] {
            #expect(plan.awsCalls.map { generic($0.purpose, plan) } == plan.workflow.awsCalls.map(\.purpose))
            #expect(plan.spotCalls.map { generic($0.path, plan) } == plan.workflow.spotCalls.map(\.path))
            #expect(plan.steps.map { generic($0.summary, plan) } == plan.workflow.steps.map(\.summary))
            #expect(plan.endpoints == plan.workflow.endpoints)
        }
        let report = PlanReport(
            runID: "plan-x", createdAt: Date(timeIntervalSince1970: 0), input: "a.csv", accounts: [acme, eco, initech, china],
            invalidRows: [], warnings: [])
        #expect(report.workflows.map(\.id) == [acme.workflow.id, eco.workflow.id, china.workflow.id])
    }

    @Test func aRowWithoutALoginMethodIsBlockedAtLogin() {
        let plan = AccountPlanner(settings: OnboardingSettings()).plan(for: account("111111111111", name: "Acme")).plan
        #expect(plan.blockedAt == .login)
        #expect(plan.login.method == "none")
        #expect(plan.blockedReason?.contains("OrganizationAccountAccessRole exists only in member accounts") == true)
        #expect(plan.stack == nil)
    }

    @Test func markdownEscapesTableCellsAndListsPrerequisites() {
        let planner = AccountPlanner(settings: settings)
        let plans = [
            planner.plan(for: account("111111111111", name: "Acme | Co", confirmed: false)).plan,
            planner.plan(for: account("222222222222", name: "Far East", china: true)).plan,
        ]
        let problem = AccountListProblem(severity: .error, file: "a.csv", line: 4, column: "account_id", message: "is empty")
        let report = PlanReport(
            runID: "plan-x", createdAt: Date(timeIntervalSince1970: 0), input: "a.csv", accounts: plans,
            invalidRows: [.init(line: 4, problems: [problem])], warnings: [])
        let markdown = PlanReportWriter.markdown(report)
        #expect(markdown.contains("| 2 | 111111111111 | Acme \\| Co | aws |"))
        #expect(markdown.contains("- [ ] Activate IAM user and role access to the Billing console"))
        #expect(markdown.contains("**Blocked at `partition`:** Spot&#39;s AWS China principals are not public"))
        #expect(markdown.contains("- `a.csv:4: account_id: is empty`"))
        #expect(markdown.contains("2 accounts planned (1 blocked before any network call), 1 invalid rows"))
    }
}
