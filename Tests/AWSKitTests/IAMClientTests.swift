import AWSKit
import Foundation
import Testing

/// `IAMClient.getRole` against a real moto_server.
@Suite("IAM client on moto")
struct IAMClientTests {
    /// A trust policy with what URL-encoding changes: spaces, quotes, slashes, `+`, `&`, `%`.
    static let trustPolicy = """
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", \
        "Principal": {"AWS": "arn:aws:iam::922761411349:root"}, "Action": "sts:AssumeRole", \
        "Condition": {"StringEquals": {"sts:ExternalId": "ext+id&100%/spot"}}}]}
        """

    /// Creates `name` in the account of `credentials` with a raw `CreateRole` call.
    static func createRole(
        _ name: String, path: String = "/", client: AWSClient, endpoint: ServiceEndpoint, credentials: any CredentialProvider
    ) async throws {
        var query = QueryRequest(action: "CreateRole", version: "2010-05-08")
        query.set("RoleName", name)
        query.set("Path", path)
        query.set("AssumeRolePolicyDocument", trustPolicy)
        _ = try await client.send(query.call(service: .iam, endpoint: endpoint), credentials: credentials)
    }

    @Test("GetRole returns the ARN, the name and the trust policy URL-decoded")
    func getRole() async throws {
        let moto = try await MotoServer.shared()
        let client = moto.client()
        let endpoint = moto.endpoint(for: .iam)
        let account = MotoAccounts.uniqueAccountID()
        let payer = try await MotoAccounts.credentials(in: account, moto: moto)
        try await Self.createRole("SpotFinOpsRole", path: "/spot/", client: client, endpoint: endpoint, credentials: payer)

        let role = try #require(try await IAMClient(client: client, endpoint: endpoint).getRole(name: "SpotFinOpsRole", credentials: payer))

        #expect(role.name == "SpotFinOpsRole")
        #expect(role.arn == "arn:aws:iam::\(account):role/spot/SpotFinOpsRole")
        #expect(role.path == "/spot/")
        #expect(role.roleID.hasPrefix("AROA"))
        #expect(role.assumeRolePolicyDocument == Self.trustPolicy)
    }

    @Test("GetRole of a role that does not exist (NoSuchEntity) is nil")
    func missingRoleIsNil() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let iam = IAMClient(client: moto.client(), endpoint: moto.endpoint(for: .iam))

        #expect(try await iam.getRole(name: "SpotRole", credentials: payer) == nil)
    }

    @Test("A role in another account is not visible (each payer account has its own roles)")
    func rolesArePerAccount() async throws {
        let moto = try await MotoServer.shared()
        let client = moto.client()
        let endpoint = moto.endpoint(for: .iam)
        let owner = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let other = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        try await Self.createRole("SpotRole", client: client, endpoint: endpoint, credentials: owner)

        let iam = IAMClient(client: client, endpoint: endpoint)
        #expect(try await iam.getRole(name: "SpotRole", credentials: owner) != nil)
        #expect(try await iam.getRole(name: "SpotRole", credentials: other) == nil)
    }

    @Test("In aws-cn, IAM is signed for cn-north-1 and role ARNs start arn:aws-cn:")
    func chinaPartition() async throws {
        let moto = try await MotoServer.shared()
        let client = moto.client()
        // The region asked does not matter: IAM is global per partition.
        let endpoint = moto.endpoints.endpoint(for: .iam, partition: .awsChina, region: "cn-northwest-1")
        #expect(endpoint.signingRegion == "cn-north-1")
        let account = MotoAccounts.uniqueAccountID()
        let payer = try await MotoAccounts.credentials(in: account, region: "cn-north-1", moto: moto)
        try await Self.createRole("SpotRole", client: client, endpoint: endpoint, credentials: payer)

        let role = try #require(try await IAMClient(client: client, endpoint: endpoint).getRole(name: "SpotRole", credentials: payer))

        #expect(role.arn == "arn:aws-cn:iam::\(account):role/SpotRole")
        #expect(role.assumeRolePolicyDocument == Self.trustPolicy)
    }

    @Test("Policy documents are percent-decoded as RFC 3986 text; a plus sign stays a plus sign")
    func decodePolicyDocument() {
        #expect(IAMClient.decodePolicyDocument("%7B%22a%22%3A%20%22b%2Bc+d%22%7D") == #"{"a": "b+c+d"}"#)
        #expect(IAMClient.decodePolicyDocument("{}") == "{}")
        #expect(IAMClient.decodePolicyDocument("100%") == "100%")
    }

    @Test("A role's attached and inline policies are listed, and their documents read back URL-decoded")
    func rolePolicies() async throws {
        let moto = try await MotoServer.shared()
        let client = moto.client()
        let endpoint = moto.endpoint(for: .iam)
        let account = MotoAccounts.uniqueAccountID()
        let payer = try await MotoAccounts.credentials(in: account, moto: moto)
        try await Self.createRole("SpotRole", client: client, endpoint: endpoint, credentials: payer)
        let managed = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b+c/*"}]}"#
        var create = QueryRequest(action: "CreatePolicy", version: "2010-05-08")
        create.set("PolicyName", "stack-BillingEnginePolicy-ABC")
        create.set("PolicyDocument", managed)
        _ = try await client.send(create.call(service: .iam, endpoint: endpoint), credentials: payer)
        let arn = "arn:aws:iam::\(account):policy/stack-BillingEnginePolicy-ABC"
        var attach = QueryRequest(action: "AttachRolePolicy", version: "2010-05-08")
        attach.set("RoleName", "SpotRole")
        attach.set("PolicyArn", arn)
        _ = try await client.send(attach.call(service: .iam, endpoint: endpoint), credentials: payer)
        let inline = #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:*","Resource":"*"}]}"#
        var put = QueryRequest(action: "PutRolePolicy", version: "2010-05-08")
        put.set("RoleName", "SpotRole")
        put.set("PolicyName", "customer-deny")
        put.set("PolicyDocument", inline)
        _ = try await client.send(put.call(service: .iam, endpoint: endpoint), credentials: payer)

        let iam = IAMClient(client: client, endpoint: endpoint)
        #expect(try await iam.attachedPolicies(roleName: "SpotRole", credentials: payer)
            == [AttachedRolePolicy(name: "stack-BillingEnginePolicy-ABC", arn: arn)])
        let document = try #require(try await iam.managedPolicyDocument(arn: arn, credentials: payer))
        #expect(try Self.json(document) == Self.json(managed))
        #expect(try await iam.inlinePolicyNames(roleName: "SpotRole", credentials: payer) == ["customer-deny"])
        let inlineRead = try #require(try await iam.inlinePolicyDocument(roleName: "SpotRole", policyName: "customer-deny", credentials: payer))
        #expect(try Self.json(inlineRead) == Self.json(inline))
        #expect(try await iam.managedPolicyDocument(arn: "arn:aws:iam::\(account):policy/gone", credentials: payer) == nil)
        #expect(try await iam.inlinePolicyDocument(roleName: "SpotRole", policyName: "gone", credentials: payer) == nil)
    }

    /// A JSON text parsed, to compare documents whatever their spacing and key order.
    static func json(_ text: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }
}
