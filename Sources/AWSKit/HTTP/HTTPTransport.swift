import Foundation

/// A request on the wire: what a transport sends.
public struct HTTPRequestData: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A response as it came off the wire.
public struct HTTPResponseData: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A request that got no HTTP response: it timed out, or the connection failed or dropped.
public struct TransportError: Error, Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        /// No response within the request's timeout.
        case timeout
        /// The connection could not be made, or closed before a response.
        case connection
        /// The request could not be built (a malformed URL).
        case invalidRequest = "invalid-request"
    }

    public var kind: Kind
    /// Details for a person (never a credential: requests are signed in headers, not URLs).
    public var message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Sends HTTP requests without blocking the caller: the result arrives as a callback, so
/// Dispatch workers never wait on the network.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; `completion` runs on a transport thread once, with the response or a
    /// ``TransportError``. `timeout` bounds the whole exchange, in seconds.
    func execute(
        _ request: HTTPRequestData, timeout: Double,
        completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void)
}

extension HTTPTransport {
    /// `execute` for async callers (tests, one-off commands).
    public func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        await withCheckedContinuation { continuation in
            execute(request, timeout: timeout) { continuation.resume(returning: $0) }
        }
    }
}
