import AWSKit
import Foundation
import TestSupport
import Testing

/// Credentials belong to one partition: aws-cn's services do not know a key of aws (403
/// `InvalidClientTokenId` from STS), and keys STS issues in aws-cn are China ones.
@Suite("aws-cn refuses credentials of aws")
struct ChinaCredentialsTests {
    func sts(_ cloud: LocalCloud, region: String) -> STSClient {
        STSClient(client: cloud.client(), endpoint: cloud.endpoint(.sts, region: region))
    }

    @Test("STS in cn-north-1 refuses the aws operator key `testing`; the China key works, and what it assumes works only in aws-cn")
    func chinaKeys() async throws {
        let cloud = try LocalCloud.current()
        let refused = await awsError { _ = try await sts(cloud, region: "cn-north-1").getCallerIdentity(credentials: cloud.fakeCredentials) }
        #expect(refused?.code == "InvalidClientTokenId")
        #expect(refused?.httpStatus == 403)
        #expect(refused?.message == "The security token included in the request is invalid.")

        let china = StaticCredentialProvider(AWSCredentials(accessKeyID: "testing-cn", secretAccessKey: "testing"))
        let account = FreshNames.accountID()
        let assumed = try await sts(cloud, region: "cn-north-1").assumeRole(
            AssumeRoleRequest(roleARN: "arn:aws-cn:iam::\(account):role/Payer", sessionName: "local-cloud-tests"), credentials: china)
        let payer = StaticCredentialProvider(assumed)
        let identity = try await sts(cloud, region: "cn-northwest-1").getCallerIdentity(credentials: payer)
        #expect(identity.account == account)
        #expect(identity.arn.hasPrefix("arn:aws-cn:"))

        // A China key in aws is unknown there too.
        let elsewhere = await awsError { _ = try await sts(cloud, region: "us-east-1").getCallerIdentity(credentials: payer) }
        #expect(elsewhere?.code == "InvalidClientTokenId")
        // And aws keys (of an assumed role) are refused by every aws-cn service.
        let awsPayer = try await cloud.credentials(in: account)
        let iam = await cloud.query(.iam, "ListRoles", version: "2010-05-08", credentials: awsPayer, region: "cn-north-1")
        #expect(iam.failure?.code == "InvalidClientTokenId")
    }
}
