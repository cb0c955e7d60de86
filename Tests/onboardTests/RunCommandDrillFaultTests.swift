import Foundation
import TestSupport
import Testing

extension RunCommandDrillTests {
    /// D1: 300 payers while every service throttles 10 % of requests, answers 503 to 2 % and
    /// drops the connection of 1 %: every account ends connected, and the local cloud holds each
    /// Spot account, stack, CUR definition and bucket once.
    @Suite("D1: 300 payers through 10 % throttling, 2 % 503, 1 % dropped connections on every service")
    struct Faults {
        /// The rules, in the order the sandbox tries them (the first terminal one that fires
        /// wins): each chance is conditioned on the ones before not firing, so a request is
        /// dropped 1 %, answered 503 2 % and throttled 10 % of the time, exactly.
        static let everyService: [Fault] = [
            Fault(action: "drop", probability: 0.01),
            Fault(action: "error-503", probability: 0.02 / 0.99),
            Fault(action: "throttle", probability: 0.10 / 0.97),
        ]

        @Test("every account connected, nothing made twice (counted in the local cloud)")
        func throughFaults() async throws {
            let started = Date()
            let privateCloud = try await PrivateLocalCloud.start()
            defer { privateCloud.stop() }
            let fixture = try RunFixture(privateCloud.cloud)
            let ids = Drill.freshPayers(300)
            try await fixture.seedManagementAccounts(ids)
            let file = try fixture.writeAccountList(ids.enumerated().map { AccountRow($1, "Drill Faults \($0) \($1)") })

            try await fixture.cloud.addFaults(Self.everyService)
            let output = try await fixture.run(file, Drill.fastBatch, timeout: 900)
            let fired = try await fixture.cloud.faults().filter { Self.everyService.contains($0.rule) }
            try await fixture.cloud.clearFaults()
            #expect(output.status == 0, "\(output.status) after \(output.seconds) s; stdout:\n\(output.standardOutput.prefix(6000))")

            // The faults were really in the way.
            for rule in Self.everyService {
                let count = fired.first { $0.rule == rule }?.fired ?? 0
                #expect(count > 0, "\(rule.action) never fired")
            }
            let run = try fixture.latestRun()
            let reportProblems = Drill.reportProblems(run, ids: ids)
            #expect(reportProblems.isEmpty, "\(reportProblems.count) report problems: \(reportProblems.prefix(20))")

            let holdings = try await CloudHoldings.read(fixture.cloud, organization: fixture.organizationID, payers: ids)
            let problems = holdings.problems()
            #expect(problems.isEmpty, "\(problems.count) problems in the local cloud: \(problems.prefix(30))")
            // A fault never reaches the sandbox's handler, so a retried call never issues a second id.
            #expect(holdings.reissuedExternalIDs.isEmpty,
                "external ids issued twice: \(holdings.reissuedExternalIDs.map { "\($0.accountId) \($0.name)" }.prefix(20))")
            Drill.log("D1", "exit \(output.status), run \(String(format: "%.1f", output.seconds)) s; "
                + fired.map { "\($0.rule.action) fired \($0.fired)" }.joined(separator: ", ") + "; \(holdings)", since: started)
        }
    }
}
