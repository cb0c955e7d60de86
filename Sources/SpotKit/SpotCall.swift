import Foundation
import HTTPCore

/// One Spot API request before it is sent: what it does, where it goes, what it says.
public struct SpotCall: Sendable {
    /// The operation, for messages and errors (`CreateAccount`).
    public var operation: String
    /// `GET`, `POST`, …
    public var method: String
    /// The path, percent-encoded as it goes on the wire; starts with `/`.
    public var path: String
    /// Query parameters, not yet encoded (the client encodes them).
    public var queryItems: [(name: String, value: String)]
    /// The JSON body; empty for none.
    public var body: [UInt8]
    /// Whether sending the call twice does no more than sending it once. A call that is not
    /// (creating an account) is retried only when Spot surely did not act on it (HTTP 429):
    /// after a timeout, a dropped connection or a 5xx, Spot may have created the account, so the
    /// error comes back instead, and the caller looks before trying again.
    public var isIdempotent: Bool

    /// - Parameters: see the properties.
    public init(
        operation: String, method: String = "GET", path: String, queryItems: [(name: String, value: String)] = [],
        body: [UInt8] = [], isIdempotent: Bool = true
    ) {
        self.operation = operation
        self.method = method
        self.path = path
        self.queryItems = queryItems
        self.body = body
        self.isIdempotent = isIdempotent
    }

    /// A call whose body is `input` as JSON (keys sorted, slashes unescaped).
    public static func json(
        operation: String, method: String = "POST", path: String, queryItems: [(name: String, value: String)] = [],
        input: some Encodable, isIdempotent: Bool = true
    ) throws(SpotError) -> SpotCall {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let body: Data
        do {
            body = try encoder.encode(input)
        } catch {
            throw SpotError(
                code: "InvalidRequest", message: "cannot encode the request: \(error)", operation: operation,
                kind: .invalidRequest, isRetryable: false)
        }
        return SpotCall(
            operation: operation, method: method, path: path, queryItems: queryItems, body: Array(body),
            isIdempotent: isIdempotent)
    }
}

/// A successful (2xx) Spot response, as it came off the wire.
public typealias SpotResponse = HTTPResponseData
