import Foundation

/// Sends AWS calls: signs each attempt right before it goes out, retries as the SDKs' standard
/// mode does, and reports through a callback, so no thread waits on the network or on a backoff.
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
        public var userAgent = "onboard/0.1.0"
        /// Hears how every attempt ended (nil: nobody listens).
        public var observer: (any CallObserver)?

        public init(retryPolicy: RetryPolicy = RetryPolicy(), requestTimeout: Double = 30) {
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
        }
    }

    public let configuration: Configuration
    private let transport: any HTTPTransport
    private let clock: any AWSClock
    private let randomUnit: @Sendable () -> Double

    /// - Parameters:
    ///   - transport: the network (one shared pool for the whole batch).
    ///   - clock: time for signatures and backoff timers.
    ///   - randomUnit: jitter in [0, 1).
    public init(
        configuration: Configuration = Configuration(), transport: any HTTPTransport,
        clock: any AWSClock = SystemClock(), randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.randomUnit = randomUnit
    }

    /// Sends `call` with credentials from `credentials`; `completion` runs once, on a transport
    /// or timer thread, with the 2xx response or the final error. No error holds a secret: each
    /// attempt's is scrubbed of the credentials it was signed with, the final one of every secret
    /// ``SecretRegistry/shared`` knows.
    public func send(
        _ call: AWSCall, credentials: any CredentialProvider,
        completion: @escaping @Sendable (Result<AWSResponse, AWSError>) -> Void
    ) {
        attempt(call, credentials: credentials, number: 1, started: clock.now()) { result in
            completion(result.mapError { $0.scrubbingKnownSecrets() })
        }
    }

    /// `send` for async callers.
    public func send(_ call: AWSCall, credentials: any CredentialProvider) async throws(AWSError) -> AWSResponse {
        let result: Result<AWSResponse, AWSError> = await withCheckedContinuation { continuation in
            send(call, credentials: credentials) { continuation.resume(returning: $0) }
        }
        return try result.get()
    }

    private func attempt(
        _ call: AWSCall, credentials provider: any CredentialProvider, number: Int, started: Date,
        completion: @escaping @Sendable (Result<AWSResponse, AWSError>) -> Void
    ) {
        provider.credentials { [self] result in
            switch result {
            case .failure(var error):
                // A fetch that failed on a passing fault (an AssumeRole throttled past its own
                // retries) costs this call an attempt, and the next attempt fetches again.
                error.attempts = number
                retryOrFinish(
                    error, retryAfter: nil, call: call, credentials: provider, number: number, started: started,
                    completion: completion)
            case .success(let credentials):
                guard let request = signedRequest(for: call, credentials: credentials) else {
                    completion(.failure(AWSError(
                        code: "InvalidEndpoint", message: "cannot make a URL from \(call.endpoint.url)",
                        service: call.service.rawValue, operation: call.operation, isRetryable: false, attempts: number)))
                    return
                }
                transport.execute(request, timeout: configuration.requestTimeout) { [self] outcome in
                    switch outcome {
                    case .success(let response) where (200..<300).contains(response.status):
                        observe(call, .answered)
                        completion(.success(response))
                    case .success(let response):
                        let (code, message, requestID) = call.errorFormat.decodeError(response)
                        let error = AWSError(
                            code: code, message: message, httpStatus: response.status, requestID: requestID,
                            service: call.service.rawValue, operation: call.operation,
                            isRetryable: AWSError.isRetryable(code: code, status: response.status), attempts: number
                        ).scrubbingSecrets(of: credentials)
                        observe(call, CallAttempt.outcome(status: response.status, isRetryable: error.isRetryable))
                        retryOrFinish(
                            error, retryAfter: RetryPolicy.retryAfterSeconds(response.header("Retry-After")), call: call,
                            credentials: provider, number: number, started: started, completion: completion)
                    case .failure(let failure):
                        let error = AWSError(
                            code: failure.kind == .timeout ? "RequestTimeout" : "ConnectionFailed", message: failure.message,
                            service: call.service.rawValue, operation: call.operation,
                            isRetryable: failure.kind != .invalidRequest, attempts: number
                        ).scrubbingSecrets(of: credentials)
                        if failure.kind != .invalidRequest { observe(call, .transientFault) }
                        retryOrFinish(
                            error, retryAfter: nil, call: call, credentials: provider, number: number, started: started,
                            completion: completion)
                    }
                }
            }
        }
    }

    private func observe(_ call: AWSCall, _ outcome: CallAttempt.Outcome) {
        configuration.observer?.attemptEnded(
            CallAttempt(service: call.service.rawValue, operation: call.operation, outcome: outcome))
    }

    private func retryOrFinish(
        _ error: AWSError, retryAfter: Double?, call: AWSCall, credentials: any CredentialProvider, number: Int,
        started: Date, completion: @escaping @Sendable (Result<AWSResponse, AWSError>) -> Void
    ) {
        let policy = configuration.retryPolicy
        guard error.isRetryable, number < policy.maximumAttempts else {
            completion(.failure(error))
            return
        }
        let delay = policy.delay(afterAttempt: number, randomUnit: randomUnit(), retryAfter: retryAfter)
        let elapsed = clock.now().timeIntervalSince(started)
        guard elapsed + delay <= policy.maximumTotalTime else {
            completion(.failure(error))
            return
        }
        clock.schedule(after: delay) { [self] in
            attempt(call, credentials: credentials, number: number + 1, started: started, completion: completion)
        }
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
