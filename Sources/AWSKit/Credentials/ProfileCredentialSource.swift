import HTTPCore
/// How a profile of the shared files yields credentials: its own keys, or a role assumed with
/// the credentials of its `source_profile`, chained to any depth.
///
/// Printing a source shows profiles, role ARNs, regions and access key ids; never a secret,
/// a session token or an external id.
public indirect enum ProfileCredentialSource: Sendable, Hashable, CustomStringConvertible {
    /// Keys written in the profile (`aws_access_key_id`, `aws_secret_access_key`,
    /// `aws_session_token`).
    case staticKeys(profile: String, credentials: AWSCredentials)
    /// The role `request` names, assumed through STS in `region` with the credentials of
    /// `source`.
    case assumeRole(profile: String, request: AssumeRoleRequest, region: String, source: ProfileCredentialSource)

    /// The profile this source belongs to.
    public var profile: String {
        switch self {
        case .staticKeys(let profile, _), .assumeRole(let profile, _, _, _): profile
        }
    }

    /// The roles assumed, first to last (the order of the `AssumeRole` calls).
    public var assumeRoleRequests: [AssumeRoleRequest] {
        switch self {
        case .staticKeys: []
        case .assumeRole(_, let request, _, let source): source.assumeRoleRequests + [request]
        }
    }

    /// A provider for these credentials: static keys as they are; each role as an
    /// ``AssumeRoleCredentialProvider`` whose STS endpoint `endpoints` gives for its region
    /// (the partition follows the region), with its own cache.
    public func makeProvider(
        endpoints: EndpointResolver, client: AWSClient, clock: any ServiceClock = SystemClock(),
        refreshMargin: Double = AssumeRoleCredentialProvider.defaultRefreshMargin
    ) -> any CredentialProvider {
        switch self {
        case .staticKeys(_, let credentials):
            return StaticCredentialProvider(credentials)
        case .assumeRole(_, let request, let region, let source):
            let endpoint = endpoints.endpoint(for: .sts, partition: Partition(region: region), region: region)
            return AssumeRoleCredentialProvider(
                sts: STSClient(client: client, endpoint: endpoint),
                source: source.makeProvider(
                    endpoints: endpoints, client: client, clock: clock, refreshMargin: refreshMargin),
                request: request, clock: clock, refreshMargin: refreshMargin)
        }
    }

    /// `profile payer: role arn:aws:iam::…:role/x in us-east-1, from profile base: keys AKID…`.
    public var description: String {
        switch self {
        case .staticKeys(let profile, let credentials):
            return "profile \(profile): keys \(credentials.accessKeyID)"
        case .assumeRole(let profile, let request, let region, let source):
            return "profile \(profile): role \(request.roleARN) in \(region), from \(source)"
        }
    }
}
