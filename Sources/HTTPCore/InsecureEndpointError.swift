/// Endpoints refused because they would send credentials in clear: plain `http` to hosts that
/// are not loopback (see ``EndpointTransportSecurity``).
///
/// `description` names each variable or option and its URL; ``shortDescription`` is
/// label-safe: the origins only.
public struct InsecureEndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The endpoints refused, in the order they were checked.
    public var endpoints: [InsecureEndpoint]

    /// - Parameter endpoints: the endpoints refused.
    public init(endpoints: [InsecureEndpoint]) {
        self.endpoints = endpoints
    }

    /// `InsecureEndpoint: AWS_ENDPOINT_URL, --spot-api-url`.
    public var shortDescription: String {
        "InsecureEndpoint: " + endpoints.map(\.origin).joined(separator: ", ")
    }

    /// `AWS_ENDPOINT_URL is http://10.0.0.5:5000: plain http to a host that is not loopback …; use https`.
    public var description: String {
        let named = endpoints.map { "\($0.origin) is \($0.url)" }.joined(separator: "; ")
        return "\(named): plain http to a host that is not loopback (127.0.0.0/8, ::1, localhost) would send "
            + "credentials and tokens in clear; use https"
    }
}
