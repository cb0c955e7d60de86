import Foundation

/// One HTTP request as the sandbox received it, body included.
public struct SandboxRequest: Sendable {
    public var method: String
    /// The path, percent-decoded, without the query.
    public var path: String
    /// The raw target (path and query) as sent.
    public var target: String
    /// Query items in order, percent-decoded.
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        let components = URLComponents(string: target)
        path = components?.path ?? target
        query = (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
    }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The first value of query item `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The body parsed as a JSON object, or nil.
    func jsonObject() -> [String: Any]? {
        guard !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// The form-encoded body (query protocol) as name/value pairs.
    func formFields() -> [String: String] {
        var components = URLComponents()
        components.percentEncodedQuery = String(decoding: body, as: UTF8.self).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in components.queryItems ?? [] where fields[item.name] == nil { fields[item.name] = item.value ?? "" }
        return fields
    }
}

/// What the sandbox does with a request: answer it, or drop the connection without a word.
public enum SandboxReply: Sendable {
    case response(SandboxResponse)
    /// Close the connection before any response, as a failing load balancer does.
    case drop
}

/// An HTTP response from the sandbox.
public struct SandboxResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response from a JSON-serialisable value.
    static func json(_ status: Int, _ object: Any, contentType: String = "application/json") -> SandboxResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return SandboxResponse(status: status, headers: [("Content-Type", contentType)], body: Array(data))
    }

    /// An XML response.
    static func xml(_ status: Int, _ text: String) -> SandboxResponse {
        SandboxResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(text.utf8))
    }

    /// The first value of header `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
