import Foundation
import Synchronization
import TestSupport
import Testing

@testable import LocalCloud

/// The sandbox's `rate-limit` rule: Spot's published sliding window per organization, on an
/// injected time.
@Suite("Spot's API rate limit in the sandbox")
struct SpotRateLimitTests {
    /// A time that moves only when told.
    final class Now: Sendable {
        private let seconds = Mutex(0.0)
        func set(_ value: Double) { seconds.withLock { $0 = value } }
        var date: Date { Date(timeIntervalSince1970: 1_750_000_000 + seconds.withLock { $0 }) }
    }

    static func injector(_ rule: FaultRule, now: Now) -> FaultInjector {
        FaultInjector(rules: [rule], now: { now.date })
    }

    @Test("Spot's worked example: 3 a minute; 0:05, 0:10, 0:15 pass, 0:20 is blocked, 1:07 passes")
    func publishedExample() {
        let now = Now()
        let injector = Self.injector(FaultRule(service: "spot", action: .rateLimit, limit: 3, windowSeconds: 60), now: now)
        var verdicts: [SpotRateLimit.Verdict?] = []
        for second in [5.0, 10, 15, 20, 67] {
            now.set(second)
            verdicts.append(injector.spotRateLimit(organization: "606012341234", operation: "ListAccounts"))
        }
        #expect(verdicts == [
            .admitted(remaining: 2), .admitted(remaining: 1), .admitted(remaining: 0), .refused(retryAfterSeconds: nil),
            .admitted(remaining: 0),
        ])
        #expect(injector.rules.first?.fired == 1)
    }

    @Test("countsRefused: requests sent while blocked keep the window full (the stricter reading)")
    func refusedRequestsCount() {
        let now = Now()
        let injector = Self.injector(
            FaultRule(service: "spot", action: .rateLimit, limit: 3, windowSeconds: 60, countsRefused: true), now: now)
        var refused = 0
        for second in [5.0, 10, 15, 20, 67] {
            now.set(second)
            if case .refused = injector.spotRateLimit(organization: "606012341234", operation: "ListAccounts") { refused += 1 }
        }
        // At 1:07 the window holds 0:10, 0:15 and the refused 0:20: still full.
        #expect(refused == 2)
    }

    @Test("Each organization has its own window; one count for every route unless perOperation")
    func scopes() {
        let now = Now()
        let whole = Self.injector(FaultRule(service: "spot", action: .rateLimit, limit: 1, windowSeconds: 1), now: now)
        #expect(whole.spotRateLimit(organization: "org-a", operation: "ListAccounts") == .admitted(remaining: 0))
        #expect(whole.spotRateLimit(organization: "org-a", operation: "SetCredentials") == .refused(retryAfterSeconds: nil))
        #expect(whole.spotRateLimit(organization: "org-b", operation: "SetCredentials") == .admitted(remaining: 0))

        let perRoute = Self.injector(
            FaultRule(service: "spot", action: .rateLimit, limit: 1, windowSeconds: 1, perOperation: true), now: now)
        #expect(perRoute.spotRateLimit(organization: "org-a", operation: "ListAccounts") == .admitted(remaining: 0))
        #expect(perRoute.spotRateLimit(organization: "org-a", operation: "SetCredentials") == .admitted(remaining: 0))
        #expect(perRoute.spotRateLimit(organization: "org-a", operation: "ListAccounts") == .refused(retryAfterSeconds: nil))
    }

    @Test("10 a second: 10 pass in a second, the 11th is refused with the rule's Retry-After, the next second passes")
    func tenPerSecond() {
        let now = Now()
        let injector = Self.injector(
            FaultRule(service: "spot", action: .rateLimit, limit: 10, windowSeconds: 1, retryAfterSeconds: 1), now: now)
        var passed = 0
        for tenth in 0..<10 {
            now.set(Double(tenth) * 0.05)
            if case .admitted = injector.spotRateLimit(organization: "o", operation: "ListAccounts") { passed += 1 }
        }
        #expect(passed == 10)
        #expect(injector.spotRateLimit(organization: "o", operation: "ListAccounts") == .refused(retryAfterSeconds: 1))
        now.set(1.0)
        #expect(injector.spotRateLimit(organization: "o", operation: "ListAccounts") == .admitted(remaining: 0))
    }

    @Test("No rate-limit rule: no verdict, and a rate-limit rule never fires as a per-request fault")
    func notAFault() {
        let now = Now()
        #expect(FaultInjector(rules: [FaultRule(service: "spot", action: .throttle)]).spotRateLimit(
            organization: "o", operation: "ListAccounts") == nil)
        let injector = Self.injector(FaultRule(service: "spot", action: .rateLimit, limit: 0), now: now)
        #expect(injector.fire(service: "spot", operation: "ListAccounts", account: nil).isEmpty)
        #expect(injector.spotRateLimit(organization: "o", operation: "ListAccounts") == .refused(retryAfterSeconds: nil))
    }

    @Test("The rule's fields travel as JSON (POST /sandbox/faults)")
    func decodes() throws {
        let json = #"[{"service":"spot","action":"rate-limit","limit":600,"windowSeconds":60,"perOperation":false,"countsRefused":true,"retryAfterSeconds":2}]"#
        let rules = try JSONDecoder().decode([FaultRule].self, from: Data(json.utf8))
        #expect(rules == [FaultRule(
            service: "spot", action: .rateLimit, limit: 600, windowSeconds: 60, perOperation: false, countsRefused: true,
            retryAfterSeconds: 2)])
    }

    /// One request to an in-process sandbox (moto is never reached: Spot's listing is the
    /// sandbox's own state).
    static func send(_ sandbox: Sandbox, token: String) async -> SandboxResponse? {
        await withCheckedContinuation { (done: CheckedContinuation<SandboxResponse?, Never>) in
            let request = SandboxRequest(
                method: "GET", target: "/setup/account", headers: [(name: "Authorization", value: "Bearer \(token)")], body: [])
            sandbox.handle(request) { reply in
                if case .response(let response) = reply { done.resume(returning: response) } else { done.resume(returning: nil) }
            }
        }
    }

    @Test("On the wire: X-RateLimit-Remaining on each answer, then 429 in Spot's envelope, Retry-After only when the rule sets one")
    func wire() async throws {
        for retryAfter in [nil, 2.0] {
            let now = Now()
            let sandbox = Sandbox(
                configuration: .init(motoURL: "http://127.0.0.1:9"), transport: ScriptedTransport(),
                faults: FaultInjector(
                    rules: [FaultRule(service: "spot", action: .rateLimit, limit: 2, windowSeconds: 60, retryAfterSeconds: retryAfter)],
                    now: { now.date }))
            let scenario = #"{"spotOrganizations":[{"id":"606012341234","name":"limits","tokens":[{"token":"local-cloud-fake-token-limits","role":"admin"}]}]}"#
            try await sandbox.seed(JSONDecoder().decode(Scenario.self, from: Data(scenario.utf8)))
            var answers: [SandboxResponse] = []
            for _ in 0..<3 { answers.append(try #require(await Self.send(sandbox, token: "local-cloud-fake-token-limits"))) }
            #expect(answers.map(\.status) == [200, 200, 429])
            #expect(answers.map { $0.header("X-RateLimit-Remaining") } == ["1", "0", "0"])
            #expect(answers[2].header("Retry-After") == retryAfter.map { String(Int($0)) })
            let body = try #require(try JSONSerialization.jsonObject(with: Data(answers[2].body)) as? [String: Any])
            let errors = (body["response"] as? [String: Any])?["errors"] as? [[String: Any]]
            #expect(errors?.first?["code"] as? String == "TOO_MANY_REQUESTS")
            // A token Spot does not know is not counted: it gets its 401.
            #expect(await Self.send(sandbox, token: "local-cloud-fake-token-unknown")?.status == 401)
        }
    }
}

