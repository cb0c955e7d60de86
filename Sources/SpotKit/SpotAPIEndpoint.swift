import Foundation
import HTTPCore

/// Where the Spot API is: `https://api.spotinst.io` unless overridden (the local sandbox, a
/// proxy). The URL may carry a path prefix (`http://127.0.0.1:8080/spot`); API paths follow it.
/// ``resolve(explicit:environment:allowsInsecureHTTP:)`` refuses plain `http` to hosts that are
/// not loopback.
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

    /// The option of the command line that overrides the URL (named in refusals).
    public static let commandLineOption = "--spot-api-url"

    /// The endpoint to use: `explicit` (the CLI's `--spot-api-url`) when given, else
    /// `SPOTINST_API_URL` from `environment`, else ``default``. Empty values count as not given.
    ///
    /// Plain `http` carries the bearer token in clear, so it is refused to any host that is not
    /// loopback (127.0.0.0/8, ::1, `localhost`; see HTTPCore's ``EndpointTransportSecurity``)
    /// unless `allowsInsecureHTTP`: a ``SpotError`` of kind `configuration`, code
    /// `InsecureEndpoint`, naming the option or variable and the URL.
    public static func resolve(
        explicit: String? = nil, environment: [String: String], allowsInsecureHTTP: Bool = false
    ) throws(SpotError) -> SpotAPIEndpoint {
        guard let (origin, url) = override(explicit: explicit, environment: environment) else { return .default }
        let endpoint = try SpotAPIEndpoint(url: url)
        if !allowsInsecureHTTP, EndpointTransportSecurity.isInsecure(endpoint.url) {
            let error = InsecureEndpointError(endpoints: [InsecureEndpoint(origin: origin, url: endpoint.url)])
            throw SpotError.configuration(error.description, code: "InsecureEndpoint", operation: "ResolveEndpoint")
        }
        return endpoint
    }

    /// The override ``resolve(explicit:environment:allowsInsecureHTTP:)`` would use when it
    /// sends the token in clear (plain `http` to a host that is not loopback), with the option
    /// or variable it came from; nil for none, or for one that is not a URL at all.
    public static func insecureOverride(explicit: String? = nil, environment: [String: String]) -> InsecureEndpoint? {
        guard let (origin, url) = override(explicit: explicit, environment: environment),
            let endpoint = try? SpotAPIEndpoint(url: url), EndpointTransportSecurity.isInsecure(endpoint.url)
        else { return nil }
        return InsecureEndpoint(origin: origin, url: endpoint.url)
    }

    /// The URL given by `explicit`, else by the environment, with its origin.
    private static func override(explicit: String?, environment: [String: String]) -> (origin: String, url: String)? {
        if let explicit, !explicit.trimmingCharacters(in: .whitespaces).isEmpty {
            return (commandLineOption, explicit)
        }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.trimmingCharacters(in: .whitespaces).isEmpty {
            return (environmentVariable, fromEnvironment)
        }
        return nil
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
