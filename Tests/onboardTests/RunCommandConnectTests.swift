import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `onboard run` end to end against the local cloud: every account connects, the reports say so,
/// and a second run changes nothing.
@Suite("onboard run: connecting (the built binary, against the local cloud)")
struct RunCommandConnectTests {
    /// Products per row, and whether the row's stack has the FinOps role (Eco's only: Cloud
    /// Analyzer's policies sit on the platform role).
    private static let combinations: [(products: String, finOps: Bool)] = [
        ("cloud-analyzer", false), ("eco", true), ("elastigroup;ocean", false), ("cloud-analyzer;eco;elastigroup;ocean", true),
    ]

    /// Seeds four fresh payers, one per product combination, and runs them; returns the ids.
    private func connectFour(_ fixture: RunFixture) async throws -> (ids: [String], file: String, output: ChildProcess.Output) {
        let ids = Self.combinations.map { _ in FreshNames.accountID() }
        try await fixture.seedManagementAccounts(ids)
        let file = try fixture.writeAccountList(zip(ids, Self.combinations).enumerated().map { index, pair in
            AccountRow(pair.0, "E2E Connect \(index) \(pair.0)", products: pair.1.products)
        })
        let output = try await fixture.run(file)
        return (ids, file, output)
    }

    @Test("every product combination connects, with complete reports, junit, latest and private modes")
    func allProductCombinationsConnect() async throws {
        let fixture = try await RunFixture.make()
        let (ids, _, output) = try await connectFour(fixture)
        #expect(output.status == 0 && !output.signaled, "\(output)")

        let run = try fixture.latestRun()
        for (id, combination) in zip(ids, Self.combinations) {
            let report = try run.account(id)
            #expect(report.status == "connected", "\(id): \(report.error.map { "\($0.step): \($0.code): \($0.message)" } ?? "")")
            #expect(report.schemaVersion >= 1)
            #expect(report.accountId == id)
            #expect(report.steps.map(\.step) == allSteps, "\(id)")
            // `register` asks for attention where a person still acts: eco's FinOps role is handed
            // to Spot by hand, and a new report's first files are pending (Spot's validation warns).
            let attention: Set<String> = combination.products.contains("eco") || combination.products.contains("cloud-analyzer")
                ? ["register"] : []
            #expect(
                report.steps.allSatisfy { $0.status == (attention.contains($0.step) ? "attention" : "succeeded") },
                "\(id): \(report.steps.map { "\($0.step) \($0.status)" })")
            #expect(report.outputs.credentialsAction == "link", "\(id)")
            if combination.products.contains("eco") {
                #expect((report.manualPrerequisites ?? []).contains { $0.contains("FinOps role ARN") && $0.contains(report.outputs.externalId ?? "?") }, "\(id)")
            }
            #expect(report.outputs.spotRoleArn == "arn:aws:iam::\(id):role/SpotOnboardingRole", "\(id)")
            #expect(report.outputs.externalId?.isEmpty == false, "\(id) has an external id")
            #expect(report.outputs.spotAccountId?.hasPrefix("act-") == true, "\(id) has a Spot account")
            if combination.finOps {
                #expect(report.outputs.finOpsRoleArn == "arn:aws:iam::\(id):role/SpotOnboardingFinOpsRole", "\(id) \(combination.products)")
            } else {
                #expect(report.outputs.finOpsRoleArn == nil, "\(id) \(combination.products) has no FinOps role")
            }
            let registered = Set(report.outputs.registeredProducts ?? [])
            #expect(registered == (combination.products.contains("cloud-analyzer") ? ["cloudBilling", "cbi"] : []), "\(id)")
            #expect(report.outputs.stackAction == "created")
            #expect(FileManager.default.fileExists(atPath: run.path + "/accounts/\(id).md"))
            // One template per distinct template (here, per product combination), named after it.
            let products = combination.products.split(separator: ";").joined(separator: "_")
            #expect(FileManager.default.fileExists(atPath: run.path + "/templates/aws_\(products).json"), "\(id)")
        }

        // The Spot organization now holds exactly these four, each linked to its payer.
        let spot = try await fixture.cloud.spotAccounts(token: fixture.token)
        #expect(Set(spot.compactMap(\.providerExternalId)) == Set(ids))
        #expect(spot.count == 4)

        // summary.json, summary.csv, junit.xml.
        let summary = try run.summary()
        #expect(summary.runId == run.runID)
        #expect(summary.counts == .init(total: 4, connected: 4, failed: 0, notStarted: 0))
        #expect(Set(summary.accounts.map(\.accountId)) == Set(ids))
        let csv = try run.text("summary.csv").split(separator: "\r\n").map(String.init)
        #expect(csv.first?.hasPrefix("account_id,organization_name,status,") == true)
        #expect(csv.count == 5, "header and four rows: \(csv)")
        for id in ids {
            #expect(csv.contains { $0.hasPrefix("\(id),") && $0.split(separator: ",")[2] == "connected" }, "\(id) in summary.csv")
        }
        let junit = try run.text("junit.xml")
        #expect(junit.components(separatedBy: "<testcase ").count - 1 == 4)
        #expect(junit.contains("tests=\"4\" failures=\"0\""), "\(junit)")
        #expect(!junit.contains("<failure"))
        #expect(FileManager.default.fileExists(atPath: run.path + "/summary.md"))
        #expect(FileManager.default.fileExists(atPath: run.path + "/journal.jsonl"))

        // latest points at this run, relatively.
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: fixture.reports + "/latest") == summary.runId)

        // Every file 0600, every folder 0700, no temporary file left behind.
        var checked = 0
        let walker = try #require(FileManager.default.enumerator(atPath: fixture.reports))
        var paths = [fixture.reports]
        while let relative = walker.nextObject() as? String { paths.append(fixture.reports + "/" + relative) }
        for path in paths {
            var status = stat()
            try #require(lstat(path, &status) == 0, "lstat \(path)")
            let mode = status.st_mode & 0o777
            switch status.st_mode & S_IFMT {
            case S_IFDIR:
                #expect(mode == 0o700, "\(path) is a folder with mode \(String(mode, radix: 8))")
            case S_IFREG:
                #expect(mode == 0o600, "\(path) is a file with mode \(String(mode, radix: 8))")
                #expect(!path.hasSuffix(".tmp"), "temporary file left: \(path)")
            default:
                continue
            }
            checked += 1
        }
        #expect(checked >= 20, "walked \(checked) entries")
    }

    @Test("a second run over the same list creates nothing: Spot accounts, reports, buckets and stacks are the same")
    func secondRunIsIdempotent() async throws {
        let fixture = try await RunFixture.make()
        let (ids, file, first) = try await connectFour(fixture)
        try #require(first.status == 0, "the first run: \(first)")
        let firstRun = try fixture.latestRun()

        func snapshot() async throws -> (spot: [String], definitions: [String: [String]], buckets: [String: [String]], stacks: [String: [String]]) {
            let spot = try await fixture.cloud.spotAccounts(token: fixture.token).map(\.accountId).sorted()
            let state = try await fixture.cloud.state()
            var definitions: [String: [String]] = [:]
            var buckets: [String: [String]] = [:]
            var stacks: [String: [String]] = [:]
            for id in ids {
                definitions[id] = (state.reportDefinitions[id] ?? []).sorted()
                buckets[id] = try await fixture.cloud.buckets(account: id).sorted()
                stacks[id] = try await fixture.cloud.stacks(account: id).map { "\($0.id) \($0.status)" }.sorted()
            }
            return (spot, definitions, buckets, stacks)
        }
        let before = try await snapshot()
        #expect(before.spot.count == 4)
        for id in ids {
            #expect(before.definitions[id] == ["spot-cur-hourly"], "\(id)")
            #expect(before.buckets[id] == ["spot-cur-\(id)"], "\(id)")
            #expect(before.stacks[id]?.count == 1, "\(id): \(before.stacks[id] ?? [])")
        }

        let second = try await fixture.run(file)
        #expect(second.status == 0 && !second.signaled, "\(second)")
        let after = try await snapshot()
        #expect(after.spot == before.spot, "Spot accounts of the organization")
        #expect(after.definitions == before.definitions, "CUR definitions")
        #expect(after.buckets == before.buckets, "buckets")
        #expect(after.stacks == before.stacks, "stacks")

        let secondRun = try fixture.latestRun()
        #expect(secondRun.runID != firstRun.runID)
        for id in ids {
            let was = try firstRun.account(id)
            let now = try secondRun.account(id)
            #expect(now.status == "connected", "\(id)")
            #expect(now.outputs.stackAction == "unchanged", "\(id): the stack was \(now.outputs.stackAction ?? "-")")
            #expect(now.outputs.stackId == was.outputs.stackId, "\(id)")
            #expect(now.outputs.spotAccountId == was.outputs.spotAccountId, "\(id)")
            #expect(now.outputs.spotAccountSource == "found", "\(id)")
            #expect(now.outputs.externalId == was.outputs.externalId, "\(id): the external id in force is kept")
            #expect(now.outputs.costAndUsageReportAction == "adopted", "\(id)")
        }
    }

    @Test("a new role is handed to Spot only once IAM has propagated it (an 8 s window for this payer's roles)")
    func registerWaitsForIAMPropagation() async throws {
        let fixture = try await RunFixture.make()
        let id = FreshNames.accountID()
        try await fixture.seedManagementAccounts([id])
        // A window far longer than the stack step takes even on a loaded machine, so Spot refuses
        // the role at least once: the register step must try again, not fail.
        try await fixture.cloud.addFaults([Fault(account: id, action: "iam-propagation", propagationSeconds: 8)])
        let file = try fixture.writeAccountList([AccountRow(id, "E2E Propagation \(id)", products: "elastigroup")])
        let output = try await fixture.run(file)
        #expect(output.status == 0, "\(output)")

        let run = try fixture.latestRun()
        let report = try run.account(id)
        #expect(report.status == "connected")
        // The role is created during `stack`; Spot accepts it no earlier than 8 s after that, so
        // `register` ends at least ~7 s (allowing for moto's whole-second CreateDate) after
        // `stack` started. Read from the journal, which keeps milliseconds.
        let records = try run.journal().filter { $0.kind == "step-finished" && $0.accountId == id }.compactMap(\.record)
        let stack = try #require(records.first { $0.step == "stack" })
        let register = try #require(records.first { $0.step == "register" })
        let stackStarted = try #require(parseTime(stack.started))
        let registerEnded = try #require(parseTime(register.started)).addingTimeInterval(register.durationSeconds)
        #expect(registerEnded.timeIntervalSince(stackStarted) >= 7.0,
            "register ended \(registerEnded.timeIntervalSince(stackStarted)) s after the stack started")
        let detail = try #require(report.steps.first { $0.step == "register" }?.detail)
        #expect(detail.contains("tries") && detail.contains("IAM propagation"), "\(detail)")
    }
}
