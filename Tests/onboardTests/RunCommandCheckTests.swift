import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `onboard check` on part of the README's example batch, on a local cloud of its own: before
/// the run it says what the run would do; after it, in sync; after the local cloud is changed
/// behind onboard's back (a report definition modified, a stack deleted, a role's trust edited)
/// it names exactly those accounts; and a `run` repairs what it may and leaves the customer's
/// changed report with the fix for a person. Every check is held to zero requests that change
/// anything, as the sandbox counted them (`/sandbox/state`'s `requestCounts`).
@Suite("onboard check: what run would do, drift, and run's repairs (the built binary, on a local cloud of its own)")
struct RunCommandCheckTests {
    /// Globex (an adopted report; its role's trust is edited), Bluth (onboard's new report; it is
    /// modified), Wayne (elastigroup, a given Spot account; its stack is deleted), Oscorp (a
    /// role in force kept; left alone).
    static let accounts = ["222222222222", "515151515151", "666666666666", "313131313131"]

    @Test("before the run: would change; after it: in sync; after changes behind its back: exactly those accounts, then repaired")
    func checkRunDriftRepair() async throws {
        let cloud = try await PrivateLocalCloud.start()
        defer { cloud.stop() }
        let list = cloud.folder.appendingPathComponent("accounts.csv")
        let example = try String(contentsOf: OnboardProcess.packageRoot.appendingPathComponent("Inputs/accounts.example.csv"), encoding: .utf8)
        let lines = example.split(separator: "\n")
        try ([String(lines[0])] + lines.dropFirst().filter { line in Self.accounts.contains { line.hasPrefix($0 + ",") } }.map(String.init))
            .joined(separator: "\n").appending("\n").write(to: list, atomically: true, encoding: .utf8)

        // Before any run: every account would change, and nothing is changed.
        let before = try await cloud.check(list)
        #expect(before.output.status == 1, "\(before.output)")
        for id in Self.accounts {
            let report = try before.reports.json("accounts/\(id).json")
            let check = try #require(report["check"] as? [String: Any], "\(id) has a check")
            #expect(check["verdict"] as? String == "would-change", "\(id): \(check)")
            #expect(report["drift"] == nil, "\(id): nothing to drift from yet")
        }
        let wayneSteps = try Self.actions(try before.reports.json("accounts/666666666666.json"))
        // Wayne's Spot account is the row's (adopted), and a new external id is issued for it (created).
        #expect(wayneSteps["stack"] == "create" && wayneSteps["spot-account"] == "create", "\(wayneSteps)")
        let wayneDetail = try #require(
            (try before.reports.json("accounts/666666666666.json")["check"] as? [String: Any])?["steps"] as? [[String: Any]])
            .first { $0["step"] as? String == "spot-account" }?["detail"] as? String
        #expect(wayneDetail?.contains("a run would adopt Spot account act-1a2b3c4d") == true, "\(wayneDetail ?? "")")
        #expect(try Self.actions(try before.reports.json("accounts/313131313131.json"))["spot-account"] == "adopt",
            "Oscorp's Spot account, connected with a role of its own, is taken up as it is")
        let bluthSteps = try Self.actions(try before.reports.json("accounts/515151515151.json"))
        #expect(bluthSteps["cur"] == "create" && bluthSteps["register"] == "create", "\(bluthSteps)")
        #expect(try Self.actions(try before.reports.json("accounts/222222222222.json"))["cur"] == "adopt")
        #expect(before.mutations.isEmpty, "a check changed something: \(before.mutations)")
        // The printed result: the verdicts counted from the summary, each account's planned steps
        // from its whole result.
        let printed = before.output.standardOutput
        #expect(printed.contains(": 4 accounts: 0 in-sync, 4 would-change, 0 drifted, 0 blocked"), "\(printed)")
        #expect(printed.contains("  666666666666 Wayne Enterprises: would-change\n    "), "\(printed)")
        #expect(try before.reports.json("summary.json")["accounts"].flatMap { $0 as? [[String: Any]] }?
            .allSatisfy { $0["check_verdict"] as? String == "would-change" } == true, "the summary names each verdict")
        #expect(try await cloud.cloud.stacks(account: "666666666666").isEmpty, "no stack made by the check")

        // The run connects them all; the check after it finds every account in sync.
        let run = try await cloud.runList(list)
        #expect(run.output.status == 0, "\(run.output)")
        let synced = try await cloud.check(list)
        #expect(synced.output.status == 0, "\(synced.output)")
        for id in Self.accounts {
            let check = try #require(try synced.reports.json("accounts/\(id).json")["check"] as? [String: Any])
            #expect(check["verdict"] as? String == "in-sync", "\(id): \(check)")
            #expect(check["compared_with"] as? String == run.reports.runID, "\(id)")
        }
        #expect(synced.mutations.isEmpty, "a check changed something: \(synced.mutations)")
        #expect(synced.output.standardOutput.contains("4 in-sync"), "\(synced.output.standardOutput)")

        // Behind onboard's back: Bluth's report made daily, Wayne's stack deleted, Globex's role's trust edited.
        try await cloud.modifyReport(account: "515151515151", name: "spot-cur-hourly") { $0.TimeUnit = "DAILY" }
        try await cloud.deleteStack(account: "666666666666", name: "spot-onboarding")
        try await cloud.updateTrust(
            account: "222222222222", role: "SpotOnboardingRole",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}"#)
        // And Bluth's role given a policy of the customer's (s3:* on everything) beside Spot's.
        try await cloud.attachPolicy(
            account: "515151515151", role: "SpotOnboardingRole", name: "customer-wide-s3",
            document: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        let drifted = try await cloud.check(list)
        #expect(drifted.output.status == 1, "\(drifted.output)")
        #expect(drifted.mutations.isEmpty, "a check changed something: \(drifted.mutations)")
        let expected: [String: [String]] = [
            "515151515151": ["report-definition-changed", "role-permissions-changed"], "666666666666": ["stack-gone"],
            "222222222222": ["role-trust-changed"],
        ]
        for id in Self.accounts {
            let report = try drifted.reports.json("accounts/\(id).json")
            let check = try #require(report["check"] as? [String: Any])
            let findings = (report["drift"] as? [[String: Any]] ?? []).compactMap { $0["finding"] as? String }
            if let finding = expected[id] {
                #expect(check["verdict"] as? String == "drifted", "\(id): \(check)")
                #expect(findings == finding, "\(id): \(findings)")
            } else {
                #expect(check["verdict"] as? String == "in-sync", "\(id) was left alone: \(check), \(findings)")
            }
        }
        #expect(drifted.output.standardOutput.contains(": 4 accounts: 1 in-sync, 0 would-change, 3 drifted, 0 blocked"),
            "\(drifted.output.standardOutput)")
        #expect(drifted.output.standardOutput.contains("    drift stack-gone: "), "\(drifted.output.standardOutput)")
        let bluthFinding = try #require((try drifted.reports.json("accounts/515151515151.json")["drift"] as? [[String: Any]])?.first)
        #expect(bluthFinding["remedy"] as? String == "person")
        #expect((bluthFinding["detail"] as? String)?.contains("TimeUnit HOURLY → DAILY") == true, "\(bluthFinding)")
        let bluthPermissions = try #require((try drifted.reports.json("accounts/515151515151.json")["drift"] as? [[String: Any]])?
            .first { $0["finding"] as? String == "role-permissions-changed" })
        #expect(bluthPermissions["remedy"] as? String == "person")
        let permissionsDetail = bluthPermissions["detail"] as? String ?? ""
        #expect(permissionsDetail.contains("1 permission Spot does not publish was added (s3:* on *) by customer-wide-s3"), "\(permissionsDetail)")
        #expect(!permissionsDetail.contains("are gone"), "Spot's own policies are all still attached: \(permissionsDetail)")
        #expect((bluthPermissions["fix"] as? String)?.contains("onboard does not detach what someone attached (customer-wide-s3)") == true,
            "\(bluthPermissions)")
        let wayneFinding = try #require((try drifted.reports.json("accounts/666666666666.json")["drift"] as? [[String: Any]])?.first)
        #expect(wayneFinding["remedy"] as? String == "run")
        #expect(try Self.actions(try drifted.reports.json("accounts/666666666666.json"))["stack"] == "create")
        let summary = try drifted.reports.json("summary.json")
        #expect((summary["counts"] as? [String: Any])?["connected"] as? Int == 1, "\(summary)")

        // The run repairs Wayne's stack; Bluth's changed report and Globex's trust are left, each with a fix.
        let repair = try await cloud.runList(list)
        #expect(repair.output.status == 1, "\(repair.output)")
        let wayne = try repair.reports.json("accounts/666666666666.json")
        #expect(wayne["status"] as? String == "connected", "\(wayne)")
        let repairs = (wayne["repairs"] as? [[String: Any]] ?? []).map { "\($0["change"] ?? "") \($0["subject"] ?? "")" }
        #expect(repairs == ["create stack spot-onboarding"], "\(repairs)")
        #expect(try await cloud.cloud.stacks(account: "666666666666").contains { $0.status == "CREATE_COMPLETE" })
        let bluth = try repair.reports.json("accounts/515151515151.json")
        #expect((bluth["error"] as? [String: Any])?["code"] as? String == "NonCompliantReport", "\(bluth)")
        #expect((bluth["drift"] as? [[String: Any]])?.first?["fix"] != nil, "\(bluth)")
        #expect(try await cloud.cloud.reportDefinitions(account: "515151515151").first { $0.ReportName == "spot-cur-hourly" }?.TimeUnit == "DAILY",
            "the customer's change is left as it is")
        #expect((bluth["drift"] as? [[String: Any]] ?? []).contains { $0["finding"] as? String == "role-permissions-changed" }, "\(bluth)")
        #expect(try await cloud.attachedPolicyNames(account: "515151515151", role: "SpotOnboardingRole").contains("customer-wide-s3"),
            "the customer's policy is left attached")
        let globex = try repair.reports.json("accounts/222222222222.json")
        #expect((globex["drift"] as? [[String: Any]])?.first?["finding"] as? String == "role-trust-changed", "\(globex)")
        #expect((globex["manual_prerequisites"] as? [String] ?? []).contains { $0.contains("update-assume-role-policy") }, "\(globex)")
        #expect(repair.output.standardOutput.contains("666666666666 Wayne Enterprises: repaired: create stack spot-onboarding"),
            "\(repair.output.standardOutput)")
    }

    /// Each step's check action, by step.
    static func actions(_ report: [String: Any]) throws -> [String: String] {
        let steps = try #require((report["check"] as? [String: Any])?["steps"] as? [[String: Any]])
        return Dictionary(steps.compactMap { step in (step["step"] as? String).map { ($0, step["action"] as? String ?? "") } },
            uniquingKeysWith: { $1 })
    }
}

/// A run folder's files as JSON.
struct CheckFolder: Sendable {
    let path: String
    var runID: String { (path as NSString).lastPathComponent }

    func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(relative) is a JSON object")
    }
}

extension PrivateLocalCloud {
    private var reportsPath: String { folder.appendingPathComponent("reports").path }

    private var commonOptions: [String] {
        ["--reports", reportsPath, "--access-role-name", "OnboardAccess"]
    }

    /// `onboard check LIST`: its folder, its output, and the requests it sent that change
    /// something (service operation method: count), from the sandbox's counts before and after.
    func check(_ list: URL) async throws -> (reports: CheckFolder, output: ChildProcess.Output, mutations: [String: Int]) {
        let before = try await requestCounts()
        let output = await (try OnboardProcess.start(["check", list.path] + commonOptions, environment: cloud.environment))
            .finish(timeout: 120)
        let after = try await requestCounts()
        var mutations: [String: Int] = [:]
        for (key, count) in after where Self.changes(key) && count > before[key, default: 0] {
            mutations[key] = count - before[key, default: 0]
        }
        return (try latest(), output, mutations)
    }

    /// `onboard run LIST`.
    func runList(_ list: URL) async throws -> (reports: CheckFolder, output: ChildProcess.Output) {
        let output = await (try OnboardProcess.start(["run", list.path] + commonOptions, environment: cloud.environment))
            .finish(timeout: 180)
        return (try latest(), output)
    }

    private func latest() throws -> CheckFolder {
        CheckFolder(path: reportsPath + "/" + (try FileManager.default.destinationOfSymbolicLink(atPath: reportsPath + "/latest")))
    }

    /// Whether a counted request (`service operation method`) can change anything: an AWS
    /// operation that is not a Describe, Get, List or Head (AssumeRole issues credentials and
    /// changes no resource), or a Spot request that is not a GET.
    static func changes(_ key: String) -> Bool {
        let parts = key.split(separator: " ").map(String.init)
        guard parts.count == 3 else { return true }
        if parts[0] == "spot" { return parts[2] != "GET" }
        if parts[1] == "AssumeRole" { return false }
        return !["Describe", "Get", "List", "Head"].contains { parts[1].hasPrefix($0) }
    }

    /// The sandbox's request counts, keyed `service operation method`.
    func requestCounts() async throws -> [String: Int] {
        let body = try await cloud.control.stateJSON()
        let state = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let counts = try #require(state["requestCounts"] as? [[String: Any]], "the sandbox's state has requestCounts")
        var keyed: [String: Int] = [:]
        for entry in counts {
            let key = "\(entry["service"] ?? "") \(entry["operation"] ?? "") \(entry["method"] ?? "")"
            keyed[key, default: 0] += entry["count"] as? Int ?? 0
        }
        return keyed
    }

    /// CUR ModifyReportDefinition through the sandbox's CUR API, as the customer's console does.
    func modifyReport(account: String, name: String, _ change: (inout CURDefinition) -> Void) async throws {
        var definition = try #require(try await cloud.reportDefinitions(account: account).first { $0.ReportName == name })
        change(&definition)
        struct Modify: Encodable {
            var ReportName: String
            var ReportDefinition: CURDefinition
        }
        let response = try await LoopbackHTTP.send(
            "POST", cloud.sandboxURL + "/",
            headers: [
                "x-moto-account-id": account, "Authorization": LocalCloud.unsignedAuthorization(service: "cur"),
                "X-Amz-Target": "AWSOrigamiServiceGatewayService.ModifyReportDefinition",
                "Content-Type": "application/x-amz-json-1.1",
            ],
            body: try JSONEncoder().encode(Modify(ReportName: name, ReportDefinition: definition)))
        #expect(response.status == 200, "ModifyReportDefinition: \(response.text)")
    }

    /// CloudFormation DeleteStack through the sandbox (which detaches the stack's managed
    /// policies first, as CloudFormation's order does).
    func deleteStack(account: String, name: String) async throws {
        let response = try await LoopbackHTTP.send(
            "POST", cloud.sandboxURL + "/",
            headers: [
                "x-moto-account-id": account, "Authorization": LocalCloud.unsignedAuthorization(service: "cloudformation"),
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Data("Action=DeleteStack&StackName=\(name)&Version=2010-05-15".utf8))
        #expect(response.status == 200, "DeleteStack: \(response.text)")
        for _ in 0..<50 where try await !cloud.stacks(account: account).allSatisfy({ $0.status == "DELETE_COMPLETE" }) {
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// IAM UpdateAssumeRolePolicy in moto.
    func updateTrust(account: String, role: String, document: String) async throws {
        let encoded = document.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? document
        let response = try await LoopbackHTTP.send(
            "POST", cloud.motoURL + "/",
            headers: [
                "x-moto-account-id": account, "Authorization": LocalCloud.unsignedAuthorization(service: "iam"),
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Data("Action=UpdateAssumeRolePolicy&RoleName=\(role)&PolicyDocument=\(encoded)&Version=2010-05-08".utf8))
        #expect(response.status == 200, "UpdateAssumeRolePolicy: \(response.text)")
    }

    /// IAM CreatePolicy and AttachRolePolicy in moto, as a customer's console does: a managed
    /// policy `name` with `document`, attached to `role`.
    func attachPolicy(account: String, role: String, name: String, document: String) async throws {
        let encoded = document.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? document
        let created = try await iam(account: account, "Action=CreatePolicy&PolicyName=\(name)&PolicyDocument=\(encoded)")
        #expect(created.status == 200, "CreatePolicy: \(created.text)")
        let arn = "arn:aws:iam::\(account):policy/\(name)".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
        let attached = try await iam(account: account, "Action=AttachRolePolicy&RoleName=\(role)&PolicyArn=\(arn)")
        #expect(attached.status == 200, "AttachRolePolicy: \(attached.text)")
    }

    /// The names of the managed policies attached to `role` (IAM ListAttachedRolePolicies in moto).
    func attachedPolicyNames(account: String, role: String) async throws -> [String] {
        let listed = try await iam(account: account, "Action=ListAttachedRolePolicies&RoleName=\(role)")
        return listed.text.matches(of: /<PolicyName>([^<]*)<\/PolicyName>/).map { String($0.output.1) }
    }

    /// One IAM query call to moto for `account`, `query` without its version.
    private func iam(account: String, _ query: String) async throws -> (status: Int, text: String) {
        let response = try await LoopbackHTTP.send(
            "POST", cloud.motoURL + "/",
            headers: [
                "x-moto-account-id": account, "Authorization": LocalCloud.unsignedAuthorization(service: "iam"),
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Data("\(query)&Version=2010-05-08".utf8))
        return (response.status, response.text)
    }
}
