import Foundation
import TestSupport
import Testing

extension RunCommandDrillTests {
    /// D5: two runs at once on one Reports folder: the second exits at once with 75
    /// (EX_TEMPFAIL), naming the holder (pid, run id, since when) on stderr, and the local cloud
    /// holds each account once.
    @Suite("D5: two runs at once on one Reports folder")
    struct ConcurrentRuns {
        @Test("the second run (plain, or --resume latest) exits 75 at once naming the holder; each account made once")
        func secondRunRefused() async throws {
            let started = Date()
            let fixture = try await RunFixture.make()
            let ids = Drill.freshPayers(6)
            try await fixture.seedManagementAccounts(ids)
            try await fixture.cloud.addFaults(ids.map {
                Fault(service: "cloudformation", operation: "DescribeStacks", account: $0, action: "latency", latencySeconds: 1.5)
            })
            let file = try fixture.writeAccountList(ids.enumerated().map { AccountRow($1, "Drill Twice \($0) \($1)") })
            let first = try fixture.start(["run", file, "--reports", fixture.reports, "--concurrency", "2"] + RunFixture.accessRole)

            let stepping = try await Drill.whileRunning(first, timeout: 120) {
                guard let run = fixture.onlyRunFolder() else { return false }
                return try run.journal().contains { $0.kind == "step-finished" }
            }
            try #require(stepping, "the first run showed no step while it ran")
            let holder = try #require(fixture.onlyRunFolder())

            var seconds: [String] = []
            for extra in [[], ["--resume", "latest"]] {
                let second = try await fixture.run(file, extra, timeout: 60)
                let label = extra.isEmpty ? "plain" : "--resume latest"
                #expect(second.status == 75, "\(label): \(second)")
                #expect(second.seconds < 15, "\(label) took \(second.seconds) s")
                #expect(second.standardError.contains("\(first.pid)"), "\(label) names the holder's pid \(first.pid): \(second.standardError)")
                #expect(second.standardError.contains(holder.runID), "\(label) names the holder's run \(holder.runID): \(second.standardError)")
                #expect(second.standardError.localizedCaseInsensitiveContains("since"), "\(label) says since when: \(second.standardError)")
                #expect(first.isRunning, "the first run goes on")
                seconds.append("\(label) exit \(second.status) in \(String(format: "%.1f", second.seconds)) s "
                    + "(\(second.standardError.split(separator: "\n").first ?? ""))")
            }

            let output = await first.finish(timeout: 240)
            #expect(output.status == 0, "\(output)")
            #expect(fixture.onlyRunFolder()?.runID == holder.runID, "the refused runs made no run folder")
            let problems = Drill.reportProblems(holder, ids: ids)
            #expect(problems.isEmpty, "\(problems)")
            let holdings = try await CloudHoldings.read(fixture.cloud, organization: fixture.organizationID, payers: ids)
            #expect(holdings.problems().isEmpty, "\(holdings.problems())")
            Drill.log("D5", "\(seconds.joined(separator: ", ")); first exit \(output.status); \(holdings)", since: started)
        }
    }
}
