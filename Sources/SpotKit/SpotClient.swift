import AWSKit
import Foundation

/// Sends Spot API calls: adds the bearer token, retries as AWSKit's ``RetryPolicy`` says
/// (429, 5xx and transport failures, with full-jitter backoff and `Retry-After` honoured;
/// never 400, 401, 403, 404 or 422), and reports through a callback, so no thread waits on the
/// network or on a backoff. Each typed call has a callback form and an async form.
///
/// The network, the clock and the randomness of jitter are injected: tests run the same code
/// against a scripted transport with a controlled clock.
public final class SpotClient: Sendable, CustomStringConvertible, CustomReflectable {
    /// Where calls go, how they are retried, and how the client identifies itself.
    public struct Configuration: Sendable {
        /// The API's base URL.
        public var baseURL: SpotAPIEndpoint = .default
        /// How failed attempts are retried.
        public var retryPolicy = RetryPolicy()
        /// Seconds one attempt may take, response included.
        public var requestTimeout: Double = 30
        /// Sent as `User-Agent`.
        public var userAgent = "onboard/0.1.0"
        /// Hears how every attempt ended (nil: nobody listens).
        public var observer: (any CallObserver)?

        /// - Parameters: see the properties.
        public init(
            baseURL: SpotAPIEndpoint = .default, retryPolicy: RetryPolicy = RetryPolicy(), requestTimeout: Double = 30,
            userAgent: String = "onboard/0.1.0"
        ) {
            self.baseURL = baseURL
            self.retryPolicy = retryPolicy
            self.requestTimeout = requestTimeout
            self.userAgent = userAgent
        }
    }

    /// Retries, timeouts, base URL.
    public let configuration: Configuration
    /// The token (and default account) every call carries.
    public let credentials: SpotCredentials
    private let transport: any HTTPTransport
    private let clock: any AWSClock
    private let randomUnit: @Sendable () -> Double

    /// Entries per page when listing registered accounts.
    public static let pageSize = 100

    /// - Parameters:
    ///   - configuration: base URL, retries, timeout, user agent.
    ///   - credentials: the token.
    ///   - transport: the network (one shared pool for the whole batch).
    ///   - clock: timers for backoff.
    ///   - randomUnit: jitter in [0, 1).
    public init(
        configuration: Configuration = Configuration(), credentials: SpotCredentials, transport: any HTTPTransport,
        clock: any AWSClock = SystemClock(), randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        self.randomUnit = randomUnit
    }

    /// `SpotClient(https://api.spotinst.io, SpotCredentials(…))`, the token redacted.
    public var description: String {
        "SpotClient(\(configuration.baseURL), \(credentials))"
    }

    /// Only the configuration and the credentials (whose token prints redacted): reflection
    /// never walks into the transport, which may hold requests with their headers.
    public var customMirror: Mirror {
        Mirror(self, children: ["configuration": configuration, "credentials": credentials], displayStyle: .class)
    }

    // MARK: - Sending

    /// Sends `call`; `completion` runs once, on a transport or timer thread, with the 2xx
    /// response or the final error.
    public func send(_ call: SpotCall, completion: @escaping @Sendable (Result<SpotResponse, SpotError>) -> Void) {
        attempt(call, number: 1, started: clock.now(), completion: completion)
    }

    /// `send` for async callers.
    public func send(_ call: SpotCall) async throws(SpotError) -> SpotResponse {
        try await Self.run { send(call, completion: $0) }
    }

    /// The request for `call`, as it goes on the wire.
    func request(for call: SpotCall) -> HTTPRequestData {
        let headers: [(name: String, value: String)] = [
            (name: "Authorization", value: "Bearer " + credentials.token.unredactedValue),
            (name: "Content-Type", value: "application/json"),
            (name: "Accept", value: "application/json"),
            (name: "User-Agent", value: configuration.userAgent),
        ]
        return HTTPRequestData(
            method: call.method, url: configuration.baseURL.url(path: call.path, queryItems: call.queryItems),
            headers: headers, body: call.body)
    }

    private func attempt(
        _ call: SpotCall, number: Int, started: Date,
        completion: @escaping @Sendable (Result<SpotResponse, SpotError>) -> Void
    ) {
        transport.execute(request(for: call), timeout: configuration.requestTimeout) { [self] outcome in
            switch outcome {
            case .success(let response) where (200..<300).contains(response.status):
                observe(call, .answered)
                completion(.success(response))
            case .success(let response):
                var error = SpotError.from(response, operation: call.operation, attempts: number)
                observe(call, CallAttempt.outcome(status: response.status, isRetryable: error.isRetryable))
                // Throttling means Spot turned the request away; any other failure of a call
                // that is not idempotent may have acted.
                if !call.isIdempotent, response.status != 429 { error.isRetryable = false }
                retryOrFinish(
                    error, retryAfter: RetryPolicy.retryAfterSeconds(response.header("Retry-After")), call: call,
                    number: number, started: started, completion: completion)
            case .failure(let failure):
                var error = SpotError.from(failure, operation: call.operation, attempts: number)
                if failure.kind != .invalidRequest { observe(call, .transientFault) }
                if !call.isIdempotent, error.isRetryable {
                    error.isRetryable = false
                    error.message += " (not retried: Spot may have acted on the request; look before trying again)"
                }
                retryOrFinish(error, retryAfter: nil, call: call, number: number, started: started, completion: completion)
            }
        }
    }

    private func observe(_ call: SpotCall, _ outcome: CallAttempt.Outcome) {
        configuration.observer?.attemptEnded(CallAttempt(service: "spot", operation: call.operation, outcome: outcome))
    }

    private func retryOrFinish(
        _ error: SpotError, retryAfter: Double?, call: SpotCall, number: Int, started: Date,
        completion: @escaping @Sendable (Result<SpotResponse, SpotError>) -> Void
    ) {
        let policy = configuration.retryPolicy
        guard error.isRetryable, number < policy.maximumAttempts else {
            completion(.failure(error.redacting(credentials.token.unredactedValue)))
            return
        }
        let delay = policy.delay(afterAttempt: number, randomUnit: randomUnit(), retryAfter: retryAfter)
        let elapsed = clock.now().timeIntervalSince(started)
        guard elapsed + delay <= policy.maximumTotalTime else {
            completion(.failure(error.redacting(credentials.token.unredactedValue)))
            return
        }
        clock.schedule(after: delay) { [self] in
            attempt(call, number: number + 1, started: started, completion: completion)
        }
    }

    // MARK: - Typed-call plumbing

    /// Sends `call` and decodes the envelope's items as `Item`, with the pagination key.
    func page<Item: Decodable & Sendable>(
        _ call: SpotCall, of type: Item.Type,
        completion: @escaping @Sendable (Result<(items: [Item], nextKey: String?), SpotError>) -> Void
    ) {
        send(call) { result in
            completion(result.flatMap { response in
                Result { () throws(SpotError) -> (items: [Item], nextKey: String?) in
                    let envelope = try Self.decode(SpotEnvelope<Item>.self, from: response, operation: call.operation)
                    let nextKey = envelope.response?.paginationInfo?.nextKey.flatMap { $0.isEmpty ? nil : $0 }
                    return (envelope.response?.items ?? [], nextKey)
                }
            })
        }
    }

    /// Sends `call` and decodes the envelope's items as `Item`.
    func items<Item: Decodable & Sendable>(
        _ call: SpotCall, of type: Item.Type, completion: @escaping @Sendable (Result<[Item], SpotError>) -> Void
    ) {
        page(call, of: type) { completion($0.map(\.items)) }
    }

    /// Sends `call` and returns the envelope's first item, which must be there.
    func firstItem<Item: Decodable & Sendable>(
        _ call: SpotCall, of type: Item.Type, completion: @escaping @Sendable (Result<Item, SpotError>) -> Void
    ) {
        items(call, of: type) { result in
            completion(result.flatMap { items in
                guard let first = items.first else {
                    return .failure(.invalidResponse("the response holds no item", response: nil, operation: call.operation))
                }
                return .success(first)
            })
        }
    }

    /// Every item of a paginated listing: `makeCall` builds the call for a page key (`nil` for
    /// the first page); pages are read until one has no `nextKey`. A key seen twice is an
    /// `InvalidResponse` error rather than an endless loop.
    func allPages<Item: Decodable & Sendable>(
        of type: Item.Type, operation: String, makeCall: @escaping @Sendable (String?) -> SpotCall,
        completion: @escaping @Sendable (Result<[Item], SpotError>) -> Void
    ) {
        nextPage(key: nil, collected: [], seenKeys: [], operation: operation, makeCall: makeCall, completion: completion)
    }

    private func nextPage<Item: Decodable & Sendable>(
        key: String?, collected: [Item], seenKeys: Set<String>, operation: String,
        makeCall: @escaping @Sendable (String?) -> SpotCall,
        completion: @escaping @Sendable (Result<[Item], SpotError>) -> Void
    ) {
        page(makeCall(key), of: Item.self) { [self] result in
            switch result {
            case .failure(let error):
                completion(.failure(error))
            case .success(let page):
                let all = collected + page.items
                guard let next = page.nextKey else {
                    completion(.success(all))
                    return
                }
                guard !seenKeys.contains(next) else {
                    completion(.failure(.invalidResponse(
                        "the pagination key \(next) came back twice", response: nil, operation: operation)))
                    return
                }
                nextPage(
                    key: next, collected: all, seenKeys: seenKeys.union([next]), operation: operation, makeCall: makeCall,
                    completion: completion)
            }
        }
    }

    /// The response body decoded as `type`; an `InvalidResponse` error when it cannot be.
    static func decode<Value: Decodable>(
        _ type: Value.Type, from response: SpotResponse, operation: String
    ) throws(SpotError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            let requestID = (try? JSONDecoder().decode(SpotEnvelope<SpotIgnoredItem>.self, from: Data(response.body)))?
                .request?.id
            throw .invalidResponse(Self.explain(error), response: response, requestID: requestID, operation: operation)
        }
    }

    /// A decoding error in a sentence: what was wrong, and where (`response.items[0].accountId`).
    private static func explain(_ error: any Error) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "\(path(context.codingPath + [key])) is missing"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context)?:
            return context.codingPath.isEmpty ? "the body is not JSON" : "\(path(context.codingPath)): \(context.debugDescription)"
        default:
            return "\(error)"
        }
    }

    /// Turns a callback-style call into an async one.
    static func run<Value: Sendable>(
        _ start: (@escaping @Sendable (Result<Value, SpotError>) -> Void) -> Void
    ) async throws(SpotError) -> Value {
        let result: Result<Value, SpotError> = await withCheckedContinuation { continuation in
            start { continuation.resume(returning: $0) }
        }
        return try result.get()
    }
}
