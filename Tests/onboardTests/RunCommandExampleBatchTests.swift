import Foundation
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

/// A local cloud of the test's own: `scripts/local-cloud up` in a private folder, with the
/// example scenario, on free ports.
struct PrivateLocalCloud: Sendable {
    let folder: URL
    let cloud: LocalCloud

    static func start() async throws -> PrivateLocalCloud {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["LOCAL_CLOUD_DIR"] = folder.path
        environment["ONBOARD_SANDBOX"] = OnboardProcess.executable.deletingLastPathComponent().appendingPathComponent("onboard-sandbox").path
        // Started, not waited for: the script writes its exports to `<folder>/env` once both
        // servers answer, and that file is polled (no thread of the test pool is held).
        try Self.launch(["up"], environment: environment)
        let envFile = folder.appendingPathComponent("env").path
        var text = ""
        for _ in 0..<600 where !text.contains("LOCAL_CLOUD_SANDBOX_URL=") {
            try await Task.sleep(for: .milliseconds(100))
            text = (try? String(contentsOfFile: envFile, encoding: .utf8)) ?? ""
        }
        guard text.contains("LOCAL_CLOUD_SANDBOX_URL=") else {
            throw LocalCloud.Unavailable(description: "scripts/local-cloud up wrote no \(envFile) within 60 s")
        }
        var exported = environment.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("SPOTINST_") }
        exported["LOCAL_CLOUD_DIR"] = folder.path
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { exported[pair[0]] = pair[1] }
        }
        // The operator's China credentials: the local cloud's China key, as a profile.
        let config = folder.appendingPathComponent("aws-config").path
        let credentials = folder.appendingPathComponent("aws-credentials").path
        try "[profile local-cloud-cn]\nregion = cn-north-1\n".write(toFile: config, atomically: true, encoding: .utf8)
        try "[local-cloud-cn]\naws_access_key_id = testing-cn\naws_secret_access_key = testing\n"
            .write(toFile: credentials, atomically: true, encoding: .utf8)
        exported["AWS_CONFIG_FILE"] = config
        exported["AWS_SHARED_CREDENTIALS_FILE"] = credentials
        exported["ONBOARD_QUICK_WAITS"] = "1"
        let cloud = LocalCloud(
            sandboxURL: exported["LOCAL_CLOUD_SANDBOX_URL"] ?? "", motoURL: exported["LOCAL_CLOUD_MOTO_URL"] ?? "",
            spotAPIURL: exported["SPOTINST_API_URL"] ?? "", credentialsFile: exported["SPOTINST_SHARED_CREDENTIALS_FILE"],
            environment: exported)
        return PrivateLocalCloud(folder: folder, cloud: cloud)
    }

    /// Runs the example batch as scripts/demo does; returns the run's reports and the output.
    func runExampleBatch() async throws -> (RunReports, OnboardChild.Output) {
        let reports = folder.appendingPathComponent("reports").path
        let child = try OnboardChild(
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
        let response = try await HTTP.send("GET", cloud.sandboxURL + "/sandbox/state", timeout: 10)
        let state = try JSONDecoder().decode(SandboxState.self, from: response.body)
        let issued = ((try JSONSerialization.jsonObject(with: response.body) as? [String: Any])?["spotAccounts"] as? [[String: Any]] ?? [])
            .reduce(0) { $0 + ($1["externalIdsIssued"] as? Int ?? 0) }
        return (state.spotAccounts, issued, state.reportDefinitions)
    }

    /// Stops the two servers (the pids `scripts/local-cloud up` recorded) and removes the folder.
    func stop() {
        for name in ["sandbox.pid", "moto.pid"] {
            if let text = try? String(contentsOfFile: folder.appendingPathComponent(name).path, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
            {
                kill(pid, SIGTERM)
            }
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private static func launch(_ arguments: [String], environment: [String: String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [OnboardProcess.packageRoot.appendingPathComponent("scripts/local-cloud").path] + arguments
        process.currentDirectoryURL = OnboardProcess.packageRoot
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
}
