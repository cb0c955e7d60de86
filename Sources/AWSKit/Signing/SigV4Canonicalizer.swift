/// The pieces of a SigV4 canonical request: canonical URI, query string and headers.
enum SigV4Canonicalizer {
    /// Headers never signed: `Authorization` is what signing produces, and the others are
    /// changed or added by HTTP clients and proxies after signing.
    static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "transfer-encoding", "user-agent", "x-amzn-trace-id",
    ]

    /// The canonical URI of a wire path.
    ///
    /// Without S3 rules the path is normalised (`.` and `..` segments resolved, repeated slashes
    /// collapsed) and each segment is percent-encoded again, so an encoded wire path is encoded
    /// twice. With S3 rules the wire path is used as it is, without normalisation; only bytes
    /// that are neither unreserved, `/` nor `%` are encoded, so a path that is already encoded
    /// is encoded once.
    static func canonicalURI(path: String, s3Rules: Bool) -> String {
        if s3Rules {
            let absolute = path.hasPrefix("/") ? path : "/" + path
            return AWSPercentEncoding.encode(absolute, keeping: [UInt8(ascii: "/"), UInt8(ascii: "%")])
        }
        return normalizedPath(path)
            .split(separator: "/", omittingEmptySubsequences: false)
            .map { AWSPercentEncoding.encode(String($0)) }
            .joined(separator: "/")
    }

    /// Resolves `.` and `..` segments and collapses repeated slashes (RFC 3986 style): the result
    /// starts with `/`, and ends with `/` when the path ended with `/`, `/.` or `/..` and is not
    /// just `/`.
    static func normalizedPath(_ path: String) -> String {
        let rawSegments = path.split(separator: "/", omittingEmptySubsequences: false)
        var segments: [Substring] = []
        for segment in rawSegments {
            switch segment {
            case "", ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        guard !segments.isEmpty else { return "/" }
        let last = rawSegments.last ?? ""
        let trailingSlash = last.isEmpty || last == "." || last == ".."
        return "/" + segments.joined(separator: "/") + (trailingSlash ? "/" : "")
    }

    /// The canonical query string: names and values RFC 3986 encoded, sorted by name then by
    /// value (byte order of the encoded text), joined as `name=value` pairs with `&`.
    static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        items
            .map { (name: AWSPercentEncoding.encode($0.name), value: AWSPercentEncoding.encode($0.value)) }
            .sorted { lhs, rhs in
                if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
                return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
            }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// The canonical headers block (one `name:value` line per header name, each ending in a
    /// newline) and the signed headers list (`a;b;c`).
    ///
    /// Names are lower-cased and sorted; values are trimmed, their inner runs of white space
    /// (folded lines included) collapse to one space, and the values of a repeated header are
    /// joined with `,` in their order. Headers in ``unsignedHeaderNames`` are left out.
    static func canonicalHeaders(
        _ headers: [(name: String, value: String)]
    ) -> (canonicalHeaders: String, signedHeaders: String) {
        var valuesByName: [String: [String]] = [:]
        for header in headers {
            let name = trimmed(header.name).lowercased()
            guard !name.isEmpty, !unsignedHeaderNames.contains(name) else { continue }
            valuesByName[name, default: []].append(normalizedHeaderValue(header.value))
        }
        let sorted = valuesByName.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        let canonical = sorted.map { "\($0.key):\($0.value.joined(separator: ","))\n" }.joined()
        let signed = sorted.map(\.key).joined(separator: ";")
        return (canonical, signed)
    }

    /// A header value with leading and trailing white space removed and every inner run of
    /// spaces, tabs and line breaks replaced by one space.
    static func normalizedHeaderValue(_ value: String) -> String {
        // Most values (a session token of several hundred bytes among them) hold no white
        // space at all: they are returned as they are, without walking their characters.
        guard hasWhitespace(value) else { return value }
        return value.split(whereSeparator: isWhitespace).joined(separator: " ")
    }

    /// `text` without leading and trailing spaces, tabs and line breaks.
    static func trimmed(_ text: String) -> String {
        guard hasWhitespace(text) else { return text }
        guard let first = text.firstIndex(where: { !isWhitespace($0) }),
            let last = text.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(text[first...last])
    }

    /// Whether `text` holds a space, a tab, a carriage return or a line feed (the bytes of every
    /// character ``isWhitespace(_:)`` accepts).
    private static func hasWhitespace(_ text: String) -> Bool {
        text.utf8.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
    }

    /// Whether `character` is HTTP white space or a line break.
    private static func isWhitespace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r" || character == "\n" || character == "\r\n"
    }
}
