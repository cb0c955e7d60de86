import Foundation

/// An HTTP request to an AWS service, in the form that SigV4 signs and that is then sent.
///
/// The URL is kept in parts: `scheme`, `host`, `port`, the raw `path` exactly as it goes on the
/// wire (already percent-encoded), and the query as an ordered list of unencoded name/value
/// pairs. Headers are an ordered list that may repeat a name. Build one from a full URL with
/// ``init(method:url:headers:body:)`` and get the URL to send with ``url``.
public struct AWSRequest: Sendable {
    /// The HTTP method, such as `GET` or `POST`.
    public var method: String
    /// The URL scheme, `https` (or `http` for a local endpoint), lower case.
    public var scheme: String
    /// The host name or address, without the port. IPv6 literals keep their brackets.
    public var host: String
    /// The port, or `nil` for the scheme's default.
    public var port: Int?
    /// The path as it goes on the wire, percent-encoded (`/my%20key`). Empty means `/`.
    public var path: String
    /// The query parameters in order, names and values not percent-encoded.
    public var queryItems: [(name: String, value: String)]
    /// The headers in order; a name may repeat. Names compare case-insensitively.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a request from the parts of its URL.
    public init(
        method: String,
        scheme: String = "https",
        host: String,
        port: Int? = nil,
        path: String = "/",
        queryItems: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme.lowercased()
        self.host = host
        self.port = port
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.body = body
    }

    /// Creates a request from a full URL such as `https://sts.amazonaws.com/?Action=GetCallerIdentity`.
    ///
    /// The path is kept exactly as written (it must already be percent-encoded); the query is
    /// split on `&` and `=` and percent-decoded (`+` stays a plus sign); a fragment and any
    /// user information are dropped. Returns `nil` when there is no `scheme://`, no host, or
    /// the port is not a number from 0 to 65535.
    public init?(
        method: String,
        url: String,
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = []
    ) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let scheme = url[..<schemeEnd.lowerBound]
        guard !scheme.isEmpty else { return nil }
        var rest = url[schemeEnd.upperBound...]
        if let fragment = rest.firstIndex(of: "#") {
            rest = rest[..<fragment]
        }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let userInfoEnd = authority.lastIndex(of: "@") {
            authority = authority[authority.index(after: userInfoEnd)...]
        }

        var host = authority
        var port: Int?
        // A colon after the closing bracket of an IPv6 literal, or any colon otherwise.
        let portSearchStart = authority.lastIndex(of: "]") ?? authority.startIndex
        if let colon = authority[portSearchStart...].lastIndex(of: ":") {
            host = authority[..<colon]
            let portText = authority[authority.index(after: colon)...]
            if !portText.isEmpty {
                guard portText.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
                    let number = Int(portText), (0...65_535).contains(number)
                else { return nil }
                port = number
            }
        }
        guard !host.isEmpty else { return nil }

        let path: Substring
        var query: Substring = ""
        if let questionMark = rest.firstIndex(of: "?") {
            path = rest[..<questionMark]
            query = rest[rest.index(after: questionMark)...]
        } else {
            path = rest
        }

        self.init(
            method: method,
            scheme: String(scheme),
            host: String(host),
            port: port,
            path: path.isEmpty ? "/" : String(path),
            queryItems: Self.parseQuery(query),
            headers: headers,
            body: body)
    }

    /// The URL to send: scheme, host, the port when it is not the scheme's default, the path as
    /// stored, and the query items percent-encoded in their order.
    public var url: String {
        var url = "\(scheme)://\(hostHeaderValue)\(path.isEmpty ? "/" : path)"
        if !queryItems.isEmpty {
            url += "?" + encodedQuery
        }
        return url
    }

    /// The query as it goes on the wire: `name=value` pairs in their order, RFC 3986
    /// percent-encoded, joined by `&`. Empty when there are no query items.
    public var encodedQuery: String {
        queryItems
            .map { AWSPercentEncoding.encode($0.name) + "=" + AWSPercentEncoding.encode($0.value) }
            .joined(separator: "&")
    }

    /// The value for the `Host` header: the host, with `:port` when the port is not the
    /// scheme's default (443 for https, 80 for http).
    public var hostHeaderValue: String {
        guard let port else { return host }
        switch (scheme, port) {
        case ("https", 443), ("http", 80): return host
        default: return "\(host):\(port)"
        }
    }

    /// The values of every header named `name` (compared case-insensitively), in order.
    public func headerValues(named name: String) -> [String] {
        headers.filter { Self.sameName($0.name, name) }.map(\.value)
    }

    /// The value of the first header named `name` (compared case-insensitively), if any.
    public func firstHeader(named name: String) -> String? {
        headers.first { Self.sameName($0.name, name) }?.value
    }

    /// Sets the header `name` to `value`: the first header of that name (in any case) takes the
    /// value in its place and later ones are removed; without one, the header is appended.
    public mutating func setHeader(_ name: String, to value: String) {
        guard let first = headers.firstIndex(where: { Self.sameName($0.name, name) }) else {
            headers.append((name: name, value: value))
            return
        }
        headers[first] = (name: name, value: value)
        var index = headers.index(after: first)
        while index < headers.endIndex {
            if Self.sameName(headers[index].name, name) {
                headers.remove(at: index)
            } else {
                index += 1
            }
        }
    }

    /// Appends a header, keeping any others of the same name.
    public mutating func addHeader(_ name: String, value: String) {
        headers.append((name: name, value: value))
    }

    /// Removes every header named `name` (compared case-insensitively).
    public mutating func removeHeaders(named name: String) {
        headers.removeAll { Self.sameName($0.name, name) }
    }

    /// Percent-encodes an unencoded path (for example `/bucket/` plus an S3 object key) for
    /// ``path``: every byte but the RFC 3986 unreserved characters and `/` is encoded.
    public static func encodePath(_ unencodedPath: String) -> String {
        AWSPercentEncoding.encode(unencodedPath, keeping: [UInt8(ascii: "/")])
    }

    /// Splits a raw query string into percent-decoded name/value pairs; empty pieces are skipped
    /// and a piece without `=` has an empty value.
    static func parseQuery(_ query: Substring) -> [(name: String, value: String)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { piece in
            if let equals = piece.firstIndex(of: "=") {
                return (
                    name: AWSPercentEncoding.decode(String(piece[..<equals])),
                    value: AWSPercentEncoding.decode(String(piece[piece.index(after: equals)...]))
                )
            }
            return (name: AWSPercentEncoding.decode(String(piece)), value: "")
        }
    }

    /// Whether two header names are the same, ignoring ASCII case.
    static func sameName(_ lhs: String, _ rhs: String) -> Bool {
        lhs.lowercased() == rhs.lowercased()
    }
}

extension AWSRequest: Equatable {
    /// Two requests are equal when every part is, headers and query items in the same order.
    public static func == (lhs: AWSRequest, rhs: AWSRequest) -> Bool {
        lhs.method == rhs.method && lhs.scheme == rhs.scheme && lhs.host == rhs.host
            && lhs.port == rhs.port && lhs.path == rhs.path && lhs.body == rhs.body
            && lhs.queryItems.elementsEqual(rhs.queryItems) { $0 == $1 }
            && lhs.headers.elementsEqual(rhs.headers) { $0 == $1 }
    }
}
