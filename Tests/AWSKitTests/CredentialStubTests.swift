import Dispatch
import Foundation
import HTTPCore
import Synchronization
import TestSupport
import Testing

@testable import AWSKit

// Shared fixtures of the Credential*Tests suites (the clock is TestSupport's ManualClock): a fake STS that
// answers AssumeRole and counts calls, and temporary shared-config folders. All credentials
// are obviously fake (AKIDEXAMPLE-style).

/// A fake STS: answers `AssumeRole` with fresh credentials named after the role, records each
/// call, and can fail calls or hold answers until released.
final class StubSTSTransport: HTTPTransport {
    /// One `AssumeRole` call as STS saw it.
    struct Call: Sendable {
        var url: String
        var roleARN: String
        var sessionName: String
        var externalID: String?
        var durationSeconds: Int?
        /// The access key id that signed the request (from the Authorization header).
        var signedWithKeyID: String
        /// The region of the signature's credential scope.
        var signingRegion: String
        /// The access key id of the credentials answered.
        var issuedKeyID: String
    }

    private struct State {
        var calls: [Call] = []
        var failuresLeft = 0
        var holding = false
        var held: [@Sendable () -> Void] = []
        var heldWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let clock: ManualClock
    /// Delay before answering (on a global queue), to widen races.
    private let answerDelay: Double

    init(clock: ManualClock, answerDelay: Double = 0) {
        self.clock = clock
        self.answerDelay = answerDelay
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var callCount: Int { state.withLock { $0.calls.count } }
    var heldCount: Int { state.withLock { $0.held.count } }

    /// The next `count` calls get AccessDenied.
    func failNext(_ count: Int) { state.withLock { $0.failuresLeft = count } }

    /// Keeps answers back until ``release()``.
    func hold() { state.withLock { $0.holding = true } }

    /// Returns once an answer is held.
    func waitUntilHeld() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if !state.held.isEmpty { return true }
                state.heldWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Sends every held answer and stops holding.
    func release() {
        let held = state.withLock { state -> [@Sendable () -> Void] in
            state.holding = false
            defer { state.held = [] }
            return state.held
        }
        for answer in held { answer() }
    }

    func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        let form = Self.decodeForm(request.body)
        let authorization = request.headers.first { $0.name.lowercased() == "authorization" }?.value ?? ""
        let scope = authorization.components(separatedBy: "Credential=").dropFirst().first?
            .split(separator: ",").first.map { $0.split(separator: "/").map(String.init) } ?? []
        let roleARN = form["RoleArn"] ?? ""
        let roleName = roleARN.split(separator: "/").last.map { String($0).uppercased() } ?? "ROLE"
        let duration = form["DurationSeconds"].flatMap { Int($0) }
        let now = clock.now()

        let (response, isHeld): (HTTPResponseData, Bool) = state.withLock { state in
            let number = state.calls.count + 1
            let issued = "ASIA\(roleName)\(number)EXAMPLE"
            state.calls.append(
                Call(
                    url: request.url, roleARN: roleARN, sessionName: form["RoleSessionName"] ?? "",
                    externalID: form["ExternalId"], durationSeconds: duration,
                    signedWithKeyID: scope.first ?? "", signingRegion: scope.count > 2 ? scope[2] : "",
                    issuedKeyID: issued))
            let response: HTTPResponseData
            if form["Action"] != "AssumeRole" {
                response = Self.error(status: 400, code: "InvalidAction", message: "only AssumeRole is stubbed")
            } else if state.failuresLeft > 0 {
                state.failuresLeft -= 1
                response = Self.error(status: 403, code: "AccessDenied", message: "not authorized to assume \(roleARN)")
            } else {
                let expiration = now.addingTimeInterval(TimeInterval(duration ?? 3600))
                response = Self.assumeRoleResponse(keyID: issued, expiration: expiration)
            }
            return (response, state.holding)
        }
        if isHeld {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                    state.held.append { continuation.resume() }
                    defer { state.heldWaiters = [] }
                    return state.heldWaiters
                }
                for waiter in waiters { waiter.resume() }
            }
        } else if answerDelay > 0 {
            try? await Task.sleep(nanoseconds: UInt64(answerDelay * 1_000_000_000))
        }
        return .success(response)
    }

    static func decodeForm(_ body: [UInt8]) -> [String: String] {
        var form: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            form[name] = value
        }
        return form
    }

    static func assumeRoleResponse(keyID: String, expiration: Date) -> HTTPResponseData {
        let xml = """
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>
                  <Arn>arn:aws:sts::123456789012:assumed-role/example/session</Arn>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>\(keyID)</AccessKeyId>
                  <SecretAccessKey>fakeSecretFor\(keyID)</SecretAccessKey>
                  <SessionToken>fakeTokenFor\(keyID)</SessionToken>
                  <Expiration>\(expiration.formatted(.iso8601))</Expiration>
                </Credentials>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>req-example</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """
        return HTTPResponseData(status: 200, headers: [("Content-Type", "text/xml")], body: Array(xml.utf8))
    }

    static func error(status: Int, code: String, message: String) -> HTTPResponseData {
        let xml = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error>
              <RequestId>req-error</RequestId>
            </ErrorResponse>
            """
        return HTTPResponseData(status: status, headers: [("Content-Type", "text/xml")], body: Array(xml.utf8))
    }
}

/// A client and an STS endpoint wired to a stub transport and a test clock.
struct StubSTS {
    let clock: ManualClock
    let transport: StubSTSTransport
    let client: AWSClient

    init(answerDelay: Double = 0) {
        clock = ManualClock(start: Date(timeIntervalSince1970: 1_700_000_000), sleepsMoveTime: false)
        transport = StubSTSTransport(clock: clock, answerDelay: answerDelay)
        client = AWSClient(
            configuration: AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: 1)), transport: transport,
            clock: clock)
    }

    var sts: STSClient {
        STSClient(client: client, endpoint: EndpointResolver().endpoint(for: .sts, partition: .aws, region: "us-east-1"))
    }
}

/// A temporary folder for shared-config files, removed by ``remove()``.
struct TemporaryAWSFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("credential-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
    }

    /// Writes `~/.aws/config` (below this folder as `HOME`).
    func writeConfig(_ text: String) throws {
        try text.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8)
    }

    /// Writes `~/.aws/credentials`.
    func writeCredentials(_ text: String) throws {
        try text.write(toFile: path + "/.aws/credentials", atomically: true, encoding: .utf8)
    }

    /// An environment with only `HOME` set to this folder, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": path].merging(extra) { _, new in new }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Runs `body` and returns the `AWSError` it throws (failing the test when it throws none).
func credentialError(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws(AWSError) -> Void
) -> AWSError? {
    do {
        try body()
        Issue.record("expected an AWSError", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

@Suite("Credential test fixtures")
struct CredentialStubTests {
    @Test func stubAnswersAssumeRoleAndCounts() async throws {
        let stub = StubSTS()
        let request = AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/Payer", sessionName: "s")
        let credentials = try await stub.sts.assumeRole(
            request,
            credentials: StaticCredentialProvider(
                AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "fakeSecretEXAMPLE")))
        #expect(credentials.accessKeyID == "ASIAPAYER1EXAMPLE")
        #expect(credentials.expiration == stub.clock.now().addingTimeInterval(3600))
        #expect(stub.transport.callCount == 1)
        #expect(stub.transport.calls.first?.signedWithKeyID == "AKIDEXAMPLE")
        #expect(stub.transport.calls.first?.signingRegion == "us-east-1")
    }
}

/// Collects what concurrent callers get, from any task.
final class CollectedResults: Sendable {
    private let storage = Mutex<[Result<AWSCredentials, AWSError>]>([])

    func append(_ result: Result<AWSCredentials, AWSError>) { storage.withLock { $0.append(result) } }

    var all: [Result<AWSCredentials, AWSError>] { storage.withLock { $0 } }
}
