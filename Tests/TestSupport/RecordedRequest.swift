import AWSKit
import Foundation
import HTTPCore

/// A request as the transport saw it, taken apart for assertions.
public struct RecordedRequest: Sendable {
    /// The HTTP method.
    public var method: String
    /// The full URL, as sent.
    public var url: String
    /// The headers, in order.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// The request `request` as recorded.
    public init(_ request: HTTPRequestData) {
        method = request.method
        url = request.url
        headers = request.headers
        body = request.body
    }

    /// The URL's host.
    public var host: String { URLComponents(string: url)?.host ?? "" }

    /// The URL's path, percent-encoded as sent.
    public var path: String { URLComponents(string: url)?.percentEncodedPath ?? "" }

    /// The raw query string, as sent (`nil` when there is none).
    public var rawQuery: String? { URLComponents(string: url)?.percentEncodedQuery }

    /// The query's items, decoded, in order.
    public var query: [String: String] {
        var items: [String: String] = [:]
        for item in URLComponents(string: url)?.queryItems ?? [] { items[item.name] = item.value ?? "" }
        return items
    }

    /// The body as text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
