import HTTPCore
import TestSupport
import AWSKit
import Foundation
import SpotKit
import Testing

/// The token reaches the Authorization header and nothing else that can be printed.
@Suite("Token redaction")
struct SpotTokenRedactionTests {
    static let secret = SpotFixtures.tokenText

    /// Every way a value can end up in a log line.
    static func printedForms(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [
            String(describing: value), String(reflecting: value), "\(value)", dumped,
        ]
    }

    @Test("SpotToken prints redacted in every form, and unredactedValue is the token")
    func tokenForms() throws {
        let token = SpotFixtures.token
        #expect(token.unredactedValue == Self.secret)
        #expect(token.description == "SpotToken(…tail)")
        #expect(token.debugDescription == "SpotToken(…tail)")
        for form in Self.printedForms(of: token) {
            #expect(!form.contains(Self.secret), "\(form)")
            #expect(!form.contains("SECRET"), "\(form)")
        }
        let short = try #require(SpotToken("abc123"))
        #expect(short.description == "SpotToken(<redacted>)")
        #expect(!Self.printedForms(of: short).contains { $0.contains("abc123") })
    }

    @Test("tokens are trimmed, and empty or multi-word tokens are refused")
    func tokenValidation() {
        #expect(SpotToken("  abc\n")?.unredactedValue == "abc")
        #expect(SpotToken("   ") == nil)
        #expect(SpotToken("abc def") == nil)
        #expect(SpotToken("abc\r\nX-Injected: 1") == nil)
    }

    @Test("credentials and the client print without the token")
    func credentialsAndClient() throws {
        let transport = ScriptedTransport()
        let client = try SpotFixtures.client(transport)
        let values: [Any] = [SpotFixtures.credentials, client, client.credentials, client.configuration]
        for value in values {
            for form in Self.printedForms(of: value) {
                #expect(!form.contains(Self.secret), "\(form)")
                #expect(!form.contains("SECRET"), "\(form)")
            }
        }
        #expect(String(describing: client).contains("http://127.0.0.1:8089"))
        #expect(String(describing: SpotFixtures.credentials).contains("act-default1"))
    }

    @Test("errors never carry the token, even when the server echoes it back")
    func errorsAreClean() async throws {
        let echoed = SpotFixtures.errorBody(
            status: 401, statusMessage: "Unauthorized", requestID: "req-\(Self.secret)",
            errors: [(code: "UNAUTHORIZED", message: "token \(Self.secret) is not valid", field: "Bearer \(Self.secret)")])
        let transport = ScriptedTransport([
            .json(401, echoed),
            .response(status: 502, body: "<pre>Authorization: Bearer \(Self.secret)</pre>", headers: []),
            .drop,
        ])
        let client = try SpotFixtures.client(transport, policy: RetryPolicy(maximumAttempts: 1))
        var errors: [SpotError] = []
        for call in [
            SpotCall(operation: "ListAccounts", path: "/setup/account"), SpotCall(operation: "ListAccounts", path: "/setup/account"),
            SpotCall(operation: "ListAccounts", path: "/setup/account"),
        ] {
            let error = try await #require(throws: SpotError.self) { try await client.send(call) }
            errors.append(error)
        }
        #expect(errors[0].message == "token <redacted> is not valid")
        for error in errors {
            for form in [error.description, error.shortDescription, error.message, "\(error)"] + Self.printedForms(of: error) {
                #expect(!form.contains(Self.secret), "\(form)")
            }
        }
    }

    @Test("credential resolution errors never carry the token")
    func resolverErrorsAreClean() throws {
        let file = "[default]\ntoken = \(Self.secret)\n[bad]\ntoken = two words\(Self.secret)\n"
        let resolver = SpotCredentialResolver(
            environment: ["HOME": "/h"], readFile: { $0 == "/h/.spotinst/credentials" ? file : nil })
        let missing = try #require(throws: SpotError.self) { try resolver.resolve(profile: "nope") }
        let invalid = try #require(throws: SpotError.self) { try resolver.resolve(profile: "bad") }
        for error in [missing, invalid] {
            #expect(!error.description.contains(Self.secret))
            #expect(!error.description.contains("SECRET"))
        }
        let resolved = try resolver.resolve()
        #expect(!String(describing: resolved).contains(Self.secret))
    }
}
