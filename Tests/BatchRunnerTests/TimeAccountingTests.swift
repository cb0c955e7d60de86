import AWSKit
import Foundation
import HTTPCore
import Onboarding
import TestSupport
import Testing

@testable import BatchRunner

/// Where a run's time goes: what ``TimeAccounting`` files under each cause, heard from a real
/// ``AWSClient``, ``RateLimitedTransport`` and ``TokenBucket`` on a ``ManualClock`` (nothing
/// sleeps, every duration is exact).
@Suite("Time accounting")
struct TimeAccountingTests {
    /// Answers from a script, each answer taking `seconds` of the manual clock.
    struct SlowTransport: HTTPTransport {
        let script: ScriptedTransport
        let clock: ManualClock
        let seconds: Double

        func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
            clock.advance(by: seconds)
            return await script.execute(request, timeout: timeout)
        }
    }

    static let call = QueryRequest(action: "GetCallerIdentity", version: "2011-06-15")
        .call(service: .sts, endpoint: ServiceEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1", signingName: "sts", isCustom: false))

    static let identity = AWSWire.query(
        "GetCallerIdentity", namespace: "https://sts.amazonaws.com/doc/2011-06-15/",
        result: "<Arn>arn:aws:iam::123456789012:user/tester</Arn><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>")

    static let credentials = StaticCredentialProvider(AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"))

    static func client(_ transport: any HTTPTransport, clock: ManualClock, observer: any CallObserver) -> AWSClient {
        var configuration = AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: 3, baseDelay: 1))
        configuration.observer = observer
        return AWSClient(configuration: configuration, transport: transport, clock: clock, randomUnit: { 0.5 })
    }

    static func near(_ value: Double?, _ expected: Double) -> Bool { abs((value ?? -1) - expected) < 1e-6 }

    @Test("A throttled call: two attempts' request time and one backoff, under its service")
    func retriesAndRequests() async throws {
        let clock = ManualClock()
        let accounting = TimeAccounting()
        let script = ScriptedTransport([AWSWire.queryError(code: "Throttling", message: "Rate exceeded"), Self.identity])
        let client = Self.client(SlowTransport(script: script, clock: clock, seconds: 0.2), clock: clock, observer: accounting)
        _ = try await client.send(Self.call, credentials: Self.credentials)

        let spent = accounting.snapshot()
        #expect(spent.attempts == ["sts": 2])
        #expect(spent.retries == ["sts": 1])
        // Full jitter 0.5 of the first ceiling (1 s).
        #expect(Self.near(spent.retryBackoff["sts"], 0.5))
        #expect(Self.near(spent.requests["sts"], 0.4))
        #expect(spent.rateLimitWaits.isEmpty && spent.workflowWaits.isEmpty)
    }

    @Test("A wait for a rate limit's token is a rate-limit wait, not request time")
    func tokenWaitsAreApart() async throws {
        let clock = ManualClock()
        let accounting = TimeAccounting()
        let slow = SlowTransport(script: ScriptedTransport(otherwise: Self.identity), clock: clock, seconds: 0.2)
        // One token a second: the second call, 0.2 s after the first, waits 0.8 s for its token.
        let limited = RateLimitedTransport(
            slow, bucket: TokenBucket(rate: 1, burst: 1, clock: clock), service: "sts", observer: accounting, clock: clock)
        let client = Self.client(limited, clock: clock, observer: accounting)
        _ = try await client.send(Self.call, credentials: Self.credentials)
        _ = try await client.send(Self.call, credentials: Self.credentials)

        let spent = accounting.snapshot()
        #expect(Self.near(spent.rateLimitWaits["sts"], 0.8), "\(spent.rateLimitWaits)")
        #expect(Self.near(spent.requests["sts"], 0.4), "\(spent.requests)")
        #expect(spent.attempts == ["sts": 2])
        #expect(spent.retries.isEmpty)
    }

    @Test("The workflow's waits are filed by cause; several observers hear every attempt")
    func workflowWaitsAndGroups() {
        let accounting = TimeAccounting()
        accounting.waited(.stack, seconds: 15)
        accounting.waited(.stack, seconds: 15)
        accounting.waited(.iamPropagation, seconds: 10)
        let other = TimeAccounting()
        let group = CallObserverGroup([accounting, other])
        group.attemptEnded(CallAttempt(service: "spot", operation: "ListAccounts", outcome: .answered, seconds: 0.25))
        group.backoffStarted(CallBackoff(service: "spot", operation: "ListAccounts", seconds: 2))

        for spent in [accounting.snapshot(), other.snapshot()] {
            #expect(spent.requests == ["spot": 0.25])
            #expect(spent.retryBackoff == ["spot": 2])
            #expect(spent.retries == ["spot": 1])
        }
        #expect(accounting.snapshot().workflowWaits == ["stack": 30, "iam-propagation": 10])
        #expect(other.snapshot().workflowWaits.isEmpty)
    }

    @Test("The result line names each cause with its share of the accounts' time, largest first")
    func sentence() {
        var spent = RunTimeSpent()
        spent.workflowWaits = ["stack": 50]
        spent.rateLimitWaits = ["spot": 25]
        spent.requests = ["spot": 12, "cloudformation": 8]
        spent.retryBackoff = ["spot": 5]
        spent.accountSeconds = 100
        #expect(spent.sentence
            == "waits for stack 50 s (50 %), spot rate limit 25 s (25 %), requests 20 s (20 %), retry backoff 5.00 s (5.0 %) over 100 s of accounts in flight")
        #expect(spent.rows.map(\.detail) == ["spot", "stack", "spot", "cloudformation", "spot"])
        #expect(RunTimeSpent().sentence == "nothing waited or sent over 0.00 s of accounts in flight")
    }

    @Test("Account seconds add up each account's first step to its end (accounts never started add nothing)")
    func accountSeconds() {
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        let results = [
            AccountResult(
                accountID: "111111111111", organizationName: "A", line: 2, partition: .aws, products: [], status: .connected,
                started: start, finished: start.addingTimeInterval(120)),
            AccountResult(
                accountID: "222222222222", organizationName: "B", line: 3, partition: .aws, products: [], status: .failed,
                started: start.addingTimeInterval(10), finished: start.addingTimeInterval(40)),
            AccountResult(accountID: "333333333333", organizationName: "C", line: 4, partition: .aws, products: [], status: .notStarted),
        ]
        #expect(RunTimeSpent().withAccountSeconds(of: results).accountSeconds == 150)
    }
}
