/// The AWS services onboarding calls, with the names each needs for endpoints and signing.
public enum AWSService: String, Sendable, Hashable, Codable, CaseIterable {
    case sts
    case iam
    case organizations
    case costAndUsageReport = "cur"
    case cloudFormation = "cloudformation"
    case s3

    /// The name used in the SigV4 credential scope.
    public var signingName: String { rawValue }

    /// The first label of the service's default host name.
    public var endpointPrefix: String { rawValue }

    /// The suffix of `AWS_ENDPOINT_URL_<SERVICE>`, as the SDKs spell it (the service id in
    /// upper case with spaces as underscores).
    public var endpointEnvironmentSuffix: String {
        switch self {
        case .sts: "STS"
        case .iam: "IAM"
        case .organizations: "ORGANIZATIONS"
        case .costAndUsageReport: "COST_AND_USAGE_REPORT_SERVICE"
        case .cloudFormation: "CLOUDFORMATION"
        case .s3: "S3"
        }
    }
}
