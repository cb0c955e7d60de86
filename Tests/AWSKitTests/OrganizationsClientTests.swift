import AWSKit
import Foundation
import Testing

/// `OrganizationsClient.describeOrganization` against a real moto_server.
@Suite("Organizations client on moto")
struct OrganizationsClientTests {
    /// The `CreateOrganization` input (moto's raw call; onboarding never creates organizations).
    struct CreateOrganizationInput: Encodable {
        var featureSet: String

        enum CodingKeys: String, CodingKey {
            case featureSet = "FeatureSet"
        }
    }

    /// Makes the account of `credentials` the management account of a new organization.
    static func createOrganization(
        featureSet: String, client: AWSClient, endpoint: ServiceEndpoint, credentials: any CredentialProvider
    ) async throws {
        let call = try JSONRequest.call(
            service: .organizations, targetPrefix: OrganizationsClient.targetPrefix, operation: "CreateOrganization",
            input: CreateOrganizationInput(featureSet: featureSet), endpoint: endpoint)
        _ = try await client.send(call, credentials: credentials)
    }

    @Test("An account in no organization gets AWSOrganizationsNotInUseException")
    func notInUse() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let organizations = OrganizationsClient(client: moto.client(), endpoint: moto.endpoint(for: .organizations))

        let error = await #expect(throws: AWSError.self) {
            try await organizations.describeOrganization(credentials: payer)
        }
        #expect(error?.code == "AWSOrganizationsNotInUseException")
        #expect(error?.httpStatus == 400)
        #expect(error?.isRetryable == false)
        #expect(error?.operation == "DescribeOrganization")
    }

    @Test("After CreateOrganization, DescribeOrganization names the caller as management account")
    func describeAfterCreate() async throws {
        let moto = try await MotoServer.shared()
        let client = moto.client()
        let endpoint = moto.endpoint(for: .organizations)
        let account = MotoAccounts.uniqueAccountID()
        let payer = try await MotoAccounts.credentials(in: account, moto: moto)
        try await Self.createOrganization(featureSet: "ALL", client: client, endpoint: endpoint, credentials: payer)

        let organization = try await OrganizationsClient(client: client, endpoint: endpoint).describeOrganization(credentials: payer)

        #expect(organization.id.hasPrefix("o-"))
        #expect(organization.arn == "arn:aws:organizations::\(account):organization/\(organization.id)")
        #expect(organization.managementAccountID == account)
        #expect(organization.isManagementAccount(account))
        #expect(organization.managementAccountARN == "arn:aws:organizations::\(account):account/\(organization.id)/\(account)")
        #expect(organization.managementAccountEmail?.isEmpty == false)
        #expect(organization.featureSet == "ALL")
    }

    @Test("The feature set comes back as created (consolidated billing only)")
    func consolidatedBilling() async throws {
        let moto = try await MotoServer.shared()
        let client = moto.client()
        let endpoint = moto.endpoint(for: .organizations)
        let account = MotoAccounts.uniqueAccountID()
        let payer = try await MotoAccounts.credentials(in: account, moto: moto)
        try await Self.createOrganization(
            featureSet: "CONSOLIDATED_BILLING", client: client, endpoint: endpoint, credentials: payer)

        let organizations = OrganizationsClient(client: client, endpoint: endpoint)
        let organization = try await organizations.describeOrganization(credentials: payer)
        #expect(organization.featureSet == "CONSOLIDATED_BILLING")
        #expect(organization.managementAccountID == account)
    }

    @Test("In aws-cn, Organizations is signed for cn-northwest-1 and ARNs start arn:aws-cn:")
    func chinaPartition() async throws {
        let moto = try await MotoServer.shared()
        let client = moto.client()
        let endpoint = moto.endpoints.endpoint(for: .organizations, partition: .awsChina, region: "cn-north-1")
        #expect(endpoint.signingRegion == "cn-northwest-1")
        let account = MotoAccounts.uniqueAccountID()
        let payer = try await MotoAccounts.credentials(in: account, region: "cn-north-1", moto: moto)
        let organizations = OrganizationsClient(client: client, endpoint: endpoint)

        let error = await #expect(throws: AWSError.self) {
            try await organizations.describeOrganization(credentials: payer)
        }
        #expect(error?.code == "AWSOrganizationsNotInUseException")

        try await Self.createOrganization(featureSet: "ALL", client: client, endpoint: endpoint, credentials: payer)
        let organization = try await organizations.describeOrganization(credentials: payer)
        #expect(organization.arn.hasPrefix("arn:aws-cn:organizations::\(account):organization/o-"))
        #expect(organization.managementAccountID == account)
    }
}
