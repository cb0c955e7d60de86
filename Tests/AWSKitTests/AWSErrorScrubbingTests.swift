import AWSKit
import Foundation
import HTTPCore
import TestSupport
import Testing

/// AWS errors that echo the request back (headers, the session token at any offset, cut
/// mid-token) reach the caller without the secrets of the credentials in use, or of any secret
/// the process has registered (a Spot token, say).
@Suite("AWSError scrubbing")
struct AWSErrorScrubbingTests {
    /// Credentials handed out without registering anywhere: only the client's own scrubbing of
    /// the attempt's credentials protects them.
    struct UnregisteredCredentials: CredentialProvider {
        let value: AWSCredentials

        func credentials() async throws(AWSError) -> AWSCredentials {
            value
        }
    }

    static func random(_ count: Int) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
        return String((0..<count).map { _ in alphabet.randomElement()! })
    }

    static func freshCredentials() -> AWSCredentials {
        AWSCredentials(
            accessKeyID: "ASIA" + String(UUID().uuidString.prefix(16)).uppercased(), secretAccessKey: random(40),
            sessionToken: "FwoGZXIvYXdzE" + random(600))
    }

    /// Every piece of 12 characters of `secret`.
    static func pieces(of secret: String) -> [String] {
        let characters = Array(secret)
        return (0...(characters.count - 12)).map { String(characters[$0..<($0 + 12)]) }
    }

    /// The texts of `error` that could be shown or stored.
    static func texts(of error: AWSError) -> [String] {
        [error.code, error.message, error.requestID ?? "", error.description, error.shortDescription, "\(error)"]
    }

    static func expectClean(_ error: AWSError, of secrets: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        for text in texts(of: error) {
            for secret in secrets {
                let decoded = text.removingPercentEncoding ?? text
                let leak = pieces(of: secret).first { text.contains($0) || decoded.contains($0) }
                #expect(leak == nil, "\(text)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The request's headers as an echoing gateway writes them.
    static func echo(_ request: RecordedRequest, percentEncoded: Bool = false) -> String {
        request.headers.map { header in
            let value = percentEncoded ? (header.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") : header.value
            return "\(header.name): \(value)"
        }.joined(separator: "\n")
    }

    /// `text` with `<`, `>` and `&` escaped for XML.
    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func client(_ transport: RoutingTransport) -> AWSClient {
        AWSClient(configuration: .init(retryPolicy: RetryPolicy(maximumAttempts: 1)), transport: transport)
    }

    static let stsEndpoint = ServiceEndpoint(url: "http://127.0.0.1:1", signingRegion: "us-east-1", signingName: "sts", isCustom: true)

    /// How the echo is cut: where it starts in the message, and how much of it is kept.
    struct Cut: Sendable, CustomTestStringConvertible {
        var offset: Int
        var excerpt: Int?
        var testDescription: String { "at \(offset)" + (excerpt.map { ", \($0) characters kept" } ?? "") }
    }

    static let cuts: [Cut] = [
        Cut(offset: 0), Cut(offset: 1), Cut(offset: 199), Cut(offset: 5000),
        // Excerpts of 200 characters starting at offsets that land inside the session token.
        Cut(offset: -120, excerpt: 200), Cut(offset: -333, excerpt: 200), Cut(offset: -611, excerpt: 200),
    ]

    /// The echo placed at `cut`: padding before it, or a 200-character window starting before
    /// the end of the session token's header line.
    static func place(_ echo: String, _ cut: Cut, token: String) -> String {
        guard let excerpt = cut.excerpt else { return String(repeating: ".", count: cut.offset) + echo }
        let characters = Array(echo)
        let tokenEnd = (echo.range(of: token).map { echo.distance(from: echo.startIndex, to: $0.upperBound) }) ?? characters.count
        let start = max(0, tokenEnd + cut.offset)
        return String(characters[start..<min(characters.count, start + excerpt)])
    }

    @Test("query protocol: an XML error echoing the headers in its message, code and request id", arguments: cuts)
    func queryEcho(cut: Cut) async throws {
        let credentials = Self.freshCredentials()
        let token = credentials.sessionToken!
        let transport = RoutingTransport()
        transport.on(CloudOperation.getCallerIdentity) { request in
            let echo = Self.place(Self.echo(request), cut, token: token)
            let piece = String(token.dropFirst(100).prefix(30))
            return .response(
                status: 403,
                body: "<ErrorResponse><Error><Type>Sender</Type><Code>Denied-\(piece)</Code><Message>\(Self.xml(echo)) (secret \(credentials.secretAccessKey))</Message></Error><RequestId>req-\(piece)</RequestId></ErrorResponse>",
                headers: [(name: "Content-Type", value: "text/xml")])
        }
        let sts = STSClient(client: Self.client(transport), endpoint: Self.stsEndpoint)
        let error = try await #require(throws: AWSError.self) {
            try await sts.getCallerIdentity(credentials: UnregisteredCredentials(value: credentials))
        }
        #expect(error.httpStatus == 403)
        #expect(error.code == "Denied-<redacted>")
        #expect(error.requestID == "req-<redacted>")
        #expect(error.message.contains("<redacted>"))
        Self.expectClean(error, of: [token, credentials.secretAccessKey])
    }

    @Test("JSON protocol: a JSON error echoing the headers percent-encoded, and the request id header", arguments: cuts)
    func jsonEcho(cut: Cut) async throws {
        let credentials = Self.freshCredentials()
        let token = credentials.sessionToken!
        let transport = RoutingTransport()
        transport.on(CloudOperation.describeOrganization) { request in
            let raw = Self.place(Self.echo(request), cut, token: token)
            let encoded = Self.place(Self.echo(request, percentEncoded: true), cut, token: token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            let body = try! JSONSerialization.data(withJSONObject: [
                "__type": "com.amazonaws.organizations#AccessDeniedException", "message": raw + "\n" + encoded,
            ])
            return .response(
                status: 400, body: String(decoding: body, as: UTF8.self),
                headers: [
                    (name: "Content-Type", value: "application/x-amz-json-1.1"),
                    (name: "x-amzn-RequestId", value: String(token.suffix(40))),
                ])
        }
        let organizations = OrganizationsClient(
            client: Self.client(transport),
            endpoint: ServiceEndpoint(url: "http://127.0.0.1:1", signingRegion: "us-east-1", signingName: "organizations", isCustom: true))
        let error = try await #require(throws: AWSError.self) {
            try await organizations.describeOrganization(credentials: UnregisteredCredentials(value: credentials))
        }
        #expect(error.code == "AccessDeniedException")
        #expect(error.requestID == "<redacted>")
        Self.expectClean(error, of: [token])
    }

    @Test("a registered secret (a Spot token) echoed in an AWS error is scrubbed too")
    func registeredSecret() async throws {
        let spotToken = "spot-" + Self.random(60)
        SecretRegistry.shared.register(spotToken)
        let transport = RoutingTransport()
        transport.on(CloudOperation.getCallerIdentity) { _ in
            AWSWire.queryError(status: 400, code: "InvalidAction", message: "proxy saw Authorization: Bearer \(spotToken.dropLast(3))")
        }
        let sts = STSClient(client: Self.client(transport), endpoint: Self.stsEndpoint)
        let error = try await #require(throws: AWSError.self) {
            try await sts.getCallerIdentity(credentials: UnregisteredCredentials(value: Self.freshCredentials()))
        }
        #expect(error.message == "proxy saw Authorization: Bearer <redacted>")
        Self.expectClean(error, of: [spotToken])
    }

    @Test("an AssumeRole refusal echoing the source's session token fails the provider, and the call, without it")
    func assumeRoleRefusal() async throws {
        let source = Self.freshCredentials()
        let token = source.sessionToken!
        let transport = RoutingTransport()
        transport.on(CloudOperation.assumeRole) { request in
            AWSWire.queryError(status: 403, code: "AccessDenied", message: "not authorized; request was:\n" + Self.echo(request))
        }
        let client = Self.client(transport)
        let provider = AssumeRoleCredentialProvider(
            sts: STSClient(client: client, endpoint: Self.stsEndpoint), source: UnregisteredCredentials(value: source),
            request: AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/OnboardAccess", sessionName: "onboard-test"))
        let fetchError = try await #require(throws: AWSError.self) { try await provider.credentials() }
        #expect(fetchError.code == "AccessDenied")
        #expect(fetchError.message.contains("X-Amz-Security-Token: <redacted>"))
        Self.expectClean(fetchError, of: [token])

        let sts = STSClient(client: client, endpoint: Self.stsEndpoint)
        let callError = try await #require(throws: AWSError.self) { try await sts.getCallerIdentity(credentials: provider) }
        Self.expectClean(callError, of: [token])
    }

    @Test("assumed-role credentials join the shared registry when STS returns them")
    func assumedCredentialsRegister() async throws {
        let secret = Self.random(40)
        let token = "IQoJb3JpZ2luX2Vj" + Self.random(400)
        let transport = RoutingTransport()
        transport.on(CloudOperation.assumeRole) { _ in
            AWSWire.query(
                "AssumeRole", namespace: "https://sts.amazonaws.com/doc/2011-06-15/",
                result: "<Credentials><AccessKeyId>ASIAASSUMED0000001</AccessKeyId><SecretAccessKey>\(secret)</SecretAccessKey><SessionToken>\(token)</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>")
        }
        let sts = STSClient(client: Self.client(transport), endpoint: Self.stsEndpoint)
        let credentials = try await sts.assumeRole(
            AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/x", sessionName: "s"),
            credentials: UnregisteredCredentials(value: Self.freshCredentials()))
        #expect(credentials.sessionToken == token)
        #expect(SecretRegistry.shared.contains(secret))
        #expect(SecretRegistry.shared.contains(token))
    }
}
