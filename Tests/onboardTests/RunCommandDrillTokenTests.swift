import Foundation
import TestSupport
import Testing

extension RunCommandDrillTests {
    /// D4: the Spot token is revoked mid-run (`POST /sandbox/tokens/revoke`): accounts in
    /// flight fail with that reason, no account starts after Spot first refused the token, the
    /// summary says why, exit 1, within 60 s of the revocation.
    @Suite("D4: the Spot token revoked mid-run")
    struct TokenRevoked {
        @Test("in-flight accounts fail with the refusal, no new account starts, the summary says why, exit 1 within 60 s")
        func revokedMidRun() async throws {
            let started = Date()
            let fixture = try await RunFixture.make()
            let ids = Drill.freshPayers(40)
            try await fixture.seedManagementAccounts(ids)
            // Slow stack reads, so accounts stay in flight a while.
            try await fixture.cloud.addFaults(ids.map {
                Fault(service: "cloudformation", operation: "DescribeStacks", account: $0, action: "latency", latencySeconds: 1)
            })
            let file = try fixture.writeAccountList(ids.enumerated().map { AccountRow($1, "Drill Token \($0) \($1)") })
            let child = try fixture.start(["run", file, "--reports", fixture.reports, "--concurrency", "4"] + RunFixture.accessRole)

            let reached = try await Drill.whileRunning(child, timeout: 240) {
                guard let run = fixture.onlyRunFolder() else { return false }
                return Drill.finished(try run.journal()).count >= 4
            }
            try #require(reached, "four accounts did not finish while the run went on")
            let connectedBefore = Drill.finished(try fixture.latestRun().journal())
            try await fixture.cloud.revokeToken(fixture.token)
            let revoked = Date()
            let output = await child.finish(timeout: 120)
            let stopSeconds = Date().timeIntervalSince(revoked)
            #expect(!output.timedOut && output.status == 1, "\(output)")
            #expect(stopSeconds < 60, "the run ended \(stopSeconds) s after the revocation")

            let run = try fixture.latestRun()
            let summary = try run.summary()
            #expect(summary.counts.total == ids.count)
            #expect(summary.counts.notStarted >= 1, "accounts left unstarted: \(summary.counts)")
            #expect(summary.counts.failed >= 1, "accounts in flight failed: \(summary.counts)")
            #expect(summary.counts.connected >= connectedBefore.count, "\(summary.counts)")

            // Every failure is the refused token.
            var failures: [String] = []
            for account in summary.accounts where account.status == "failed" {
                let error = try run.account(account.accountId).error
                let text = "\(error?.code ?? "") \(error?.message ?? "")"
                if !(text.contains("401") || text.localizedCaseInsensitiveContains("unauthorized")) {
                    failures.append("\(account.accountId): \(error?.step ?? "-"): \(text)")
                }
            }
            #expect(failures.isEmpty, "failures for another reason than the refused token: \(failures)")

            // No account started after Spot first refused the token (the journal's times).
            let journal = try run.journal()
            let refusals = journal.filter { $0.kind == "step-finished" && $0.record?.status == "failed" }.compactMap { parseTime($0.time) }
            let firstRefusal = try #require(refusals.min(), "a failed step in the journal")
            var firstLine: [String: Date] = [:]
            for entry in journal {
                guard let id = entry.accountId, let time = parseTime(entry.time) else { continue }
                firstLine[id] = min(firstLine[id] ?? time, time)
            }
            let startedLate = firstLine.filter { $0.value > firstRefusal.addingTimeInterval(1) }.keys.sorted()
            #expect(startedLate.isEmpty, "accounts started after the first refusal: \(startedLate)")

            // The summary says why.
            let markdown = try run.text("summary.md")
            #expect(markdown.contains("401") && markdown.localizedCaseInsensitiveContains("token"), "summary.md:\n\(markdown.prefix(3000))")
            #expect(try run.text("summary.json").contains("401"), "summary.json names the refusal")

            let spot = try await fixture.cloud.state().spotAccounts.filter { $0.organizationId == fixture.organizationID }
            Drill.log("D4", "revoked after \(connectedBefore.count) finished; exit \(output.status) \(String(format: "%.1f", stopSeconds)) s later; "
                + "\(summary.counts); \(spot.count) Spot accounts in the organization (\(spot.filter { $0.providerExternalId == nil }.count) unlinked)",
                since: started)
        }
    }
}
