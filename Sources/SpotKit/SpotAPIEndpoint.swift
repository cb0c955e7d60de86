import Foundation

/// Where the Spot API is: `https://api.spotinst.io` unless overridden (the local sandbox, a
/// proxy). The URL may carry a path prefix (`http://127.0.0.1:8080/spot`); API paths follow it.
public struct SpotAPIEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The public API's URL.
    public static let defaultURL = "https://api.spotinst.io"
    /// The environment variable that overrides the URL.
    public static let environmentVariable = "SPOTINST_API_URL"
    /// The public API.
    public static let `default` = SpotAPIEndpoint(checkedURL: defaultURL)

    /// The base URL, without a trailing `/`.
    public let url: String

    /// The endpoint at `url` (`http` or `https`, with a host; a trailing `/` is dropped).
    /// Throws a ``SpotError`` of kind `configuration`, code `InvalidEndpoint`, naming the URL.
    public init(url: String) throws(SpotError) {
        var trimmed = url.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else {
            throw SpotError.configuration(
                "the Spot API URL '\(trimmed)' is not an http(s) URL with a host and without query, fragment or user info",
                code: "InvalidEndpoint", operation: "ResolveEndpoint")
        }
        self.url = trimmed
    }

    private init(checkedURL: String) {
        url = checkedURL
    }

    /// The endpoint to use: `explicit` (the CLI's `--spot-api-url`) when given, else
    /// `SPOTINST_API_URL` from `environment`, else ``default``. Empty values count as not given.
    public static func resolve(explicit: String? = nil, environment: [String: String]) throws(SpotError) -> SpotAPIEndpoint {
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty {
            return try SpotAPIEndpoint(url: explicit)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.trimmingCharacters(in: .whitespaces).isEmpty {
            return try SpotAPIEndpoint(url: fromEnvironment)
        }
        return .default
    }

    /// The URL of `path` (already percent-encoded, starting with `/`) with `queryItems`, whose
    /// names and values are percent-encoded here (RFC 3986 unreserved characters kept).
    public func url(path: String, queryItems: [(name: String, value: String)] = []) -> String {
        var text = url + (path.hasPrefix("/") ? path : "/" + path)
        if !queryItems.isEmpty {
            text += "?" + queryItems.map { "\(Self.percentEncode($0.name))=\(Self.percentEncode($0.value))" }
                .joined(separator: "&")
        }
        return text
    }

    /// The base URL.
    public var description: String { url }

    /// Letters, digits and `-._~`: everything else is percent-encoded (as UTF-8).
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// `text` with every character outside the unreserved set percent-encoded.
    static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
