import Foundation
import TestSupport
import Testing

/// `onboard run` end to end through passing faults: throttling, 5xx, dropped connections and a
/// Spot 429 are retried, and every account still ends connected.
@Suite("onboard run: passing faults (the built binary, against the local cloud)")
struct RunCommandFaultTests {
    @Test("throttles, 500/503, a dropped connection and a Spot 429 are retried: every account connects")
    func passingFaultsAreRetried() async throws {
        let fixture = try await RunFixture.make()
        let first = FreshNames.accountID()
        let second = FreshNames.accountID()
        try await fixture.seedManagementAccounts([first, second])
        let rules = [
            Fault(service: "sts", operation: "GetCallerIdentity", account: first, action: "throttle", count: 2),
            Fault(service: "cloudformation", operation: "DescribeStacks", account: first, action: "error-500", count: 1),
            Fault(service: "cloudformation", operation: "DescribeStacks", account: second, action: "error-503", count: 2),
            Fault(service: "s3", operation: "HeadBucket", account: first, action: "drop", count: 1),
            Fault(service: "s3", operation: "HeadBucket", account: second, action: "throttle", count: 1),
            Fault(service: "spot", operation: "SetCredentials", account: first, action: "throttle", count: 1),
            Fault(service: "spot", operation: "SetCredentials", account: second, action: "error-503", count: 1),
        ]
        try await fixture.cloud.addFaults(rules)
        let file = try fixture.writeAccountList([
            AccountRow(first, "E2E Faults One", products: "cloud-analyzer;eco"),
            AccountRow(second, "E2E Faults Two", products: "eco;ocean"),
        ])
        let output = try await fixture.run(file)
        #expect(output.status == 0, "\(output)")

        let run = try fixture.latestRun()
        for id in [first, second] {
            let report = try run.account(id)
            #expect(report.status == "connected", "\(id): \(report.error.map { "\($0.step): \($0.code): \($0.message)" } ?? "")")
            #expect(report.steps.map(\.step) == allSteps)
        }
        // Every rule fired as often as it may: the faults really were in the way.
        let states = try await fixture.cloud.faults()
        for rule in rules {
            let state = try #require(states.first { $0.rule == rule }, "rule \(rule) is listed by GET /sandbox/faults")
            #expect(state.fired == rule.count, "\(rule.service ?? "") \(rule.operation ?? "") \(rule.action) for \(rule.account ?? ""): fired \(state.fired) times")
        }
        #expect(try await fixture.cloud.spotAccounts(token: fixture.token).count == 2)
    }
}
