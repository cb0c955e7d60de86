import AWSKit
import Foundation

/// Payer accounts and names in the shared moto server, so tests running in parallel never see
/// each other's buckets, roles or organizations.
///
/// moto lets anyone assume any role ARN and attributes every call made with the returned
/// credentials to the ARN's account: a random 12-digit id per test is a fresh, empty account.
enum MotoAccounts {
    /// A random 12-digit account id (never moto's default one).
    static func uniqueAccountID() -> String {
        String(Int.random(in: 200_000_000_000...999_999_999_999))
    }

    /// A bucket name no other test (or earlier run) uses: `onboard-test-<purpose>-<random>`.
    static func uniqueBucketName(_ purpose: String) -> String {
        "onboard-test-\(purpose)-\(UUID().uuidString.prefix(12).lowercased())"
    }

    /// Credentials of `account`: `AssumeRole` into `arn:<partition>:iam::<account>:role/<role>`
    /// with moto's fake credentials, through STS in `region` (its partition follows the region).
    static func credentials(
        in account: String, role: String = "OnboardTestPayerAccess", region: String = "us-east-1", moto: MotoServer
    ) async throws -> StaticCredentialProvider {
        let partition = Partition(region: region)
        let sts = STSClient(client: moto.client(), endpoint: moto.endpoint(for: .sts, region: region))
        let assumed = try await sts.assumeRole(
            AssumeRoleRequest(roleARN: "arn:\(partition.rawValue):iam::\(account):role/\(role)", sessionName: "onboard-tests"),
            credentials: StaticCredentialProvider(MotoServer.fakeCredentials))
        return StaticCredentialProvider(assumed)
    }
}
