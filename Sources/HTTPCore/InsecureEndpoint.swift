/// An endpoint URL that would send credentials in clear (plain `http` to a host that is not
/// loopback), and where it came from.
public struct InsecureEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The variable or option that gave the URL: `AWS_ENDPOINT_URL`,
    /// `AWS_ENDPOINT_URL_<SERVICE>`, `--aws-endpoint-url`, `SPOTINST_API_URL`, `--spot-api-url`.
    public var origin: String
    /// The URL, without user name or password.
    public var url: String

    /// - Parameters:
    ///   - origin: the variable or option that gave the URL.
    ///   - url: the URL (user name and password are dropped).
    public init(origin: String, url: String) {
        self.origin = origin
        self.url = EndpointTransportSecurity.displayed(url)
    }

    /// `AWS_ENDPOINT_URL (http://10.0.0.5:5000)`.
    public var description: String { "\(origin) (\(url))" }
}
