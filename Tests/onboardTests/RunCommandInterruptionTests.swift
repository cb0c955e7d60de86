import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `onboard run` end to end when it is stopped: `kill -9` mid-batch and `--resume latest`
/// finishes without redoing or duplicating anything; SIGTERM stops cleanly with 143.
@Suite("onboard run: interrupted and resumed (the built binary, against the local cloud)")
struct RunCommandInterruptionTests {
    /// Fresh payers whose DescribeStacks answers slowly, so a run takes a while.
    private func slowPayers(_ fixture: RunFixture, count: Int, prefix: String) async throws -> (ids: [String], file: String) {
        let ids = (0..<count).map { _ in FreshNames.accountID() }
        try await fixture.seedManagementAccounts(ids)
        try await fixture.cloud.addFaults(ids.map {
            Fault(service: "cloudformation", operation: "DescribeStacks", account: $0, action: "latency", latencySeconds: 1.5)
        })
        let file = try fixture.writeAccountList(ids.enumerated().map { AccountRow($1, "\(prefix) \($0) \($1)", products: "elastigroup") })
        return (ids, file)
    }

    @Test("kill -9 mid-batch, then --resume latest: all connected, finished accounts not redone, nothing duplicated")
    func killNineThenResume() async throws {
        let fixture = try await RunFixture.make()
        let (ids, file) = try await slowPayers(fixture, count: 6, prefix: "E2E Kill")
        let child = try fixture.start(["run", file, "--reports", fixture.reports, "--concurrency", "2"] + RunFixture.accessRole)

        // Wait until two accounts finished, then kill -9 while others are in flight.
        var finishedBeforeKill: Set<String> = []
        let reached = try await eventually(timeout: 180) {
            guard let run = fixture.onlyRunFolder() else { return !child.isRunning }
            let entries = try run.journal()
            finishedBeforeKill = Set(entries.filter { $0.kind == "account-finished" }.compactMap(\.accountId))
            return finishedBeforeKill.count >= 2 || !child.isRunning
        }
        guard child.isRunning else {
            Issue.record("the run ended before it could be killed: \(await child.finish(timeout: 30))")
            return
        }
        try #require(reached, "no two accounts finished within 180 s")
        child.send(SIGKILL)
        let killed = await child.finish(timeout: 30)
        #expect(killed.signaled && killed.status == SIGKILL, "\(killed)")

        let run = try #require(fixture.onlyRunFolder())
        let journalAtKill = try run.journal()
        finishedBeforeKill = Set(journalAtKill.filter { $0.kind == "account-finished" }.compactMap(\.accountId))
        try #require(finishedBeforeKill.count < ids.count, "every account had finished before the kill")
        #expect(!journalAtKill.contains { $0.kind == "run-finished" }, "a killed run records no end")
        let startedBeforeKill = Set(journalAtKill.filter { $0.kind == "step-finished" }.compactMap(\.accountId))
        let interrupted = startedBeforeKill.subtracting(finishedBeforeKill)
        var reportsBeforeKill: [String: Data] = [:]
        for id in finishedBeforeKill { reportsBeforeKill[id] = try run.data("accounts/\(id).json") }

        let resumed = try await fixture.run(file, ["--resume", "latest"])
        #expect(resumed.status == 0, "\(resumed)")
        #expect(fixture.onlyRunFolder()?.runID == run.runID, "the resume continues in the killed run's folder")

        let summary = try run.summary()
        #expect(summary.counts == .init(total: 6, connected: 6, failed: 0, notStarted: 0))
        for id in ids {
            #expect(try run.account(id).status == "connected", "\(id)")
        }
        // Accounts finished before the kill are kept as they were, not redone.
        let journal = try run.journal()
        let resumeStart = try #require(journal.lastIndex { $0.kind == "run-started" })
        #expect(resumeStart == journalAtKill.count, "the resume appends after the killed run's lines")
        let redone = journal[resumeStart...].filter { $0.kind != "run-started" && finishedBeforeKill.contains($0.accountId ?? "") }
        #expect(redone.isEmpty, "finished accounts redone: \(redone.map { "\($0.accountId ?? "") \($0.kind) \($0.record?.step ?? "")" })")
        for (id, before) in reportsBeforeKill {
            #expect(try run.data("accounts/\(id).json") == before, "\(id)'s report is unchanged")
        }
        // Interrupted accounts continue: the steps done before the kill are not redone (login is).
        for id in interrupted {
            let steps = try run.account(id).steps
            #expect(steps.first { $0.step == "input" }?.status == "resumed", "\(id): \(steps.map { "\($0.step) \($0.status)" })")
        }
        // Nothing duplicated: one Spot account per payer, one CUR definition per payer.
        let spot = try await fixture.cloud.spotAccounts(token: fixture.token)
        #expect(spot.count == 6, "\(spot.map { "\($0.accountId) \($0.name) \($0.providerExternalId ?? "-")" })")
        #expect(Set(spot.compactMap(\.providerExternalId)) == Set(ids))
        let state = try await fixture.cloud.state()
        for id in ids {
            #expect(state.reportDefinitions[id] == ["spot-cur-hourly"], "\(id): \(state.reportDefinitions[id] ?? [])")
            #expect(try await fixture.cloud.stacks(account: id).count == 1, "\(id) has one stack")
        }
    }

    @Test("SIGTERM stops the run with 143, accounts not started or interrupted; --resume latest finishes it")
    func sigtermThenResume() async throws {
        let fixture = try await RunFixture.make()
        // The runner admits in list order: the first two accounts are in flight, and each one's
        // first DescribeStacks is held 45 s, longer than the stop's 30 s grace, so neither can
        // finish and the last two cannot start before SIGTERM, however loaded the machine is.
        let ids = (0..<4).map { _ in FreshNames.accountID() }
        try await fixture.seedManagementAccounts(ids)
        try await fixture.cloud.addFaults(ids.prefix(2).map {
            Fault(service: "cloudformation", operation: "DescribeStacks", account: $0, action: "latency", count: 1, latencySeconds: 45)
        })
        let file = try fixture.writeAccountList(ids.enumerated().map { AccountRow($1, "E2E Term \($0) \($1)", products: "elastigroup") })
        let child = try fixture.start(["run", file, "--reports", fixture.reports, "--concurrency", "2"] + RunFixture.accessRole)

        let stepped = try await eventually(timeout: 120) {
            guard let run = fixture.onlyRunFolder() else { return !child.isRunning }
            return try run.journal().contains { $0.kind == "step-finished" } || !child.isRunning
        }
        try #require(stepped && child.isRunning, "the run showed no step (or ended) before SIGTERM")
        let sent = Date()
        child.send(SIGTERM)
        let stopped = await child.finish(timeout: 60)
        let took = Date().timeIntervalSince(sent)
        #expect(!stopped.signaled && stopped.status == 143, "\(stopped)")
        // The grace is 30 s; the held calls would take 45 s. This bounds a hang, not a speed.
        #expect(took < 44, "stopped \(took) s after SIGTERM")

        let run = try fixture.latestRun()
        let summary = try run.summary()
        #expect(summary.counts == .init(total: 4, connected: 0, failed: 0, notStarted: 2, interrupted: 2), "\(summary.counts)")
        for id in ids.suffix(2) { #expect(try run.account(id).status == "not-started", "\(id)") }
        let interruptedReports = try ids.map { try run.account($0) }.filter { $0.status == "interrupted" }
        #expect(interruptedReports.allSatisfy { !$0.steps.isEmpty }, "an interrupted account's report lists the steps it completed")
        #expect(try run.journal().last?.detail == "interrupted by signal 15")

        let resumed = try await fixture.run(file, ["--resume", "latest"])
        #expect(resumed.status == 0, "\(resumed)")
        let after = try fixture.latestRun()
        #expect(after.runID == run.runID)
        #expect(try after.summary().counts == .init(total: 4, connected: 4, failed: 0, notStarted: 0))
        #expect(Set(try await fixture.cloud.spotAccounts(token: fixture.token).compactMap(\.providerExternalId)) == Set(ids))
        #expect(try await fixture.cloud.spotAccounts(token: fixture.token).count == 4)
    }
}
