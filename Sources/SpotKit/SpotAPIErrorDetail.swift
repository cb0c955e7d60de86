/// One entry of an error response's `response.errors` list.
public struct SpotAPIErrorDetail: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Spot's error code (`ACCOUNT_NOT_FOUND`, `UNAUTHORIZED`, …); may be missing.
    public var code: String?
    /// What went wrong, for people.
    public var message: String?
    /// The request field the error is about, when Spot names one.
    public var field: String?

    /// - Parameters:
    ///   - code: Spot's error code.
    ///   - message: the message.
    ///   - field: the request field the error is about.
    public init(code: String? = nil, message: String? = nil, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// `CODE: message (field name)`, leaving out what is missing.
    public var description: String {
        var parts: [String] = []
        if let code, !code.isEmpty { parts.append(code) }
        if let message, !message.isEmpty { parts.append(message) }
        var text = parts.joined(separator: ": ")
        if let field, !field.isEmpty { text += text.isEmpty ? "field \(field)" : " (field \(field))" }
        return text.isEmpty ? "(no details)" : text
    }
}
