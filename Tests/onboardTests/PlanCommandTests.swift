import Foundation
import TestSupport
import Testing

@Suite("onboard plan (the built binary)")
struct PlanCommandTests {
    private let chinaPrincipals = ["--spot-china-platform-account", "000000000001", "--spot-china-finops-accounts", "000000000002"]
    private let accessRole = ["--access-role-name", "OnboardAccess"]

    @Test func plansTheExampleBatch() async throws {
        let reports = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: reports) }
        let result = try await OnboardProcess.run(["plan", "Inputs/accounts.example.csv", "--reports", reports.path] + chinaPrincipals + accessRole)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("15 accounts planned, 0 blocked, 0 invalid rows"))

        let latest = reports.appendingPathComponent("latest")
        let runID = try FileManager.default.destinationOfSymbolicLink(atPath: latest.path)
        #expect(runID.hasPrefix("plan-"))
        let run = reports.appendingPathComponent(runID)
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent("plan.json"))) as? [String: Any])
        #expect(plan["run_id"] as? String == runID)
        let accounts = try #require(plan["accounts"] as? [[String: Any]])
        #expect(accounts.count == 15)

        // One template per distinct template, each account's stack naming its own.
        let templates = try FileManager.default.contentsOfDirectory(atPath: run.appendingPathComponent("templates").path)
        let named = accounts.compactMap { ($0["stack"] as? [String: Any])?["template_file"] as? String }
        #expect(named.count == 15)
        #expect(Set(named) == Set(templates.map { "templates/\($0)" }))
        #expect(templates.count == 7, "\(templates.sorted())")
        #expect(templates.contains("aws-cn_cloud-analyzer.json") && templates.contains("aws_cloud-analyzer_eco.json"))
        let acme = try #require(accounts.first { $0["account_id"] as? String == "111111111111" })
        let acmeFile = try #require((acme["stack"] as? [String: Any])?["template_file"] as? String)
        let acmeTemplate = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: run.appendingPathComponent(acmeFile))) as? [String: Any])
        #expect(acmeTemplate["AWSTemplateFormatVersion"] as? String == "2010-09-09")
        let china = try #require(accounts.first { $0["account_id"] as? String == "888888888888" })
        #expect(china["partition"] as? String == "aws-cn")
        // Its endpoints, steps and calls are its workflow's, listed once for its shape.
        let workflows = try #require(plan["workflows"] as? [[String: Any]])
        let chinaWorkflow = try #require(workflows.first { $0["id"] as? String == china["workflow"] as? String })
        #expect(workflows.count < accounts.count, "accounts of a shape share a workflow")
        let endpoints = try #require(chinaWorkflow["endpoints"] as? [String: [String: Any]])
        #expect(endpoints["iam"]?["url"] as? String == "https://iam.cn-north-1.amazonaws.com.cn")
        #expect(endpoints["iam"]?["signing_region"] as? String == "cn-north-1")
        #expect(endpoints["cur"]?["url"] as? String == "https://cur.cn-northwest-1.amazonaws.com.cn")
        let report = try #require(china["cost_and_usage_report"] as? [String: Any])
        let definition = try #require(report["definition"] as? [String: Any])
        #expect(definition["s3_region"] as? String == "cn-northwest-1")
        #expect(definition["s3_bucket"] as? String == "spot-cur-888888888888")
        // Every step, with its calls from the steps' declarations.
        let steps = try #require(chinaWorkflow["steps"] as? [[String: Any]])
        #expect(steps.map { $0["step"] as? String }.last == "verify")
        let awsCalls = try #require(chinaWorkflow["aws_calls"] as? [[String: Any]])
        #expect(awsCalls.contains { $0["step"] as? String == "stack" && $0["service"] as? String == "cloudformation" && $0["operation"] as? String == "CreateStack" })
        let spotCalls = try #require(chinaWorkflow["spot_calls"] as? [[String: Any]])
        #expect(spotCalls.contains { $0["method"] as? String == "GET" && $0["path"] as? String == "/setup/account?cloudAccountId=<account_id>" })

        let markdown = try String(contentsOf: run.appendingPathComponent("plan.md"), encoding: .utf8)
        // Names are escaped in Markdown: quotes as character references.
        #expect(markdown.contains("## 555555555555 · Stark Industries &quot;Energy&quot; Division"))
        #expect(markdown.contains("Manual prerequisites"), "444444444444 has not attested billing access")
        #expect(markdown.contains("1. `stack`: create or update stack"))
        #expect(markdown.contains("   - AWS `cloudformation CreateStack`: create the stack"))

        // Reports are private to the operator.
        let folderMode = try FileManager.default.attributesOfItem(atPath: run.path)[.posixPermissions] as? Int
        let fileMode = try FileManager.default.attributesOfItem(atPath: run.appendingPathComponent("plan.json").path)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
        #expect(fileMode == 0o600)
    }

    @Test func chinaRowWithoutPrincipalsIsBlockedAtPartition() async throws {
        let reports = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: reports) }
        let result = try await OnboardProcess.run(["plan", "Inputs/accounts.example.csv", "--reports", reports.path, "--json"] + accessRole)
        #expect(result.status == 1)
        #expect(result.standardError.contains("account 888888888888 blocked at partition: Spot's AWS China principals are not public"))
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(summary["accounts"] as? Int == 15)
        #expect(summary["blocked"] as? Int == 1)
        let run = reports.appendingPathComponent("latest/templates")
        let templates = try FileManager.default.contentsOfDirectory(atPath: run.path)
        #expect(templates.count == 6, "\(templates.sorted())")
        #expect(!templates.contains { $0.hasPrefix("aws-cn_") }, "the China row is blocked: no China template")
    }

    /// `OrganizationAccountAccessRole` exists only in member accounts, so there is no default
    /// access role: a row without `access_role_arn`, `aws_profile` or `--access-role-name` is
    /// blocked at `login` before any network call.
    @Test func rowsWithoutALoginMethodAreBlockedAtLogin() async throws {
        let reports = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: reports) }
        let result = try await OnboardProcess.run(["plan", "Inputs/accounts.example.csv", "--reports", reports.path, "--json"] + chinaPrincipals)
        #expect(result.status == 1)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        // Initech (333333333333) and Soylent (888888888888) name their role; the other 13 do not.
        #expect(summary["blocked"] as? Int == 13)
        #expect(result.standardError.contains("account 111111111111 blocked at login: the row names no way to log in"))
        #expect(!result.standardError.contains("account 333333333333 blocked"))
        #expect(!result.standardError.contains("account 888888888888 blocked"))
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: reports.appendingPathComponent("latest/plan.json"))) as? [String: Any])
        let accounts = try #require(plan["accounts"] as? [[String: Any]])
        let acme = try #require(accounts.first { $0["account_id"] as? String == "111111111111" })
        #expect(acme["blocked_at"] as? String == "login")
        #expect((acme["login"] as? [String: Any])?["method"] as? String == "none")
    }

    @Test func invalidRowsAreReportedAndValidOnesStillPlanned() async throws {
        let reports = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: reports) }
        let result = try await OnboardProcess.run(["plan", "Inputs/accounts.invalid.example.csv", "--reports", reports.path] + accessRole)
        #expect(result.status == 65)
        #expect(result.standardOutput.contains("1 accounts planned, 0 blocked, 16 invalid rows"))
        let markdown = try String(contentsOf: reports.appendingPathComponent("latest/plan.md"), encoding: .utf8)
        #expect(markdown.contains("## Invalid rows (not planned)"))
        #expect(markdown.contains("accounts.invalid.example.csv:16: account_id: 111111111111 repeats the row at line 2"))
    }

    @Test func secondPlanInTheSameSecondGetsItsOwnFolder() async throws {
        let reports = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: reports) }
        for _ in 0..<2 {
            let result = try await OnboardProcess.run(["plan", "Inputs/accounts.example.csv", "--reports", reports.path] + chinaPrincipals + accessRole)
            #expect(result.status == 0)
        }
        let runs = try FileManager.default.contentsOfDirectory(atPath: reports.path).filter { $0.hasPrefix("plan-") }
        #expect(runs.count == 2)
    }

    @Test func badOptionsAreUsageErrors() async throws {
        #expect(try await OnboardProcess.run(["plan", "Inputs/accounts.example.csv", "--stack-name", "9 bad"]).status == 64)
        #expect(try await OnboardProcess.run(["plan", "Inputs/accounts.example.csv", "--spot-china-platform-account", "000000000001"]).status == 64)
        #expect(try await OnboardProcess.run(["plan", "Inputs/accounts.example.csv", "--access-role-name", "has space"]).status == 64)
    }
}
