import AWSKit
import Foundation
import HTTPCore
import Synchronization
import Testing
import TestSupport

/// A cancelled task stops its AWS call: the request in flight is cancelled (on the real
/// async-http-client transport against a server that never answers, and on a test transport
/// that holds it), and a backoff ends at once, with no further attempt. Nothing is timed: the
/// server would stall for minutes, the manual clock never moves.
@Suite("AWSClient cancellation")
struct AWSClientCancellationTests {
    /// One pool for every test here, never shut down (async-http-client traps on a client
    /// released without a shutdown).
    static let transport = AsyncHTTPClientTransport()

    static let credentials = StaticCredentialProvider(AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"))

    static func call(_ endpoint: ServiceEndpoint) -> AWSCall {
        QueryRequest(action: "GetCallerIdentity", version: "2011-06-15").call(service: .sts, endpoint: endpoint)
    }

    static let endpoint = ServiceEndpoint(
        url: "https://sts.amazonaws.com", signingRegion: "us-east-1", signingName: "sts", isCustom: false)

    /// The error of a call that failed; nil (and a test failure) for a success.
    static func failure(_ result: Result<AWSResponse, AWSError>) -> AWSError? {
        guard case .failure(let error) = result else {
            Issue.record("expected a failure, got \(result)")
            return nil
        }
        return error
    }

    /// Waits (without a deadline: the test's own time limit bounds it) until `condition` holds.
    static func eventually(_ condition: () -> Bool) async throws {
        while !condition() { try await Task.sleep(nanoseconds: 5_000_000) }
    }

    @Test func aStalledRequestOnTheRealTransportIsCancelledWithItsTask() async throws {
        let server = try FaultServer(otherwise: .stall(seconds: 300))
        let transport = Self.transport
        let request = HTTPRequestData(method: "GET", url: server.baseURL + "/", headers: [], body: [])
        let sending = Task { await transport.execute(request, timeout: 300) }
        try await Self.eventually { server.requests.count == 1 }
        sending.cancel()
        let result = await sending.value
        guard case .failure(let error) = result else {
            Issue.record("expected a cancelled request, got \(result)")
            return
        }
        #expect(error.kind == .cancelled)
    }

    @Test func aCallWhoseRequestStallsEndsCancelledWithoutRetrying() async throws {
        let server = try FaultServer(otherwise: .stall(seconds: 300))
        let client = AWSClient(
            configuration: AWSClient.Configuration(requestTimeout: 300), transport: Self.transport,
            clock: ManualClock(holdingSleepers: true), randomUnit: { 0.5 })
        let call = Task { await client.result(of: Self.call(server.endpoint(signingName: "sts")), credentials: Self.credentials) }
        try await Self.eventually { server.requests.count == 1 }
        call.cancel()
        let error = try #require(Self.failure(await call.value))
        #expect(error.code == "RequestCancelled")
        #expect(error.attempts == 1)
        #expect(!error.isRetryable)
        #expect(server.requests.count == 1)
    }

    @Test func aHeldRequestIsCancelledWithItsTask() async throws {
        let routing = RoutingTransport()
        let held = HeldTransport(routing, holding: ["sts.GetCallerIdentity"])
        let observer = CountingObserver()
        var configuration = AWSClient.Configuration()
        configuration.observer = observer
        let client = AWSClient(configuration: configuration, transport: held, clock: ManualClock(holdingSleepers: true))
        let call = Task { await client.result(of: Self.call(Self.endpoint), credentials: Self.credentials) }
        await held.waitUntilHeld()
        call.cancel()
        let error = try #require(Self.failure(await call.value))
        #expect(error.code == "RequestCancelled")
        #expect(held.cancelledCount == 1)
        #expect(routing.requests.isEmpty)
        // A cancelled attempt says nothing of the service's health.
        #expect(observer.count == 0)
    }

    @Test func aBackoffEndsAtOnceWhenTheTaskIsCancelled() async throws {
        let transport = ScriptedTransport([], otherwise: AWSWire.queryError(status: 503, code: "ServiceUnavailable", message: "busy"))
        let clock = ManualClock(holdingSleepers: true)
        let start = clock.now()
        let client = AWSClient(
            configuration: AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: 5, baseDelay: 10)),
            transport: transport, clock: clock, randomUnit: { 0.5 })
        let call = Task { await client.result(of: Self.call(Self.endpoint), credentials: Self.credentials) }
        await clock.waitForSleepers(1)
        call.cancel()
        let error = try #require(Self.failure(await call.value))
        #expect(error.code == "RequestCancelled")
        #expect(error.message.contains("ServiceUnavailable"))
        #expect(error.attempts == 1)
        #expect(transport.requests.count == 1)
        #expect(clock.delays == [5])
        #expect(clock.now() == start)
    }
}

/// Counts the attempts heard.
private final class CountingObserver: CallObserver {
    private let heard = Mutex(0)

    var count: Int { heard.withLock { $0 } }

    func attemptEnded(_ attempt: CallAttempt) {
        heard.withLock { $0 += 1 }
    }
}
