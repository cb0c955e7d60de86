import Foundation
import TestSupport
import Testing

/// `onboard offboard` end to end on a local cloud of its own: three payers onboarded (one with a
/// report of its own that onboard adopts, one whose Spot account existed before and is found),
/// then a dry run, `--apply --delete-cur-definition`, and the same again. What remains is
/// counted at the local cloud (Spot accounts with their credentials and registrations in the
/// sandbox, stacks in moto, CUR definitions in the sandbox, buckets and objects in moto), never
/// taken from onboard's reports.
@Suite("onboard offboard: dry run, apply, apply again (the built binary, on a local cloud of its own)")
struct RunCommandOffboardTests {
    /// Every operation that changes something, as the sandbox's fault rules name them: a
    /// latency rule of 0 s on each counts the calls (`fired`) without changing them.
    static let mutations: [(service: String, operation: String)] = [
        ("spot", "CreateAccount"), ("spot", "UpdateAccount"), ("spot", "DeleteAccount"), ("spot", "CreateExternalId"),
        ("spot", "SetCredentials"), ("spot", "SetupCloudBilling"), ("spot", "SetupCostIntelligence"),
        ("cur", "PutReportDefinition"), ("cur", "ModifyReportDefinition"), ("cur", "DeleteReportDefinition"),
        ("cloudformation", "CreateStack"), ("cloudformation", "UpdateStack"), ("cloudformation", "DeleteStack"),
        ("s3", "CreateBucket"), ("s3", "PutBucketPolicy"), ("s3", "DeleteBucketPolicy"), ("s3", "DeleteBucket"),
        ("s3", "PutObject"), ("s3", "DeleteObject"),
    ]

    /// What the local cloud holds for the payers, as counted there.
    struct Holdings: Equatable, CustomStringConvertible {
        /// The organization's Spot accounts: id → (linked AWS account, role in force, billing, Cost Intelligence).
        var spotAccounts: [String: String]
        /// Live (not DELETE_COMPLETE) stacks per payer.
        var stacks: [String: [String]]
        var reportDefinitions: [String: [String]]
        var buckets: [String: [String]]
        /// Objects per bucket.
        var objects: [String: [String]]

        var description: String {
            "spot \(spotAccounts)\nstacks \(stacks)\ncur \(reportDefinitions)\nbuckets \(buckets)\nobjects \(objects)"
        }
    }

    @Test("the dry run changes nothing; --apply deletes only what onboard made; again changes nothing")
    func offboardDryRunApplyAgain() async throws {
        let local = try await PrivateLocalCloud.start()
        defer { local.stop() }
        let fixture = try RunFixture(local.cloud)
        let (plain, adopted, found) = (FreshNames.accountID(), FreshNames.accountID(), FreshNames.accountID())
        let payers = [plain, adopted, found]
        let adoptedBucket = "offboard-own-\(adopted)"
        try await fixture.seed(
            payers: payers.map { Scenario.Payer(accountId: $0) },
            buckets: [.init(name: adoptedBucket, owner: adopted, region: "us-east-1", allowBillingReports: true)],
            reports: [.init(account: adopted, definition: CURDefinition(
                ReportName: "customer-hourly", TimeUnit: "HOURLY", Format: "Parquet", Compression: "Parquet",
                AdditionalSchemaElements: ["RESOURCES"], S3Bucket: adoptedBucket, S3Prefix: "exports", S3Region: "us-east-1",
                AdditionalArtifacts: ["ATHENA"], RefreshClosedReports: true, ReportVersioning: "OVERWRITE_REPORT"))])
        // The found payer's Spot account exists before onboard: given by the first run's row,
        // found (Spot lists it for the payer) by the second run.
        let existing = try await Self.createSpotAccount(fixture, name: "E2E Offboard Found \(found)")
        let first = try Self.writeList(fixture, [(plain, "E2E Offboard Plain", ""), (adopted, "E2E Offboard Adopted", ""), (found, "E2E Offboard Found \(found)", existing)], name: "onboard.csv")
        let onboarded = try await fixture.run(first)
        #expect(onboarded.status == 0, "\(onboarded)")
        let again = try Self.writeList(fixture, [(found, "E2E Offboard Found \(found)", "")], name: "found.csv")
        let refound = try await fixture.run(again)
        #expect(refound.status == 0, "\(refound)")
        let second = try fixture.latestRun()
        #expect(try second.account(found).outputs.spotAccountSource == "found")

        // Delivered files in every report's bucket (the bucket and its objects are never touched).
        let buckets = [plain: "spot-cur-\(plain)", adopted: adoptedBucket, found: "spot-cur-\(found)"]
        for (payer, bucket) in buckets { try await Self.putObject(local, account: payer, bucket: bucket, key: "cur/delivered.parquet") }
        try await local.cloud.addFaults(Self.mutations.map { Fault(service: $0.service, operation: $0.operation, action: "latency", latencySeconds: 0) })

        let onboardedState = try await Self.holdings(local, fixture, payers: payers)
        #expect(onboardedState.spotAccounts.count == 3, "\(onboardedState)")
        #expect(payers.allSatisfy { onboardedState.stacks[$0]?.count == 1 }, "\(onboardedState)")

        // The dry run: only read calls, nothing changed at the local cloud.
        let list = try Self.writeList(fixture, payers.map { ($0, "E2E Offboard \($0)", "") }, name: "leaving.csv")
        let dryRun = try await Self.offboard(fixture, list, ["--delete-cur-definition"])
        #expect(dryRun.status == 0, "\(dryRun)")
        let firedInDryRun = try await Self.fired(local)
        #expect(firedInDryRun.isEmpty, "mutating calls in the dry run: \(firedInDryRun)")
        let afterDryRun = try await Self.holdings(local, fixture, payers: payers)
        #expect(afterDryRun == onboardedState, "\(afterDryRun)")
        let planned = try fixture.latestRun()
        #expect(planned.runID.hasPrefix("offboard-"))
        for payer in payers {
            let report = try planned.account(payer)
            #expect(report.status == "dry-run", "\(payer): \(report.error.map { "\($0.step): \($0.code): \($0.message)" } ?? "")")
            #expect(report.steps.map(\.step) == ["input", "partition", "login", "deregister", "delete-stack", "delete-cur"])
        }
        #expect(try Self.detail(planned, plain, "deregister").contains("would delete Spot account"))
        #expect(try Self.detail(planned, found, "deregister").contains("kept Spot account \(existing)"))
        #expect(try Self.detail(planned, adopted, "delete-cur").contains("kept report definition customer-hourly"))
        #expect(try Self.detail(planned, plain, "delete-cur").contains("would delete report definition spot-cur-hourly"))
        for payer in payers { #expect(try Self.detail(planned, payer, "delete-stack").contains("would delete onboard's stack spot-onboarding")) }
        // The printed result: the counts, and each account's steps in words (from its whole result).
        #expect(dryRun.standardOutput.contains(": 3 accounts: 3 dry-run (nothing changed; --apply acts), 0 failed, 0 not started"),
            "\(dryRun.standardOutput)")
        for payer in payers {
            #expect(dryRun.standardOutput.contains("  \(payer) delete-stack: \(try Self.detail(planned, payer, "delete-stack"))"),
                "\(dryRun.standardOutput)")
        }

        // --apply: exactly what the dry run listed.
        let applied = try await Self.offboard(fixture, list, ["--apply", "--delete-cur-definition"])
        #expect(applied.status == 0, "\(applied)")
        let done = try fixture.latestRun()
        for payer in payers { #expect(try done.account(payer).status == "offboarded", "\(payer)") }
        let counts = (try JSONSerialization.jsonObject(with: try done.data("summary.json")) as? [String: Any])?["counts"] as? [String: Any]
        #expect(counts?["offboarded"] as? Int == 3 && counts?["total"] as? Int == 3, "\(counts ?? [:])")
        #expect(try done.account(found).manualPrerequisites?.contains { $0.contains(existing) && $0.contains("Spot support") } == true)
        let firedOnce = try await Self.fired(local)
        #expect(firedOnce == ["spot DeleteAccount": 2, "cloudformation DeleteStack": 3, "cur DeleteReportDefinition": 2], "\(firedOnce)")
        let offboarded = try await Self.holdings(local, fixture, payers: payers)
        // Spot: only the account onboard found, with what Spot publishes no way to remove.
        #expect(Array(offboarded.spotAccounts.keys) == [existing], "\(offboarded)")
        #expect(offboarded.spotAccounts[existing]?.hasPrefix("\(found) arn:aws:iam::\(found):role/SpotOnboardingRole billing cbi") == true, "\(offboarded)")
        #expect(payers.allSatisfy { offboarded.stacks[$0]?.isEmpty == true }, "\(offboarded)")
        #expect(offboarded.reportDefinitions == [plain: [], adopted: ["customer-hourly"], found: []], "\(offboarded)")
        #expect(offboarded.buckets == onboardedState.buckets, "\(offboarded)")
        #expect(offboarded.objects == onboardedState.objects, "\(offboarded)")
        #expect(payers.allSatisfy { offboarded.objects[buckets[$0]!] == ["cur/delivered.parquet"] }, "\(offboarded)")

        // Again: idempotent, nothing more deleted, nothing changed.
        let repeated = try await Self.offboard(fixture, list, ["--apply", "--delete-cur-definition"])
        #expect(repeated.status == 0, "\(repeated)")
        let firedTwice = try await Self.fired(local)
        #expect(firedTwice == firedOnce)
        let afterAgain = try await Self.holdings(local, fixture, payers: payers)
        #expect(afterAgain == offboarded, "\(afterAgain)")
        let last = try fixture.latestRun()
        #expect(try Self.detail(last, plain, "deregister").contains("gone already"))
        #expect(try Self.detail(last, plain, "delete-stack").contains("no stack spot-onboarding"))
    }

    // MARK: - Helpers

    static func offboard(_ fixture: RunFixture, _ file: String, _ extra: [String]) async throws -> ChildProcess.Output {
        try await fixture.onboard(["offboard", file, "--reports", fixture.reports] + RunFixture.accessRole + extra, timeout: 120)
    }

    static func detail(_ run: RunReports, _ payer: String, _ step: String) throws -> String {
        try run.account(payer).steps.first { $0.step == step }?.detail ?? ""
    }

    /// An account list with `spot_account_id` where given.
    static func writeList(_ fixture: RunFixture, _ rows: [(id: String, name: String, spotAccount: String)], name: String) throws -> String {
        let header = "account_id,organization_name,products,spot_account_id,billing_access_confirmed"
        let lines = rows.map { "\($0.id),\($0.name),cloud-analyzer,\($0.spotAccount),yes" }
        let path = fixture.folder.appendingPathComponent(name).path
        try ([header] + lines).joined(separator: "\n").appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// `POST /setup/account` with the fixture's admin token; the new account's id.
    static func createSpotAccount(_ fixture: RunFixture, name: String) async throws -> String {
        let response = try await LoopbackHTTP.send(
            "POST", fixture.cloud.spotAPIURL + "/setup/account",
            headers: ["Authorization": "Bearer \(fixture.token)", "Content-Type": "application/json"],
            body: try JSONSerialization.data(withJSONObject: ["account": ["name": name]]))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        let items = (object?["response"] as? [String: Any])?["items"] as? [[String: Any]]
        return try #require(items?.first?["id"] as? String, "CreateAccount answered \(response.status): \(response.text)")
    }

    /// Puts an object straight into moto (not through the sandbox: no fault rule sees it).
    static func putObject(_ local: PrivateLocalCloud, account: String, bucket: String, key: String) async throws {
        let response = try await LoopbackHTTP.send(
            "PUT", local.cloud.motoURL + "/\(bucket)/\(key)",
            headers: ["x-moto-account-id": account, "Authorization": LocalCloud.unsignedAuthorization(service: "s3")],
            body: Data("PAR1".utf8))
        #expect(response.status == 200, "PutObject \(bucket)/\(key): \(response.status) \(response.text)")
    }

    /// The keys of a bucket's objects (moto's ListObjectsV2).
    static func objects(_ local: PrivateLocalCloud, account: String, bucket: String) async throws -> [String] {
        let response = try await LoopbackHTTP.send(
            "GET", local.cloud.motoURL + "/\(bucket)?list-type=2",
            headers: ["x-moto-account-id": account, "Authorization": LocalCloud.unsignedAuthorization(service: "s3")])
        return response.status == 200 ? LocalCloud.values(of: "Key", in: response.text).sorted() : ["HTTP \(response.status)"]
    }

    /// Counted at the local cloud: the organization's Spot accounts, the payers' stacks,
    /// report definitions, buckets and objects.
    static func holdings(_ local: PrivateLocalCloud, _ fixture: RunFixture, payers: [String]) async throws -> Holdings {
        let body = try await local.cloud.control.stateJSON()
        let accounts = ((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["spotAccounts"] as? [[String: Any]] ?? [])
            .filter { $0["organizationId"] as? String == fixture.organizationID }
        var spot: [String: String] = [:]
        for account in accounts {
            let id = account["accountId"] as? String ?? "?"
            spot[id] = [
                account["providerExternalId"] as? String ?? "-", account["iamRole"] as? String ?? "-",
                account["cloudBilling"] as? Bool == true ? "billing" : "-", account["costIntelligence"] as? Bool == true ? "cbi" : "-",
            ].joined(separator: " ")
        }
        var holdings = Holdings(spotAccounts: spot, stacks: [:], reportDefinitions: [:], buckets: [:], objects: [:])
        for payer in payers {
            holdings.stacks[payer] = try await local.cloud.stacks(account: payer).filter { $0.status != "DELETE_COMPLETE" }.map(\.id)
            holdings.reportDefinitions[payer] = try await local.cloud.reportDefinitions(account: payer).map(\.ReportName).sorted()
            let buckets = try await local.cloud.buckets(account: payer).sorted()
            holdings.buckets[payer] = buckets
            for bucket in buckets { holdings.objects[bucket] = try await objects(local, account: payer, bucket: bucket) }
        }
        return holdings
    }

    /// The mutating operations the sandbox saw since the counting rules were added, by name.
    static func fired(_ local: PrivateLocalCloud) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for state in try await local.cloud.faults() where state.fired > 0 {
            counts["\(state.rule.service ?? "") \(state.rule.operation ?? "")", default: 0] += state.fired
        }
        return counts
    }
}
