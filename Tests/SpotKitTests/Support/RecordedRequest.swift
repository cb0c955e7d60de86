import AWSKit
import Foundation

/// A request as the transport saw it, taken apart for assertions.
struct RecordedRequest: Sendable {
    var method: String
    var url: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    init(_ request: HTTPRequestData) {
        method = request.method
        url = request.url
        headers = request.headers
        body = request.body
    }

    /// The URL's path, percent-encoded as sent.
    var path: String { URLComponents(string: url)?.percentEncodedPath ?? "" }

    /// The raw query string, as sent (`nil` when there is none).
    var rawQuery: String? { URLComponents(string: url)?.percentEncodedQuery }

    /// The query's items, decoded, in order.
    var query: [String: String] {
        var items: [String: String] = [:]
        for item in URLComponents(string: url)?.queryItems ?? [] { items[item.name] = item.value ?? "" }
        return items
    }

    /// The body as text.
    var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
