import HTTPCore

/// AWS Organizations, on JSON 1.1 (`X-Amz-Target: AWSOrganizationsV20161128.<Operation>`).
///
/// Organizations lives in one region per partition: use the endpoint ``EndpointResolver``
/// gives for `.organizations` (us-east-1; cn-northwest-1 in AWS China).
public struct OrganizationsClient: Sendable {
    /// Sends the calls.
    public let client: AWSClient
    /// Where Organizations is.
    public let endpoint: ServiceEndpoint

    /// - Parameters:
    ///   - client: sends the calls.
    ///   - endpoint: Organizations' endpoint in the partition.
    public init(client: AWSClient, endpoint: ServiceEndpoint) {
        self.client = client
        self.endpoint = endpoint
    }

    /// The `X-Amz-Target` prefix of every operation.
    public static let targetPrefix = "AWSOrganizationsV20161128"

    /// `DescribeOrganization`: the organization the caller's account belongs to.
    ///
    /// An account in no organization gets an ``AWSError`` with code
    /// `AWSOrganizationsNotInUseException`.
    public func describeOrganization(credentials: any CredentialProvider) async throws(AWSError) -> OrganizationDescription {
        let operation = "DescribeOrganization"
        let call = try JSONRequest.call(
            service: .organizations, targetPrefix: Self.targetPrefix, operation: operation,
            input: [String: String](), endpoint: endpoint)
        let response = try await client.send(call, credentials: credentials)
        let output = try JSONRequest.decode(
            DescribeOrganizationOutput.self, from: response, service: .organizations, operation: operation)
        guard let organization = output.organization, let id = organization.id, let arn = organization.arn,
            let master = organization.masterAccountID
        else {
            throw AWSError(
                code: "InvalidResponse", message: "DescribeOrganization returned no organization",
                httpStatus: response.status, requestID: response.header("x-amzn-RequestId"),
                service: "organizations", operation: operation, isRetryable: false)
        }
        return OrganizationDescription(
            id: id, arn: arn, managementAccountID: master, managementAccountARN: organization.masterAccountARN,
            managementAccountEmail: organization.masterAccountEmail, featureSet: organization.featureSet ?? "")
    }
}

extension OrganizationsClient {
    /// The `DescribeOrganization` response body, as the service spells it.
    private struct DescribeOrganizationOutput: Decodable {
        var organization: OrganizationShape?

        enum CodingKeys: String, CodingKey {
            case organization = "Organization"
        }
    }

    /// The `Organization` shape (the fields onboarding reads).
    private struct OrganizationShape: Decodable {
        var id: String?
        var arn: String?
        var featureSet: String?
        var masterAccountARN: String?
        var masterAccountID: String?
        var masterAccountEmail: String?

        enum CodingKeys: String, CodingKey {
            case id = "Id"
            case arn = "Arn"
            case featureSet = "FeatureSet"
            case masterAccountARN = "MasterAccountArn"
            case masterAccountID = "MasterAccountId"
            case masterAccountEmail = "MasterAccountEmail"
        }
    }
}
