import HTTPCore
/// Resolves service endpoints per partition and region, honouring the SDKs' overrides.
///
/// Precedence, highest first: the command line's `--aws-endpoint-url`, then
/// `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the partition's default. An
/// override changes where requests go, never how they are signed. Overrides are taken as given;
/// ``checkTransportSecurity(allowingInsecure:)`` refuses those that would send credentials in
/// clear (plain `http` to a host that is not loopback).
public struct EndpointResolver: Sendable, Hashable {
    /// An endpoint for every service, from `--aws-endpoint-url`.
    public var commandLineOverride: String?
    /// Endpoints per service, from `AWS_ENDPOINT_URL_<SERVICE>`.
    public var serviceOverrides: [AWSService: String]
    /// An endpoint for every service, from `AWS_ENDPOINT_URL`.
    public var globalOverride: String?

    public init(
        commandLineOverride: String? = nil,
        serviceOverrides: [AWSService: String] = [:],
        globalOverride: String? = nil
    ) {
        self.commandLineOverride = commandLineOverride
        self.serviceOverrides = serviceOverrides
        self.globalOverride = globalOverride
    }

    /// Reads the overrides from an environment (pass `ProcessInfo.processInfo.environment`).
    public init(environment: [String: String], commandLineOverride: String? = nil) {
        func nonEmpty(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return value
        }
        var services: [AWSService: String] = [:]
        for service in AWSService.allCases {
            if let url = nonEmpty(environment["AWS_ENDPOINT_URL_\(service.endpointEnvironmentSuffix)"]) {
                services[service] = url
            }
        }
        self.init(
            commandLineOverride: nonEmpty(commandLineOverride),
            serviceOverrides: services,
            globalOverride: nonEmpty(environment["AWS_ENDPOINT_URL"]))
    }

    /// The endpoint of `service` for calls made in `region` of `partition`.
    ///
    /// Global services (IAM, Organizations) and the CUR API ignore `region` and use their
    /// partition's fixed region.
    public func endpoint(for service: AWSService, partition: Partition, region: String) -> ServiceEndpoint {
        let signingRegion: String
        let host: String
        switch service {
        case .iam:
            signingRegion = partition.iamRegion
            host = partition == .aws ? "iam.amazonaws.com" : "iam.\(signingRegion).\(partition.dnsSuffix)"
        case .organizations:
            signingRegion = partition.organizationsRegion
            host = "organizations.\(signingRegion).\(partition.dnsSuffix)"
        case .costAndUsageReport:
            signingRegion = partition.costAndUsageReportRegion
            host = "cur.\(signingRegion).\(partition.dnsSuffix)"
        case .sts, .cloudFormation, .s3:
            signingRegion = region
            host = "\(service.endpointPrefix).\(region).\(partition.dnsSuffix)"
        }
        if let custom = commandLineOverride ?? serviceOverrides[service] ?? globalOverride {
            return ServiceEndpoint(
                url: Self.trimmingTrailingSlash(custom), signingRegion: signingRegion,
                signingName: service.signingName, isCustom: true)
        }
        return ServiceEndpoint(
            url: "https://\(host)", signingRegion: signingRegion, signingName: service.signingName,
            isCustom: false)
    }

    /// The overrides in effect that would send credentials in clear (plain `http` to a host
    /// that is not loopback), each with the variable or option it came from:
    /// `--aws-endpoint-url` alone when it is given (it beats the others), else each
    /// `AWS_ENDPOINT_URL_<SERVICE>`, and `AWS_ENDPOINT_URL` unless every service has its own.
    public var insecureOverrides: [InsecureEndpoint] {
        var inEffect: [(origin: String, url: String)] = []
        if let commandLineOverride {
            inEffect.append(("--aws-endpoint-url", commandLineOverride))
        } else {
            for service in AWSService.allCases {
                if let url = serviceOverrides[service] {
                    inEffect.append(("AWS_ENDPOINT_URL_\(service.endpointEnvironmentSuffix)", url))
                }
            }
            if let globalOverride, AWSService.allCases.contains(where: { serviceOverrides[$0] == nil }) {
                inEffect.append(("AWS_ENDPOINT_URL", globalOverride))
            }
        }
        return inEffect.filter { EndpointTransportSecurity.isInsecure($0.url) }
            .map { InsecureEndpoint(origin: $0.origin, url: $0.url) }
    }

    /// Checks that no override in effect sends credentials in clear.
    ///
    /// - Parameter allowingInsecure: lets such overrides through (an operator's explicit
    ///   choice, `--allow-insecure-endpoints`).
    /// - Returns: the insecure overrides let through, for a warning (empty unless allowed).
    /// - Throws: ``InsecureEndpointError`` naming each one, unless `allowingInsecure`.
    @discardableResult
    public func checkTransportSecurity(allowingInsecure: Bool = false) throws(InsecureEndpointError) -> [InsecureEndpoint] {
        let insecure = insecureOverrides
        guard insecure.isEmpty || allowingInsecure else { throw InsecureEndpointError(endpoints: insecure) }
        return insecure
    }

    private static func trimmingTrailingSlash(_ url: String) -> String {
        var url = url
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }
}
