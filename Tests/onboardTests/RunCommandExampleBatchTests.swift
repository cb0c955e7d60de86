import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The README's example batch (Inputs/accounts.example.csv with Inputs/sandbox-scenario.json) on
/// a local cloud of its own (`scripts/local-cloud up` on free ports, stopped afterwards), run
/// twice: it ends as the README says, and the second run creates nothing but what the first one
/// left to do (Tyrell's rolled-back stack).
@Suite("onboard run: the example batch, twice (the built binary, on a local cloud of its own)")
struct RunCommandExampleBatchTests {
    /// What each account ends as in the first run: nil for connected, else (step, code).
    static let firstRun: [String: (step: String, code: String)?] = [
        "111111111111": nil, "222222222222": nil, "333333333333": nil, "444444444444": nil, "555555555555": nil,
        "666666666666": nil, "888888888888": nil, "210987654321": nil, "313131313131": nil, "515151515151": nil,
        "777777777777": ("login", "NotManagementAccount"),
        "999999999999": ("cur", "NonCompliantReport"),
        "012345678901": ("stack", "StackRolledBack"),
        "123456789012": ("cur", "BucketOwnedByAnotherAccount"),
        "414141414141": ("spot-account", "StackNotManagedByOnboard"),
    ]

    @Test("ends as the README says; the second run keeps everything and recreates only the rolled-back stack")
    func exampleBatchTwice() async throws {
        let cloud = try await PrivateLocalCloud.start()
        defer { cloud.stop() }
        let (first, firstOutput) = try await cloud.runExampleBatch()
        #expect(firstOutput.status == 1, "\(firstOutput)")
        for (id, expected) in Self.firstRun {
            let report = try first.account(id)
            if let expected {
                #expect(report.status == "failed", "\(id)")
                #expect(report.error?.step == expected.step && report.error?.code == expected.code,
                    "\(id): \(report.error.map { "\($0.step): \($0.code): \($0.message)" } ?? "connected")")
            } else {
                #expect(report.status == "connected", "\(id): \(report.error.map { "\($0.step): \($0.code): \($0.message)" } ?? "")")
            }
        }
        // Oscorp is already connected to Spot with a role of its own: kept, no stack, no new id.
        let oscorp = try first.account("313131313131")
        #expect(oscorp.outputs.credentialsAction == "keep-existing")
        #expect(oscorp.outputs.spotRoleArn == "arn:aws:iam::313131313131:role/SpotByNetAppConsoleRole")
        #expect(oscorp.outputs.stackAction == "skipped")
        #expect(oscorp.outputs.externalId == nil)
        #expect(oscorp.steps.first { $0.step == "spot-account" }?.detail.contains("kept the existing role ARN") == true)
        #expect(try await cloud.cloud.stacks(account: "313131313131").isEmpty, "no stack in Oscorp")
        // Globex's compliant report in another bucket is adopted, and its role reads that bucket.
        let globex = try first.account("222222222222")
        #expect(globex.outputs.costAndUsageReportAction == "adopted")
        #expect(globex.steps.first { $0.step == "stack" }?.detail.contains("s3://globex-billing-exports/finops/globex-finops-hourly") == true)
        // Bluth's pro-forma report is not adopted: onboard creates its own.
        let bluth = try first.account("515151515151")
        #expect(bluth.outputs.costAndUsageReportAction == "created")
        #expect(bluth.steps.first { $0.step == "cur" }?.detail.contains("pro-forma reports not adopted: bluth-proforma") == true)
        // Initrode's own stack is left exactly as it was, and no Spot account was made for it.
        #expect(try await cloud.cloud.stacks(account: "414141414141").count == 1)
        let before = try await cloud.snapshot()
        #expect(!before.spotAccounts.contains { $0.name == "Initrode" }, "nothing made in Spot for a payer that fails first")

        let (second, secondOutput) = try await cloud.runExampleBatch()
        #expect(secondOutput.status == 1, "\(secondOutput)")
        for (id, expected) in Self.firstRun {
            let report = try second.account(id)
            if id == "012345678901" {
                #expect(report.status == "connected", "Tyrell's stack is deleted and created again")
                #expect(report.outputs.stackAction == "recreated")
            } else if expected == nil {
                #expect(report.status == "connected", "\(id)")
                #expect(["unchanged", "skipped"].contains(report.outputs.stackAction ?? ""), "\(id): \(report.outputs.stackAction ?? "-")")
                #expect(report.outputs.costAndUsageReportAction == "adopted", "\(id)")
                #expect(report.outputs.spotAccountSource != "created", "\(id)")
                // Nothing changed between the runs, so nothing drifted: in aws-cn too, where the
                // roles' policies are read back through the sandbox's correction of moto's partition.
                let raw = try #require(try JSONSerialization.jsonObject(with: try second.data("accounts/\(id).json")) as? [String: Any])
                #expect(raw["drift"] == nil, "\(id): \(raw["drift"] ?? "")")
            } else {
                #expect(report.error?.code == expected?.code, "\(id)")
            }
        }
        let after = try await cloud.snapshot()
        #expect(after.spotAccounts.map(\.accountId).sorted() == before.spotAccounts.map(\.accountId).sorted(), "no Spot account made twice")
        #expect(after.externalIdsIssued == before.externalIdsIssued, "no external id issued on the second run")
        #expect(after.reportDefinitions == before.reportDefinitions, "no report definition made twice")
    }
}

/// The local cloud of a test's own (TestSupport's `PrivateLocalCloud`) as the `onboard run`
/// tests drive it: the built onboard-sandbox, the operator's China credentials as a profile
/// (`local-cloud-cn`, the local cloud's China key), short waits.
extension PrivateLocalCloud {
    static func start() async throws -> PrivateLocalCloud {
        let started = try await start(
            packageRoot: OnboardProcess.packageRoot,
            sandbox: OnboardProcess.executable.deletingLastPathComponent().appendingPathComponent("onboard-sandbox"))
        try "[profile local-cloud-cn]\nregion = cn-north-1\n"
            .write(to: started.folder.appendingPathComponent("aws-config"), atomically: true, encoding: .utf8)
        try "[local-cloud-cn]\naws_access_key_id = testing-cn\naws_secret_access_key = testing\n"
            .write(to: started.folder.appendingPathComponent("aws-credentials"), atomically: true, encoding: .utf8)
        return started
    }

    var cloud: LocalCloud {
        LocalCloud(environment, extra: [
            "LOCAL_CLOUD_DIR": folder.path,
            "AWS_CONFIG_FILE": folder.appendingPathComponent("aws-config").path,
            "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("aws-credentials").path,
            "ONBOARD_QUICK_WAITS": "1",
        ])
    }

    /// Runs the example batch as scripts/demo does; returns the run's reports and the output.
    func runExampleBatch() async throws -> (RunReports, ChildProcess.Output) {
        let reports = folder.appendingPathComponent("reports").path
        let child = try OnboardProcess.start(
            [
                "run", "Inputs/accounts.example.csv", "--reports", reports, "--access-role-name", "OnboardAccess",
                "--china-profile", "local-cloud-cn",
                "--spot-china-platform-account", "000000000001", "--spot-china-finops-accounts", "000000000002",
            ],
            environment: cloud.environment)
        let output = await child.finish(timeout: 300)
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: reports + "/latest")
        return (RunReports(path: reports + "/" + target), output)
    }

    /// What the local cloud holds: Spot accounts, external ids issued, report definitions.
    func snapshot() async throws -> (spotAccounts: [SandboxState.SpotAccount], externalIdsIssued: Int, reportDefinitions: [String: [String]]) {
        let body = try await cloud.control.stateJSON()
        let state = try JSONDecoder().decode(SandboxState.self, from: body)
        let issued = ((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["spotAccounts"] as? [[String: Any]] ?? [])
            .reduce(0) { $0 + ($1["externalIdsIssued"] as? Int ?? 0) }
        return (state.spotAccounts, issued, state.reportDefinitions)
    }
}
