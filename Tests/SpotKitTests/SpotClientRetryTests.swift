import HTTPCore
import TestSupport
import AWSKit
import Foundation
import SpotKit
import Testing

/// What the client retries, how long it waits (read from the manual clock, never slept), and
/// when it gives up.
@Suite("SpotClient retries")
struct SpotClientRetryTests {
    static let throttled = ScriptedTransport.Reply.json(
        429, SpotFixtures.errorBody(
            status: 429, statusMessage: "Too Many Requests",
            errors: [(code: "TOO_MANY_REQUESTS", message: "rate limit exceeded", field: nil)]))

    static let unavailable = ScriptedTransport.Reply.response(
        status: 503, body: "<html><body>503 Service Temporarily Unavailable</body></html>",
        headers: [(name: "Content-Type", value: "text/html")])

    @Test("429 is retried with exponential backoff and full jitter")
    func throttlingIsRetried() async throws {
        let transport = ScriptedTransport([Self.throttled, Self.throttled, .json(200, SpotFixtures.listAccounts)])
        let clock = ManualClock()
        let accounts = try await SpotFixtures.client(transport, clock: clock).accounts()
        #expect(accounts.count == 2)
        #expect(transport.requests.count == 3)
        // Jitter 0.5 of a ceiling of 1 s, then 2 s.
        #expect(clock.delays == [0.5, 1.0])
    }

    @Test("503 is retried, and Retry-After wins over the backoff")
    func serviceUnavailableHonoursRetryAfter() async throws {
        let withRetryAfter = ScriptedTransport.Reply.response(
            status: 503, body: "", headers: [(name: "Retry-After", value: "7")])
        let transport = ScriptedTransport([withRetryAfter, Self.unavailable, .json(200, SpotFixtures.createAccount)])
        let clock = ManualClock()
        let account = try await SpotFixtures.client(transport, clock: clock).accounts()
        #expect(account.first?.id == "act-123456")
        #expect(transport.requests.count == 3)
        #expect(clock.delays == [7, 1.0])
    }

    @Test("429 with Retry-After is honoured, capped at the policy's maximum delay")
    func retryAfterIsCapped() async throws {
        let transport = ScriptedTransport([
            .json(429, "{}", headers: [(name: "Retry-After", value: "3")]),
            .json(429, "{}", headers: [(name: "Retry-After", value: "600")]),
            .json(200, SpotFixtures.listAccounts),
        ])
        let clock = ManualClock()
        _ = try await SpotFixtures.client(transport, clock: clock).accounts()
        #expect(clock.delays == [3, 20])
    }

    @Test("429 and 5xx past maximumAttempts end in the last error, attempts counted", arguments: [429, 500, 502, 503, 504])
    func givesUp(_ status: Int) async throws {
        let transport = ScriptedTransport(otherwise: .json(status, SpotFixtures.errorBody(
            status: status, statusMessage: "Failure", errors: [(code: "E\(status)", message: "failed", field: nil)])))
        let clock = ManualClock()
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport, clock: clock).cloudBillingAccounts()
        }
        #expect(error.code == "E\(status)")
        #expect(error.httpStatus == status)
        #expect(error.attempts == 3)
        #expect(error.isRetryable)
        #expect(error.kind == (status == 429 ? .throttled : .server))
        #expect(error.operation == "ListCloudBillingAccounts")
        #expect(transport.requests.count == 3)
        #expect(clock.delays.count == 2)
        #expect(error.description.contains("after 3 attempts"))
    }

    @Test("400, 401, 403, 404 and 422 are not retried", arguments: [400, 401, 403, 404, 422])
    func clientErrorsAreNotRetried(_ status: Int) async throws {
        let transport = ScriptedTransport(otherwise: .json(status, SpotFixtures.errorBody(
            status: status, statusMessage: "Refused", errors: [(code: "REFUSED", message: "no", field: nil)])))
        let clock = ManualClock()
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport, clock: clock).setAWSCredentials(spotAccountID: "act-1", roleARN: "arn")
        }
        #expect(error.httpStatus == status)
        #expect(error.attempts == 1)
        #expect(!error.isRetryable)
        #expect(transport.requests.count == 1)
        #expect(clock.delays.isEmpty)
    }

    @Test("a dropped connection is retried, then succeeds")
    func dropThenSuccess() async throws {
        let transport = ScriptedTransport([.drop, .timeout, .json(200, SpotFixtures.listAccounts)])
        let clock = ManualClock()
        let accounts = try await SpotFixtures.client(transport, clock: clock).accounts()
        #expect(accounts.count == 2)
        #expect(transport.requests.count == 3)
        #expect(clock.delays == [0.5, 1.0])
    }

    @Test("connections dropped every time end in ConnectionFailed after every attempt")
    func dropsGiveUp() async throws {
        let transport = ScriptedTransport(otherwise: .drop)
        let policy = RetryPolicy(maximumAttempts: 4, baseDelay: 1, maximumDelay: 20, maximumTotalTime: 120)
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport, policy: policy).accounts()
        }
        #expect(error.code == "ConnectionFailed")
        #expect(error.kind == .transport)
        #expect(error.httpStatus == nil)
        #expect(error.attempts == 4)
        #expect(error.isRetryable)
        #expect(error.operation == "ListAccounts")
        #expect(transport.requests.count == 4)
        #expect(error.shortDescription == "spot ListAccounts: ConnectionFailed")
    }

    @Test("timeouts every time end in RequestTimeout")
    func timeoutsGiveUp() async throws {
        let transport = ScriptedTransport(otherwise: .timeout)
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport).awsCredentials(spotAccountID: "act-1")
        }
        #expect(error.code == "RequestTimeout")
        #expect(error.attempts == 3)
    }

    @Test("no retry goes past the policy's total time")
    func totalTimeCap() async throws {
        let transport = ScriptedTransport(otherwise: .json(429, "{}", headers: [(name: "Retry-After", value: "15")]))
        let clock = ManualClock()
        let policy = RetryPolicy(maximumAttempts: 10, baseDelay: 1, maximumDelay: 20, maximumTotalTime: 40)
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport, clock: clock, policy: policy).accounts()
        }
        #expect(clock.delays == [15, 15])
        #expect(error.attempts == 3)
        #expect(error.code == "TooManyRequests")
    }

    @Test("createAccount is not retried after a drop or a 5xx (Spot may have created it), but is after 429")
    func createAccountIsNotBlindlyRetried() async throws {
        let dropped = ScriptedTransport([.drop, .json(200, SpotFixtures.createAccount)])
        let afterDrop = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(dropped).createAccount(name: "Acme")
        }
        #expect(afterDrop.code == "ConnectionFailed")
        #expect(!afterDrop.isRetryable)
        #expect(afterDrop.message.contains("may have acted"))
        #expect(dropped.requests.count == 1)

        let serverError = ScriptedTransport([Self.unavailable, .json(200, SpotFixtures.createAccount)])
        let after503 = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(serverError).createAccount(name: "Acme")
        }
        #expect(after503.httpStatus == 503)
        #expect(!after503.isRetryable)
        #expect(serverError.requests.count == 1)

        let throttled = ScriptedTransport([Self.throttled, .json(200, SpotFixtures.createAccount)])
        let account = try await SpotFixtures.client(throttled).createAccount(name: "Acme")
        #expect(account.id == "act-123456")
        #expect(throttled.requests.count == 2)
    }

    @Test("every attempt carries the same request")
    func attemptsRepeatTheRequest() async throws {
        let transport = ScriptedTransport([Self.throttled, .json(200, SpotFixtures.setCredentials)])
        try await SpotFixtures.client(transport).setAWSCredentials(spotAccountID: "act-9", roleARN: "arn:aws:iam::1:role/R")
        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(requests[0].url == requests[1].url)
        #expect(requests[0].body == requests[1].body)
        #expect(requests[1].header("Authorization") == "Bearer \(SpotFixtures.tokenText)")
    }
}
