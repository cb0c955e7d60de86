import AWSKit
import Foundation
import HTTPCore
import Synchronization
import TestSupport
import Testing

/// `AWSClient` when fetching credentials fails (a passing fault costs the call an attempt, any
/// other fails it at once), and what its ``CallObserver`` hears of each attempt. In process: an
/// in-memory transport and a clock that runs every wait at once.
@Suite("AWSClient: credential failures and the call observer")
struct AWSClientCredentialRetryTests {
    static let credentials = AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing")

    static let call = QueryRequest(action: "GetCallerIdentity", version: "2011-06-15")
        .call(service: .sts, endpoint: ServiceEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1", signingName: "sts", isCustom: false))

    static let identity = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>\
        <Arn>arn:aws:iam::123456789012:user/tester</Arn><UserId>AIDAEXAMPLEEXAMPLE</UserId>\
        <Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>
        """

    private static func client(
        _ transport: InProcessAWSTransport, clock: ManualClock = ManualClock(), maximumAttempts: Int = 3,
        observer: (any CallObserver)? = nil
    ) -> AWSClient {
        var configuration = AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: maximumAttempts, baseDelay: 0.001))
        configuration.observer = observer
        return AWSClient(configuration: configuration, transport: transport, clock: clock, randomUnit: { 0.5 })
    }

    static func throttling() -> AWSError {
        AWSError(code: "Throttling", message: "Rate exceeded", httpStatus: 400, service: "sts", operation: "AssumeRole", isRetryable: true)
    }

    // MARK: - Credential failures

    @Test("a credential fetch that fails once on a passing fault: the call succeeds on its second attempt")
    func passingCredentialFailureIsRetried() async throws {
        let transport = InProcessAWSTransport(otherwise: .ok(Self.identity))
        let provider = ScriptedProvider([.failure(Self.throttling())], then: Self.credentials)
        let clock = ManualClock()
        let response = try await Self.client(transport, clock: clock).send(Self.call, credentials: provider)

        #expect(response.status == 200)
        #expect(provider.fetches == 2)
        #expect(transport.requests.count == 1)
        #expect(clock.delays.count == 1)
        // The request went out signed with the credentials of the second fetch.
        #expect(transport.requests.first?.headers.contains { $0.name == "Authorization" && $0.value.contains("Credential=testing/") } == true)
    }

    @Test("a credential fetch that keeps failing on passing faults: the call fails after its attempts, with that error")
    func passingCredentialFailuresUseUpTheAttempts() async throws {
        let transport = InProcessAWSTransport(otherwise: .ok(Self.identity))
        let provider = ScriptedProvider(Array(repeating: .failure(Self.throttling()), count: 10), then: Self.credentials)
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(transport, maximumAttempts: 4).send(Self.call, credentials: provider)
        }

        #expect(error.code == "Throttling")
        #expect(error.operation == "AssumeRole")
        #expect(error.attempts == 4)
        #expect(error.isRetryable)
        #expect(provider.fetches == 4)
        #expect(transport.requests.isEmpty)
    }

    @Test("a credential fetch that fails for good fails the call at once")
    func permanentCredentialFailureIsFinal() async throws {
        let transport = InProcessAWSTransport(otherwise: .ok(Self.identity))
        let unavailable = AWSError(
            code: "CredentialsUnavailable", message: "no credentials in profile 'acme'", service: "sts", operation: "GetCallerIdentity",
            isRetryable: false)
        let provider = ScriptedProvider([.failure(unavailable)], then: Self.credentials)
        let clock = ManualClock()
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(transport, clock: clock).send(Self.call, credentials: provider)
        }

        #expect(error.code == "CredentialsUnavailable")
        #expect(!error.isRetryable)
        #expect(error.attempts == 1)
        #expect(provider.fetches == 1)
        #expect(transport.requests.isEmpty)
        #expect(clock.delays.isEmpty)
    }

    @Test("a credential failure and a throttled response share the call's attempts")
    func credentialFailureCostsAnAttempt() async throws {
        let throttled = InProcessAWSTransport.Reply.queryError("Throttling", status: 400)

        // Three attempts: credentials fail, the request is throttled, then it succeeds.
        let transport = InProcessAWSTransport([throttled], otherwise: .ok(Self.identity))
        let provider = ScriptedProvider([.failure(Self.throttling())], then: Self.credentials)
        let response = try await Self.client(transport, maximumAttempts: 3).send(Self.call, credentials: provider)
        #expect(response.status == 200)
        #expect(provider.fetches == 3)
        #expect(transport.requests.count == 2)

        // Two attempts: the credential failure used one, so the throttling is final.
        let shorter = InProcessAWSTransport([throttled], otherwise: .ok(Self.identity))
        let again = ScriptedProvider([.failure(Self.throttling())], then: Self.credentials)
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(shorter, maximumAttempts: 2).send(Self.call, credentials: again)
        }
        #expect(error.code == "Throttling")
        #expect(error.operation == "GetCallerIdentity")
        #expect(error.attempts == 2)
        #expect(shorter.requests.count == 1)
    }

    // MARK: - The observer

    @Test("the observer hears .answered for a 2xx")
    func observerHearsSuccess() async throws {
        let observer = RecordingObserver()
        let transport = InProcessAWSTransport(otherwise: .ok(Self.identity))
        _ = try await Self.client(transport, observer: observer).send(Self.call, credentials: StaticCredentialProvider(Self.credentials))
        #expect(observer.attempts == [CallAttempt(service: "sts", operation: "GetCallerIdentity", outcome: .answered, seconds: 0)])
    }

    @Test(
        "the observer hears .answered for a 4xx a retry cannot fix",
        arguments: [(403, "AccessDenied"), (400, "ValidationError"), (404, "NoSuchEntity")])
    func observerHearsPermanentErrorsAsAnswered(status: Int, code: String) async throws {
        let observer = RecordingObserver()
        let transport = InProcessAWSTransport([.queryError(code, status: status)], otherwise: .ok(Self.identity))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(transport, observer: observer).send(Self.call, credentials: StaticCredentialProvider(Self.credentials))
        }
        #expect(error.code == code)
        #expect(observer.outcomes == [.answered])
    }

    @Test(
        "the observer hears .transientFault for throttling, 5xx, drops and timeouts, then .answered",
        arguments: [
            InProcessAWSTransport.Reply.queryError("Throttling", status: 400), .queryError("RequestLimitExceeded", status: 400),
            .queryError("InternalError", status: 500), .queryError("ServiceUnavailable", status: 503), .status(502), .drop, .timeout,
        ])
    func observerHearsPassingFaults(_ fault: InProcessAWSTransport.Reply) async throws {
        let observer = RecordingObserver()
        let transport = InProcessAWSTransport([fault], otherwise: .ok(Self.identity))
        let response = try await Self.client(transport, observer: observer).send(Self.call, credentials: StaticCredentialProvider(Self.credentials))
        #expect(response.status == 200)
        #expect(observer.outcomes == [.transientFault, .answered])
    }

    @Test("the observer hears .unauthorized for a 401, which is not retried")
    func observerHearsUnauthorized() async throws {
        let observer = RecordingObserver()
        let transport = InProcessAWSTransport([.queryError("InvalidClientTokenId", status: 401)], otherwise: .ok(Self.identity))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(transport, observer: observer).send(Self.call, credentials: StaticCredentialProvider(Self.credentials))
        }
        #expect(error.httpStatus == 401)
        #expect(error.attempts == 1)
        #expect(observer.attempts == [CallAttempt(service: "sts", operation: "GetCallerIdentity", outcome: .unauthorized, seconds: 0)])
    }

    @Test("the observer hears every attempt of a call that gives up")
    func observerHearsEveryAttempt() async throws {
        let observer = RecordingObserver()
        let transport = InProcessAWSTransport(otherwise: .status(503))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(transport, maximumAttempts: 3, observer: observer)
                .send(Self.call, credentials: StaticCredentialProvider(Self.credentials))
        }
        #expect(error.attempts == 3)
        #expect(observer.outcomes == [.transientFault, .transientFault, .transientFault])
    }

    @Test("a request that could not be sent at all is no fault of the service")
    func invalidRequestIsNotHeard() async throws {
        let observer = RecordingObserver()
        let transport = InProcessAWSTransport([.invalidRequest], otherwise: .ok(Self.identity))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(transport, observer: observer).send(Self.call, credentials: StaticCredentialProvider(Self.credentials))
        }
        #expect(!error.isRetryable)
        #expect(observer.attempts.isEmpty)
    }
}

// MARK: - Test doubles

/// Answers from a script, in order, then with `otherwise`; synchronously, on the caller's thread.
final class InProcessAWSTransport: HTTPTransport {
    enum Reply: Sendable, CustomTestStringConvertible {
        case ok(String)
        case status(Int)
        case queryError(String, status: Int)
        case drop
        case timeout
        case invalidRequest

        var testDescription: String {
            switch self {
            case .ok: "200"
            case .status(let status): "HTTP \(status)"
            case .queryError(let code, let status): "\(status) \(code)"
            case .drop: "a dropped connection"
            case .timeout: "a timeout"
            case .invalidRequest: "an invalid request"
            }
        }

        var result: Result<HTTPResponseData, TransportError> {
            let xml = [(name: "Content-Type", value: "text/xml")]
            switch self {
            case .ok(let body):
                return .success(HTTPResponseData(status: 200, headers: xml, body: Array(body.utf8)))
            case .status(let status):
                return .success(HTTPResponseData(status: status, headers: [(name: "Content-Type", value: "text/html")], body: Array("<html>\(status)</html>".utf8)))
            case .queryError(let code, let status):
                let body = "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(code) happened</Message></Error><RequestId>4d2f7a1c-0000-4000-8000-000000000001</RequestId></ErrorResponse>"
                return .success(HTTPResponseData(status: status, headers: xml, body: Array(body.utf8)))
            case .drop:
                return .failure(TransportError(kind: .connection, message: "connection reset by peer"))
            case .timeout:
                return .failure(TransportError(kind: .timeout, message: "no response"))
            case .invalidRequest:
                return .failure(TransportError(kind: .invalidRequest, message: "bad URL"))
            }
        }
    }

    private struct State {
        var script: [Reply]
        var requests: [HTTPRequestData] = []
    }

    private let state: Mutex<State>
    private let otherwise: Reply

    init(_ script: [Reply] = [], otherwise: Reply) {
        state = Mutex(State(script: script))
        self.otherwise = otherwise
    }

    var requests: [HTTPRequestData] { state.withLock { $0.requests } }

    func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        let reply = state.withLock { state -> Reply in
            state.requests.append(request)
            return state.script.isEmpty ? otherwise : state.script.removeFirst()
        }
        return reply.result
    }
}

/// Hands out the scripted results in order, then `credentials`; counts the fetches.
private final class ScriptedProvider: CredentialProvider {
    private let script: Mutex<[Result<AWSCredentials, AWSError>]>
    private let count = Mutex(0)
    private let credentials: AWSCredentials

    init(_ script: [Result<AWSCredentials, AWSError>], then credentials: AWSCredentials) {
        self.script = Mutex(script)
        self.credentials = credentials
    }

    var fetches: Int { count.withLock { $0 } }

    func credentials() async throws(AWSError) -> AWSCredentials {
        count.withLock { $0 += 1 }
        let next = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        return try (next ?? .success(credentials)).get()
    }
}

/// Every attempt heard, in order.
private final class RecordingObserver: CallObserver {
    private let heard = Mutex<[CallAttempt]>([])

    var attempts: [CallAttempt] { heard.withLock { $0 } }
    var outcomes: [CallAttempt.Outcome] { attempts.map(\.outcome) }

    func attemptEnded(_ attempt: CallAttempt) {
        heard.withLock { $0.append(attempt) }
    }
}
