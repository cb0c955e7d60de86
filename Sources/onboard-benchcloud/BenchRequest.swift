import Foundation

/// One request as the bench cloud read it: method, path, query, the headers it routes on, body.
struct BenchRequest: Sendable {
    var method: String
    /// The path, percent-decoded, without the query.
    var path: String
    /// Query items, percent-decoded.
    var query: [String: String]
    /// `X-Amz-Target` (JSON protocols), if sent.
    var target: String?
    /// `Authorization`, if sent.
    var authorization: String?
    var body: [UInt8]

    init(method: String, uri: String, target: String?, authorization: String?, body: [UInt8]) {
        self.method = method
        self.target = target
        self.authorization = authorization
        self.body = body
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0]).removingPercentEncoding ?? String(parts[0])
        query = parts.count > 1 ? Self.formFields(Substring(parts[1])) : [:]
    }

    /// The SigV4 credential scope's service (`sts`, `s3`, …), nil for an unsigned request.
    var signedService: String? {
        guard let scope = credential?.split(separator: "/"), scope.count >= 4 else { return nil }
        return String(scope[3])
    }

    /// The access key the request was signed with.
    var accessKeyID: String? {
        credential?.split(separator: "/").first.map(String.init)
    }

    private var credential: Substring? {
        guard let authorization, let start = authorization.range(of: "Credential=") else { return nil }
        let rest = authorization[start.upperBound...]
        return rest.prefix { $0 != "," && $0 != " " }
    }

    /// The body as form fields (the query protocol).
    var formFields: [String: String] { Self.formFields(Substring(decoding: body, as: UTF8.self)) }

    /// The body as a JSON object, or empty.
    var jsonObject: [String: Any] {
        guard !body.isEmpty else { return [:] }
        return ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]) ?? [:]
    }

    private static func formFields(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(halves[0])
            // The template (tens of KB) is never read back: not decoded, to keep the stand-in cheap.
            guard name != "TemplateBody" else { continue }
            if fields[name] == nil { fields[name] = halves.count > 1 ? decode(halves[1]) : "" }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String {
        guard text.contains(where: { $0 == "+" || $0 == "%" }) else { return String(text) }
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// One answer: status, content type, body (and any extra headers).
struct BenchResponse: Sendable {
    var status: Int
    var contentType: String
    var body: [UInt8]
    var headers: [(name: String, value: String)] = []

    init(status: Int = 200, contentType: String, body: String, headers: [(name: String, value: String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = Array(body.utf8)
        self.headers = headers
    }
}
