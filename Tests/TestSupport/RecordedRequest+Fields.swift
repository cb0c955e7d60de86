import Foundation

extension RecordedRequest {
    /// The SigV4 credential scope of an AWS request (`Credential=<key>/<date>/<region>/<service>/aws4_request`),
    /// nil for a request not signed with SigV4 (Spot's).
    public var signingScope: (accessKeyID: String, region: String, service: String)? {
        guard let authorization = header("Authorization"), authorization.hasPrefix("AWS4-HMAC-SHA256"),
            let start = authorization.range(of: "Credential=")
        else { return nil }
        let credential = authorization[start.upperBound...].prefix { $0 != "," && $0 != " " }
        let parts = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 5 else { return nil }
        return (parts[0], parts[2], parts[3])
    }

    /// Whether the request carries a Spot bearer token.
    public var isSpot: Bool { header("Authorization")?.hasPrefix("Bearer ") ?? false }

    /// The fields of a form-encoded (query protocol) body, decoded; a repeated name keeps its last value.
    public var formFields: [String: String] {
        var fields: [String: String] = [:]
        for piece in bodyText.split(separator: "&") {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.formDecode(String(pair[0]))
            fields[name] = pair.count > 1 ? Self.formDecode(String(pair[1])) : ""
        }
        return fields
    }

    /// A query-protocol structure list (`Parameters.member.N.ParameterKey`/`ParameterValue`) as
    /// key and value pairs, in member order.
    public func formStructures(_ list: String, key: String, value: String) -> [(key: String, value: String)] {
        let fields = formFields
        var pairs: [(key: String, value: String)] = []
        var index = 1
        while let name = fields["\(list).member.\(index).\(key)"] {
            pairs.append((name, fields["\(list).member.\(index).\(value)"] ?? ""))
            index += 1
        }
        return pairs
    }

    /// A query-protocol list of strings (`Capabilities.member.N`), in order.
    public func formList(_ list: String) -> [String] {
        let fields = formFields
        var values: [String] = []
        var index = 1
        while let value = fields["\(list).member.\(index)"] {
            values.append(value)
            index += 1
        }
        return values
    }

    /// The body parsed as a JSON object; nil when it is not one.
    public var jsonObject: [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// The string at `path` of the JSON body (`["config", "billingSource", "bucket"]`).
    public func jsonString(_ path: String...) -> String? {
        var value: Any? = jsonObject
        for key in path { value = (value as? [String: Any])?[key] }
        return value as? String
    }

    private static func formDecode(_ text: String) -> String {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? text
    }
}
