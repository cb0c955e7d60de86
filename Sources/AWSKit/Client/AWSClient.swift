import Foundation
import HTTPCore

/// Sends AWS calls: signs each attempt right before it goes out and retries as the SDKs'
/// standard mode does (HTTPCore's ``RetryingCaller``), without holding a thread while the
/// network or a backoff works. A cancelled task stops its call: the request in flight is
/// cancelled, a backoff ends at once, and the call fails with `RequestCancelled`.
///
/// The network, the clock and the randomness of jitter are injected: tests run the same code
/// against local servers with a controlled clock.
public final class AWSClient: Sendable {
    /// Retries, timeouts and identification.
    public struct Configuration: Sendable {
        /// How failed attempts are retried.
        public var retryPolicy = RetryPolicy()
        /// Seconds one attempt may take, response included.
        public var requestTimeout: Double = 30
        /// Sent as `User-Agent` (not signed).
        public var userAgent = ProductIdentity.userAgent
        /// Hears how every attempt ended (nil: nobody listens).
        public var observer: (any CallObserver)?

        /// - Parameters: see the properties.
        public init(retryPolicy: RetryPolicy = RetryPolicy(), requestTimeout: Double = 30) {
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
        }
    }

    /// Retries, timeouts and identification.
    public let configuration: Configuration
    private let transport: any HTTPTransport
    private let clock: any ServiceClock
    private let retrying: RetryingCaller

    /// - Parameters:
    ///   - transport: the network (one shared pool for the whole batch).
    ///   - clock: time for signatures and backoff sleeps.
    ///   - randomUnit: jitter in [0, 1).
    public init(
        configuration: Configuration = Configuration(), transport: any HTTPTransport,
        clock: any ServiceClock = SystemClock(),
        randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        retrying = RetryingCaller(policy: configuration.retryPolicy, clock: clock, randomUnit: randomUnit)
    }

    /// Sends `call` with credentials from `credentials` and returns the 2xx response, or throws
    /// the final error. No error holds a secret: each attempt's is scrubbed of the credentials it
    /// was signed with, the final one of every secret ``SecretRegistry/shared`` knows.
    public func send(_ call: AWSCall, credentials: any CredentialProvider) async throws(AWSError) -> AWSResponse {
        try await result(of: call, credentials: credentials).get()
    }

    /// `send` as a `Result`, for callers that look at the error before deciding.
    public func result(of call: AWSCall, credentials: any CredentialProvider) async -> Result<AWSResponse, AWSError> {
        let result = await retrying.call(
            { number in await attempt(call, credentials: credentials, number: number) },
            cancelled: { last, attempts in Self.cancelled(call, after: last, attempts: attempts) },
            backingOff: { seconds in
                configuration.observer?.backoffStarted(
                    CallBackoff(service: call.service.rawValue, operation: call.operation, seconds: seconds))
            })
        return result.mapError { $0.scrubbingKnownSecrets() }
    }

    /// One attempt: fetch credentials, sign, send, classify.
    private func attempt(
        _ call: AWSCall, credentials provider: any CredentialProvider, number: Int
    ) async -> AttemptResult<AWSResponse, AWSError> {
        let credentials: AWSCredentials
        switch await provider.credentialsResult() {
        case .failure(var error):
            // A fetch that failed on a passing fault (an AssumeRole throttled past its own
            // retries) costs this call an attempt, and the next attempt fetches again.
            error.attempts = number
            return .failure(error, isRetryable: error.isRetryable, retryAfter: nil)
        case .success(let fetched):
            credentials = fetched
        }
        guard let request = signedRequest(for: call, credentials: credentials) else {
            let error = AWSError(
                code: "InvalidEndpoint", message: "cannot make a URL from \(call.endpoint.url)",
                service: call.service.rawValue, operation: call.operation, isRetryable: false, attempts: number)
            return .failure(error, isRetryable: false, retryAfter: nil)
        }
        let sent = clock.now()
        let answer = await transport.execute(request, timeout: configuration.requestTimeout)
        let seconds = max(0, clock.now().timeIntervalSince(sent))
        switch answer {
        case .success(let response) where (200..<300).contains(response.status):
            observe(call, .answered, seconds: seconds)
            return .success(response)
        case .success(let response):
            let (code, message, requestID) = call.errorFormat.decodeError(response)
            let error = AWSError(
                code: code, message: message, httpStatus: response.status, requestID: requestID,
                service: call.service.rawValue, operation: call.operation,
                isRetryable: AWSError.isRetryable(code: code, status: response.status), attempts: number
            ).scrubbingSecrets(of: credentials)
            observe(call, CallAttempt.outcome(status: response.status, isRetryable: error.isRetryable), seconds: seconds)
            return .failure(
                error, isRetryable: error.isRetryable, retryAfter: RetryPolicy.retryAfterSeconds(response.header("Retry-After")))
        case .failure(let failure) where failure.kind == .cancelled:
            return .failure(Self.cancelled(call, after: nil, attempts: number), isRetryable: false, retryAfter: nil)
        case .failure(let failure):
            let error = AWSError(
                code: failure.kind == .timeout ? "RequestTimeout" : "ConnectionFailed", message: failure.message,
                service: call.service.rawValue, operation: call.operation,
                isRetryable: failure.kind != .invalidRequest, attempts: number
            ).scrubbingSecrets(of: credentials)
            if failure.kind != .invalidRequest { observe(call, .transientFault, seconds: seconds) }
            return .failure(error, isRetryable: error.isRetryable, retryAfter: nil)
        }
    }

    /// The error of a call whose task was cancelled, after `last` failed (nil: during a request).
    private static func cancelled(_ call: AWSCall, after last: AWSError?, attempts: Int) -> AWSError {
        AWSError(
            code: "RequestCancelled",
            message: "cancelled" + (last.map { " while waiting to retry after \($0.code)" } ?? " during the request"),
            service: call.service.rawValue, operation: call.operation, isRetryable: false, attempts: attempts)
    }

    private func observe(_ call: AWSCall, _ outcome: CallAttempt.Outcome, seconds: Double) {
        configuration.observer?.attemptEnded(
            CallAttempt(service: call.service.rawValue, operation: call.operation, outcome: outcome, seconds: seconds))
    }

    /// The call as a signed request, dated now: signed for each attempt, never reused.
    private func signedRequest(for call: AWSCall, credentials: AWSCredentials) -> HTTPRequestData? {
        guard let components = URLComponents(string: call.endpoint.url), let scheme = components.scheme,
            let host = components.host
        else { return nil }
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        let request = AWSRequest(
            method: call.method, scheme: scheme, host: host, port: components.port, path: basePath + call.path,
            queryItems: call.queryItems, headers: call.headers, body: call.body)
        let signer = SigV4Signer(
            signingName: call.endpoint.signingName, region: call.endpoint.signingRegion,
            usesS3Rules: call.service == .s3)
        let signed = signer.sign(request, credentials: credentials, date: clock.now())
        return HTTPRequestData(
            method: signed.method, url: signed.url,
            headers: signed.headers + [(name: "User-Agent", value: configuration.userAgent)], body: signed.body)
    }
}
