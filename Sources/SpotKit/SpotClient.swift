import Foundation
import HTTPCore

/// Sends Spot API calls: adds the bearer token, retries with HTTPCore's ``RetryingCaller`` as
/// its ``RetryPolicy`` says (429, 5xx and transport failures, with full-jitter backoff and
/// `Retry-After` honoured; never 400, 401, 403, 404 or 422), without holding a thread while the
/// network or a backoff works. Every call is async; a cancelled task cancels the request in
/// flight or ends the backoff at once, and the call fails with `RequestCancelled`.
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
        public var userAgent = ProductIdentity.userAgent
        /// Hears how every attempt ended (nil: nobody listens).
        public var observer: (any CallObserver)?

        /// - Parameters: see the properties.
        public init(
            baseURL: SpotAPIEndpoint = .default, retryPolicy: RetryPolicy = RetryPolicy(), requestTimeout: Double = 30,
            userAgent: String = ProductIdentity.userAgent
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
    private let clock: any ServiceClock
    private let retrying: RetryingCaller

    /// Entries per page when listing registered accounts.
    public static let pageSize = 100

    /// - Parameters:
    ///   - configuration: base URL, retries, timeout, user agent.
    ///   - credentials: the token.
    ///   - transport: the network (one shared pool for the whole batch).
    ///   - clock: backoff sleeps and elapsed time.
    ///   - randomUnit: jitter in [0, 1).
    public init(
        configuration: Configuration = Configuration(), credentials: SpotCredentials, transport: any HTTPTransport,
        clock: any ServiceClock = SystemClock(), randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.configuration = configuration
        self.credentials = credentials
        self.transport = transport
        self.clock = clock
        retrying = RetryingCaller(policy: configuration.retryPolicy, clock: clock, randomUnit: randomUnit)
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

    /// Sends `call` and returns the 2xx response, or throws the final error (scrubbed of the
    /// token and of every secret ``SecretRegistry/shared`` knows).
    public func send(_ call: SpotCall) async throws(SpotError) -> SpotResponse {
        try await result(of: call).get()
    }

    /// `send` as a `Result`.
    func result(of call: SpotCall) async -> Result<SpotResponse, SpotError> {
        let result = await retrying.call(
            { number in await attempt(call, number: number) },
            cancelled: { last, attempts in Self.cancelled(call, after: last, attempts: attempts) },
            backingOff: { seconds in
                configuration.observer?.backoffStarted(CallBackoff(service: "spot", operation: call.operation, seconds: seconds))
            })
        return result.mapError { $0.redacting(credentials.token.unredactedValue) }
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

    /// One attempt: send, classify.
    private func attempt(_ call: SpotCall, number: Int) async -> AttemptResult<SpotResponse, SpotError> {
        let sent = clock.now()
        let answer = await transport.execute(request(for: call), timeout: configuration.requestTimeout)
        let seconds = max(0, clock.now().timeIntervalSince(sent))
        switch answer {
        case .success(let response) where (200..<300).contains(response.status):
            observe(call, .answered, seconds: seconds)
            return .success(response)
        case .success(let response):
            var error = SpotError.from(response, operation: call.operation, attempts: number)
            observe(call, CallAttempt.outcome(status: response.status, isRetryable: error.isRetryable), seconds: seconds)
            // Throttling means Spot turned the request away; any other failure of a call
            // that is not idempotent may have acted.
            if !call.isIdempotent, response.status != 429 { error.isRetryable = false }
            return .failure(
                error, isRetryable: error.isRetryable, retryAfter: RetryPolicy.retryAfterSeconds(response.header("Retry-After")))
        case .failure(let failure) where failure.kind == .cancelled:
            return .failure(Self.cancelled(call, after: nil, attempts: number), isRetryable: false, retryAfter: nil)
        case .failure(let failure):
            var error = SpotError.from(failure, operation: call.operation, attempts: number)
            if failure.kind != .invalidRequest { observe(call, .transientFault, seconds: seconds) }
            if !call.isIdempotent, error.isRetryable {
                error.isRetryable = false
                error.message += " (not retried: Spot may have acted on the request; look before trying again)"
            }
            return .failure(error, isRetryable: error.isRetryable, retryAfter: nil)
        }
    }

    /// The error of a call whose task was cancelled, after `last` failed (nil: during the request).
    private static func cancelled(_ call: SpotCall, after last: SpotError?, attempts: Int) -> SpotError {
        var error = SpotError.from(TransportError.cancelled, operation: call.operation, attempts: attempts)
        if let last { error.message = "cancelled while waiting to retry after \(last.code)" }
        return error
    }

    private func observe(_ call: SpotCall, _ outcome: CallAttempt.Outcome, seconds: Double) {
        configuration.observer?.attemptEnded(
            CallAttempt(service: "spot", operation: call.operation, outcome: outcome, seconds: seconds))
    }

    // MARK: - Typed-call plumbing

    /// Sends `call` and decodes the envelope's items as `Item`, with the pagination key.
    func page<Item: Decodable & Sendable>(
        _ call: SpotCall, of type: Item.Type
    ) async throws(SpotError) -> (items: [Item], nextKey: String?) {
        let response = try await send(call)
        let envelope = try Self.decode(SpotEnvelope<Item>.self, from: response, operation: call.operation)
        let nextKey = envelope.response?.paginationInfo?.nextKey.flatMap { $0.isEmpty ? nil : $0 }
        return (envelope.response?.items ?? [], nextKey)
    }

    /// Sends `call` and decodes the envelope's items as `Item`.
    func items<Item: Decodable & Sendable>(_ call: SpotCall, of type: Item.Type) async throws(SpotError) -> [Item] {
        try await page(call, of: type).items
    }

    /// `items` as a `Result`, for callers that look at the error before deciding.
    func itemsResult<Item: Decodable & Sendable>(_ call: SpotCall, of type: Item.Type) async -> Result<[Item], SpotError> {
        do {
            return .success(try await items(call, of: type))
        } catch {
            return .failure(error)
        }
    }

    /// Sends `call` and returns the envelope's first item, which must be there.
    func firstItem<Item: Decodable & Sendable>(_ call: SpotCall, of type: Item.Type) async throws(SpotError) -> Item {
        guard let first = try await items(call, of: type).first else {
            throw .invalidResponse("the response holds no item", response: nil, operation: call.operation)
        }
        return first
    }

    /// Every item of a paginated listing: `makeCall` builds the call for a page key (`nil` for
    /// the first page); pages are read until one has no `nextKey`. A key seen twice is an
    /// `InvalidResponse` error rather than an endless loop.
    func allPages<Item: Decodable & Sendable>(
        of type: Item.Type, operation: String, makeCall: (String?) -> SpotCall
    ) async throws(SpotError) -> [Item] {
        var all: [Item] = []
        var key: String?
        var seenKeys: Set<String> = []
        while true {
            let page = try await page(makeCall(key), of: Item.self)
            all += page.items
            guard let next = page.nextKey else { return all }
            guard !seenKeys.contains(next) else {
                throw .invalidResponse("the pagination key \(next) came back twice", response: nil, operation: operation)
            }
            seenKeys.insert(next)
            key = next
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
}
