import Foundation

/// A request on the wire: what a transport sends.
public struct HTTPRequestData: Sendable {
    /// `GET`, `POST`, …
    public var method: String
    /// The full URL, percent-encoded.
    public var url: String
    /// The headers, in order.
    public var headers: [(name: String, value: String)]
    /// The body; empty for none.
    public var body: [UInt8]

    /// - Parameters: see the properties.
    public init(method: String, url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A response as it came off the wire.
public struct HTTPResponseData: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The headers, in order.
    public var headers: [(name: String, value: String)]
    /// The body.
    public var body: [UInt8]

    /// - Parameters: see the properties.
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

/// A request that got no HTTP response: it timed out, the connection failed or dropped, or
/// its task was cancelled.
public struct TransportError: Error, Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable {
        /// No response within the request's timeout.
        case timeout
        /// The connection could not be made, or closed before a response.
        case connection
        /// The request could not be built (a malformed URL).
        case invalidRequest = "invalid-request"
        /// The task that sent it was cancelled: the request was abandoned (no retry follows).
        case cancelled
    }

    /// What happened.
    public var kind: Kind
    /// Details for a person (never a credential: requests are signed in headers, not URLs).
    public var message: String

    /// - Parameters: see the properties.
    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    /// The error of a request abandoned because its task was cancelled.
    public static let cancelled = TransportError(kind: .cancelled, message: "the request was cancelled")
}

/// Sends HTTP requests without holding a thread while the network works.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response or a ``TransportError``. `timeout` bounds the
    /// whole exchange, in seconds. When the calling task is cancelled, the request is cancelled
    /// too and the result is a ``TransportError`` of kind ``TransportError/Kind/cancelled``.
    func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError>
}
