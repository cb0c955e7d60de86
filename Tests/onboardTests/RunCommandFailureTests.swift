import Foundation
import TestSupport
import Testing

/// `onboard run` end to end when accounts fail: each failure names its step, code and whether a
/// re-run may fix it; the other accounts of the file still connect; the exit status says so.
@Suite("onboard run: failures (the built binary, against the local cloud)")
struct RunCommandFailureTests {
    @Test("member account, foreign bucket, non-compliant CUR and China without principals fail where they should")
    func accountsFailAtTheRightStep() async throws {
        let fixture = try await RunFixture.make()
        let member = FreshNames.accountID()
        let management = FreshNames.accountID()
        let foreignBucketPayer = FreshNames.accountID()
        let bucketOwner = FreshNames.accountID()
        let nonCompliant = FreshNames.accountID()
        let china = FreshNames.accountID()
        let good = [FreshNames.accountID(), FreshNames.accountID()]
        let foreignBucket = "e2e-foreign-\(bucketOwner)"
        let existing = CURDefinition(
            ReportName: "spot-cur-hourly", TimeUnit: "DAILY", Format: "textORcsv", Compression: "GZIP",
            AdditionalSchemaElements: [], S3Bucket: "e2e-noncompliant-\(nonCompliant)", S3Prefix: "cur", S3Region: "us-east-1",
            AdditionalArtifacts: ["REDSHIFT"], RefreshClosedReports: false, ReportVersioning: "CREATE_NEW_REPORT")
        try await fixture.seed(
            payers: [
                .init(accountId: member, organization: "member", managementAccount: management),
                .init(accountId: foreignBucketPayer), .init(accountId: nonCompliant), .init(accountId: china),
            ] + good.map { Scenario.Payer(accountId: $0) },
            buckets: [.init(name: foreignBucket, owner: bucketOwner, allowBillingReports: true)],
            reports: [.init(account: nonCompliant, definition: existing)])

        var foreignRow = AccountRow(foreignBucketPayer, "E2E Foreign Bucket")
        foreignRow.curBucket = foreignBucket
        var nonCompliantRow = AccountRow(nonCompliant, "E2E Non-compliant CUR")
        nonCompliantRow.curBucket = existing.S3Bucket
        var chinaRow = AccountRow(china, "E2E China")
        chinaRow.awsChina = "yes"
        let file = try fixture.writeAccountList([
            AccountRow(good[0], "E2E Good One", products: "elastigroup"),
            AccountRow(member, "E2E Member Only"), foreignRow, nonCompliantRow, chinaRow,
            AccountRow(good[1], "E2E Good Two", products: "cloud-analyzer;eco"),
        ])
        let output = try await fixture.run(file)
        #expect(output.status == 1 && !output.signaled, "\(output)")

        let run = try fixture.latestRun()
        func expectFailure(_ id: String, step: String, code: String, rerunMayFix: Bool, _ message: String? = nil) throws {
            let report = try run.account(id)
            #expect(report.status == "failed", "\(id) should fail at \(step)")
            let error = try #require(report.error, "\(id) has an error")
            #expect(error.step == step, "\(id): \(error.step): \(error.code): \(error.message)")
            #expect(error.code == code, "\(id): \(error.message)")
            #expect(error.rerunMayFix == rerunMayFix, "\(id)")
            if let message { #expect(error.message.contains(message), "\(id): \(error.message)") }
            #expect(report.steps.last?.step == step && report.steps.last?.status == "failed", "\(id) stops at the failed step")
        }
        try expectFailure(member, step: "login", code: "NotManagementAccount", rerunMayFix: false, management)
        try expectFailure(foreignBucketPayer, step: "cur", code: "BucketOwnedByAnotherAccount", rerunMayFix: false, foreignBucket)
        try expectFailure(nonCompliant, step: "cur", code: "NonCompliantReport", rerunMayFix: false, "DAILY")
        try expectFailure(china, step: "partition", code: "SpotPrincipalsMissing", rerunMayFix: false, "--spot-china-platform-account")
        for id in good {
            #expect(try run.account(id).status == "connected", "\(id), in the same file, still connects")
        }

        // The non-compliant report is left exactly as it was; no second report, no bucket in
        // the foreign payer's name, and nothing at all for the member.
        let state = try await fixture.cloud.state()
        #expect(state.reportDefinitions[nonCompliant] == ["spot-cur-hourly"])
        #expect(try await fixture.cloud.reportDefinitions(account: nonCompliant) == [existing])
        #expect(state.reportDefinitions[foreignBucketPayer] == nil || state.reportDefinitions[foreignBucketPayer] == [])
        #expect(try await fixture.cloud.buckets(account: foreignBucketPayer).isEmpty)
        #expect(try await fixture.cloud.stacks(account: member).isEmpty)
        let linked = try await fixture.cloud.spotAccounts(token: fixture.token).compactMap(\.providerExternalId)
        #expect(Set(linked) == Set(good))

        let summary = try run.summary()
        #expect(summary.counts == .init(total: 6, connected: 2, failed: 4, notStarted: 0))
        let junit = try run.text("junit.xml")
        #expect(junit.contains("failures=\"4\""))
        #expect(junit.contains("message=\"login: NotManagementAccount\""))
        #expect(output.standardOutput.contains("NotManagementAccount"))
    }

    @Test("a stack in progress is waited for; a rolled-back stack fails (re-run may fix) and the re-run recreates it")
    func stackInProgressAndRollback() async throws {
        let fixture = try await RunFixture.make()
        let slow = FreshNames.accountID()
        let rolledBack = FreshNames.accountID()
        try await fixture.seedManagementAccounts([slow, rolledBack])
        let reason = "e2e: iam:CreateRole denied for \(rolledBack)"
        try await fixture.cloud.addFaults([
            Fault(service: "cloudformation", operation: "CreateStack", account: slow, action: "stack-in-progress", stackSeconds: 2),
            Fault(service: "cloudformation", operation: "CreateStack", account: rolledBack, action: "stack-rollback", count: 1, reason: reason),
        ])
        let file = try fixture.writeAccountList([
            AccountRow(slow, "E2E Slow Stack", products: "elastigroup"), AccountRow(rolledBack, "E2E Rolled Back"),
        ])

        let first = try await fixture.run(file)
        #expect(first.status == 1, "\(first)")
        let firstRun = try fixture.latestRun()
        let slowReport = try firstRun.account(slow)
        #expect(slowReport.status == "connected", "\(slowReport.error?.message ?? "")")
        let stackStep = try #require(slowReport.steps.first { $0.step == "stack" })
        #expect(stackStep.durationSeconds >= 1.5, "the stack read in progress for 2 s: the step took \(stackStep.durationSeconds) s")
        #expect(slowReport.outputs.stackAction == "created")

        let failed = try firstRun.account(rolledBack)
        #expect(failed.status == "failed")
        let error = try #require(failed.error)
        #expect(error.step == "stack")
        #expect(error.code == "StackRolledBack")
        #expect(error.rerunMayFix)
        #expect(error.message.contains(reason), "\(error.message)")

        let second = try await fixture.run(file)
        #expect(second.status == 0, "\(second)")
        let secondRun = try fixture.latestRun()
        let recovered = try secondRun.account(rolledBack)
        #expect(recovered.status == "connected", "\(recovered.error?.message ?? "")")
        #expect(recovered.outputs.stackAction == "recreated")
        #expect(recovered.outputs.spotAccountId == failed.outputs.spotAccountId, "the Spot account of the first run is reused")
        #expect(try secondRun.account(slow).outputs.stackAction == "unchanged")
        #expect(try await fixture.cloud.stacks(account: rolledBack).filter { $0.status.hasSuffix("_COMPLETE") && !$0.status.hasPrefix("DELETE") }.count == 1)
        #expect(try await fixture.cloud.spotAccounts(token: fixture.token).count == 2)
    }

    @Test("--max-failures 1 with concurrency 1: one failure, the rest not started, exit 1")
    func maxFailuresStopsTheBatch() async throws {
        let fixture = try await RunFixture.make()
        let members = (0..<3).map { _ in FreshNames.accountID() }
        try await fixture.seed(payers: members.map {
            Scenario.Payer(accountId: $0, organization: "member", managementAccount: FreshNames.accountID())
        })
        let file = try fixture.writeAccountList(members.enumerated().map { AccountRow($1, "E2E Member \($0)") })
        let output = try await fixture.run(file, ["--max-failures", "1", "--concurrency", "1"])
        #expect(output.status == 1, "\(output)")

        let run = try fixture.latestRun()
        let summary = try run.summary()
        #expect(summary.counts == .init(total: 3, connected: 0, failed: 1, notStarted: 2))
        #expect(summary.accounts.map(\.status) == ["failed", "not-started", "not-started"])
        #expect(summary.accounts.first?.errorCode == "NotManagementAccount")
        for id in members.dropFirst() {
            let report = try run.account(id)
            #expect(report.status == "not-started")
            #expect(report.steps.isEmpty, "\(id) never started")
        }
        #expect(try run.journal().last?.detail?.contains("stopped after 1 failures") == true)
        let junit = try run.text("junit.xml")
        #expect(junit.contains("skipped=\"2\""))
        #expect(junit.components(separatedBy: "the batch stopped after 1 failures (--max-failures)\"/>").count == 3, "\(junit)")
        #expect(!junit.contains("not started: not started"))
    }

    @Test("preflight: a viewer's token stops the run before any account; an unknown token is invalid or expired")
    func preflightRefusesTokensThatCannotAdminister() async throws {
        let fixture = try await RunFixture.make()
        let id = FreshNames.accountID()
        let viewer = "local-cloud-fake-token-viewer-\(UUID().uuidString.lowercased())"
        try await fixture.seed(payers: [.init(accountId: id)], tokens: [.init(token: viewer, role: "viewer")])
        let file = try fixture.writeAccountList([AccountRow(id, "E2E Viewer")])

        let refused = try await fixture.run(file, environment: ["SPOTINST_TOKEN": viewer])
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.standardError.contains("stopped before any account"), "\(refused.standardError)")
        #expect(refused.standardError.contains("not an organization admin"), "\(refused.standardError)")
        #expect(!refused.standardError.contains(viewer), "the token is never printed")
        let state = try await fixture.cloud.state()
        #expect(state.spotAccounts.filter { $0.organizationId == fixture.organizationID }.isEmpty, "no Spot account created")
        #expect(state.reportDefinitions[id] == nil || state.reportDefinitions[id] == [], "nothing done in AWS")
        #expect(try await fixture.cloud.buckets(account: id).isEmpty)
        #expect(!fixture.reportFiles().contains { $0.contains("/accounts/") }, "no account report: \(fixture.reportFiles())")

        let invalid = try await fixture.run(file, environment: ["SPOTINST_TOKEN": "local-cloud-fake-token-unknown-\(UUID().uuidString)"])
        #expect(invalid.status == 1, "\(invalid)")
        #expect(invalid.standardError.contains("invalid or expired"), "\(invalid.standardError)")
        #expect(!fixture.reportFiles().contains { $0.contains("/accounts/") })
    }

    @Test("an invalid row is reported as file:line: column and the valid rows still run; exit 65")
    func invalidRowsDoNotStopTheOthers() async throws {
        let fixture = try await RunFixture.make()
        let id = FreshNames.accountID()
        try await fixture.seedManagementAccounts([id])
        let file = try fixture.writeAccountList([
            AccountRow("12345", "E2E Bad Row"), AccountRow(id, "E2E Good Row", products: "eco"),
        ])
        let output = try await fixture.run(file)
        #expect(output.status == 65, "\(output)")
        #expect(output.standardError.contains("\(file):2: account_id: "), "\(output.standardError)")
        let run = try fixture.latestRun()
        #expect(try run.account(id).status == "connected")
        #expect(try run.summary().counts == .init(total: 1, connected: 1, failed: 0, notStarted: 0))
    }

    @Test("two payers with the same organization name each get their own Spot account")
    func sameOrganizationNameDoesNotShareASpotAccount() async throws {
        let fixture = try await RunFixture.make()
        let ids = [FreshNames.accountID(), FreshNames.accountID()]
        try await fixture.seedManagementAccounts(ids)
        let file = try fixture.writeAccountList(ids.map { AccountRow($0, "E2E Same Name", products: "elastigroup") })
        let output = try await fixture.run(file)
        // A Spot account is reused only when Spot links it to the payer or the payer's stack names
        // it, never by name, so two rows with one name never share (nor race for) an account.
        #expect(output.status == 0, "\(output)")
        let run = try fixture.latestRun()
        let spotIDs = try ids.map { try run.account($0).outputs.spotAccountId }
        #expect(Set(spotIDs.compactMap { $0 }).count == 2, "\(spotIDs)")
    }
}
