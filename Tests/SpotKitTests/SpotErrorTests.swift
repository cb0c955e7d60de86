import HTTPCore
import TestSupport
import AWSKit
import Foundation
import SpotKit
import Testing

/// Reading Spot's error envelope, and what the error says about itself.
@Suite("SpotError")
struct SpotErrorTests {
    @Test("the envelope gives code, message, field and request id; every entry is kept")
    func envelopeDecoding() async throws {
        let body = SpotFixtures.errorBody(
            status: 400, statusMessage: "Bad Request", requestID: "req-abc-123",
            errors: [
                (code: "ACCOUNT_NAME_INVALID", message: "name must contain a letter", field: "account.name"),
                (code: "ACCOUNT_NAME_TOO_LONG", message: "name is too long", field: "account.name"),
            ])
        let transport = ScriptedTransport([.json(400, body)])
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport).createAccount(name: "1234")
        }
        #expect(error.code == "ACCOUNT_NAME_INVALID")
        #expect(error.message == "name must contain a letter")
        #expect(error.field == "account.name")
        #expect(error.httpStatus == 400)
        #expect(error.requestID == "req-abc-123")
        #expect(error.operation == "CreateAccount")
        #expect(error.kind == .invalidRequest)
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
        #expect(
            error.errors == [
                SpotAPIErrorDetail(code: "ACCOUNT_NAME_INVALID", message: "name must contain a letter", field: "account.name"),
                SpotAPIErrorDetail(code: "ACCOUNT_NAME_TOO_LONG", message: "name is too long", field: "account.name"),
            ])
        #expect(error.shortDescription == "spot CreateAccount: ACCOUNT_NAME_INVALID")
        #expect(
            error.description
                == "spot CreateAccount failed: ACCOUNT_NAME_INVALID: name must contain a letter (field account.name) "
                + "(HTTP 400, request req-abc-123); also: ACCOUNT_NAME_TOO_LONG: name is too long (field account.name)")
    }

    @Test("401 is unauthorized (token invalid or expired), 403 forbidden (lacks permission)")
    func unauthorizedVersusForbidden() async throws {
        let transport = ScriptedTransport([
            .json(401, SpotFixtures.errorBody(
                status: 401, statusMessage: "Unauthorized",
                errors: [(code: "UNAUTHORIZED", message: "Invalid token", field: nil)])),
            .json(403, SpotFixtures.errorBody(
                status: 403, statusMessage: "Forbidden",
                errors: [(code: "FORBIDDEN", message: "Permission denied", field: nil)])),
            .json(401, "{}"),
            .json(403, ""),
        ])
        let client = try SpotFixtures.client(transport)
        let unauthorized = try await #require(throws: SpotError.self) { try await client.accounts() }
        let forbidden = try await #require(throws: SpotError.self) { try await client.createAccount(name: "Acme") }
        let bareUnauthorized = try await #require(throws: SpotError.self) { try await client.accounts() }
        let bareForbidden = try await #require(throws: SpotError.self) { try await client.createAccount(name: "Acme") }

        #expect(unauthorized.kind == .unauthorized)
        #expect(unauthorized.code == "UNAUTHORIZED")
        #expect(unauthorized.hint?.contains("invalid or expired") == true)
        #expect(unauthorized.description.contains("invalid or expired"))
        #expect(forbidden.kind == .forbidden)
        #expect(forbidden.code == "FORBIDDEN")
        #expect(forbidden.hint?.contains("organization admin") == true)
        #expect(bareUnauthorized.kind == .unauthorized)
        #expect(bareUnauthorized.code == "Unauthorized")
        #expect(bareForbidden.kind == .forbidden)
        #expect(bareForbidden.code == "Forbidden")
        #expect(bareForbidden.message == "HTTP 403 without details")
        #expect(![unauthorized, forbidden, bareUnauthorized, bareForbidden].contains { $0.isRetryable })
    }

    @Test("statuses map to kinds", arguments: [
        (400, SpotError.Kind.invalidRequest), (401, .unauthorized), (403, .forbidden), (404, .notFound),
        (409, .invalidRequest), (422, .invalidRequest), (429, .throttled), (500, .server), (503, .server),
    ])
    func kinds(_ status: Int, _ kind: SpotError.Kind) {
        #expect(SpotError.kind(forStatus: status) == kind)
        #expect(SpotError.isRetryable(status: status) == (status == 429 || status >= 500))
    }

    @Test("a body that is not JSON gives the status, type and length, never its text")
    func nonJSONBody() async throws {
        let transport = ScriptedTransport([
            .response(
                status: 502, body: "<html>\n<body>\n  <h1>502 Bad Gateway</h1>\n</body>\n</html>\n",
                headers: [(name: "X-Request-Id", value: "edge-77"), (name: "Content-Type", value: "text/html; charset=utf-8")])
        ])
        let policy = RetryPolicy(maximumAttempts: 1)
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport, policy: policy).accounts()
        }
        #expect(error.code == "ServerError")
        #expect(error.httpStatus == 502)
        #expect(error.kind == .server)
        #expect(error.isRetryable)
        #expect(error.message == "HTTP 502 with a body of 57 bytes (text/html) that is not Spot's JSON; not shown, since it may echo the request's headers")
        #expect(error.requestID == "edge-77")
        #expect(error.errors.isEmpty)
    }

    /// A proxy page echoing the request's headers, the token at every offset of a long page:
    /// no piece of the token of 12 characters or more reaches the error (issue 10, item 1).
    @Test("a non-JSON page echoing the Authorization header keeps no piece of the token", arguments: [0, 150, 190, 199, 5000])
    func echoedTokenInAPageIsNotKept(offset: Int) async throws {
        let token = SpotFixtures.tokenText
        let page = String(repeating: "x", count: offset) + "<pre>Authorization: Bearer \(token)</pre>" + String(repeating: "y", count: 300)
        let transport = ScriptedTransport([.response(status: 502, body: page, headers: [])])
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport, policy: RetryPolicy(maximumAttempts: 1)).accounts()
        }
        let texts = [error.message, error.description, error.shortDescription, error.code, "\(error)"]
        let pieces = (0...(token.count - 12)).map { start in
            String(token[token.index(token.startIndex, offsetBy: start)...].prefix(12))
        }
        for text in texts {
            #expect(!pieces.contains { text.contains($0) }, "\(text)")
        }
    }

    @Test("an error entry without a code falls back to the status's code, with Spot's message")
    func entryWithoutCode() async throws {
        let body = #"{"request":{"id":"r-1"},"response":{"status":{"code":404,"message":"Not Found"},"errors":[{"message":"Account act-9 not found"}]}}"#
        let transport = ScriptedTransport([.json(404, body)])
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport).setAWSCredentials(spotAccountID: "act-9", roleARN: "arn")
        }
        #expect(error.code == "NotFound")
        #expect(error.kind == .notFound)
        #expect(error.message == "Account act-9 not found")
        #expect(error.requestID == "r-1")
        #expect(error.errors == [SpotAPIErrorDetail(message: "Account act-9 not found")])
    }

    @Test("an envelope with only a status message uses it")
    func statusMessageOnly() async throws {
        let body = #"{"request":{"id":"r-2"},"response":{"status":{"code":422,"message":"Unprocessable Entity"}}}"#
        let transport = ScriptedTransport([.json(422, body)])
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport).setupCostIntelligence(spotAccountID: "act-1")
        }
        #expect(error.code == "UnprocessableEntity")
        #expect(error.message == "Unprocessable Entity")
        #expect(error.kind == .invalidRequest)
    }
}
