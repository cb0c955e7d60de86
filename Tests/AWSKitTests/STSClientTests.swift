import AWSKit
import Foundation
import Testing

/// `STSClient` against a real moto_server: GetCallerIdentity and AssumeRole, several payer
/// accounts, and the aws-cn partition.
@Suite("STS client on moto")
struct STSClientTests {
    static let fake = StaticCredentialProvider(MotoServer.fakeCredentials)

    @Test("GetCallerIdentity with moto's fake credentials names moto's default account")
    func callerIdentityOfDefaultAccount() async throws {
        let moto = try await MotoServer.shared()
        let sts = STSClient(client: moto.client(), endpoint: moto.endpoint(for: .sts))

        let identity = try await sts.getCallerIdentity(credentials: Self.fake)

        #expect(identity.account == MotoServer.defaultAccountID)
        #expect(identity.arn == "arn:aws:sts::\(MotoServer.defaultAccountID):user/moto")
        #expect(identity.partition == "aws")
    }

    @Test("AssumeRole returns temporary credentials with a session token and a future expiration")
    func assumeRoleReturnsTemporaryCredentials() async throws {
        let moto = try await MotoServer.shared()
        let sts = STSClient(client: moto.client(), endpoint: moto.endpoint(for: .sts))
        let account = MotoAccounts.uniqueAccountID()

        let credentials = try await sts.assumeRole(
            AssumeRoleRequest(
                roleARN: "arn:aws:iam::\(account):role/SpotOnboardingAccess", sessionName: "onboard-sts-test",
                externalID: "onboard-test-external-id", durationSeconds: 3600),
            credentials: Self.fake)

        #expect(!credentials.accessKeyID.isEmpty)
        #expect(!credentials.secretAccessKey.isEmpty)
        #expect(credentials.sessionToken?.isEmpty == false)
        let expiration = try #require(credentials.expiration)
        #expect(expiration > Date())
    }

    @Test("Each payer account reached by AssumeRole sees its own account id")
    func severalPayerAccounts() async throws {
        let moto = try await MotoServer.shared()
        let sts = STSClient(client: moto.client(), endpoint: moto.endpoint(for: .sts))
        let accounts = [MotoAccounts.uniqueAccountID(), MotoAccounts.uniqueAccountID(), MotoAccounts.uniqueAccountID()]

        try await withThrowingTaskGroup(of: (String, CallerIdentity).self) { group in
            for account in accounts {
                group.addTask {
                    let payer = try await MotoAccounts.credentials(in: account, role: "PayerAccess", moto: moto)
                    return (account, try await sts.getCallerIdentity(credentials: payer))
                }
            }
            var seen: Set<String> = []
            for try await (account, identity) in group {
                #expect(identity.account == account)
                #expect(identity.arn == "arn:aws:sts::\(account):assumed-role/PayerAccess/onboard-tests")
                #expect(identity.partition == "aws")
                seen.insert(identity.account)
            }
            #expect(seen == Set(accounts))
        }
    }

    @Test("In cn-north-1 (partition aws-cn) the identities carry arn:aws-cn: ARNs")
    func chinaPartition() async throws {
        let moto = try await MotoServer.shared()
        let endpoint = moto.endpoints.endpoint(for: .sts, partition: .awsChina, region: "cn-north-1")
        #expect(endpoint.signingRegion == "cn-north-1")
        let sts = STSClient(client: moto.client(), endpoint: endpoint)

        let own = try await sts.getCallerIdentity(credentials: Self.fake)
        #expect(own.arn == "arn:aws-cn:sts::\(MotoServer.defaultAccountID):user/moto")
        #expect(own.partition == "aws-cn")

        let account = MotoAccounts.uniqueAccountID()
        let payer = try await MotoAccounts.credentials(in: account, role: "PayerAccess", region: "cn-north-1", moto: moto)
        let identity = try await sts.getCallerIdentity(credentials: payer)
        #expect(identity.account == account)
        #expect(identity.arn == "arn:aws-cn:sts::\(account):assumed-role/PayerAccess/onboard-tests")
        #expect(identity.partition == "aws-cn")
    }
}
