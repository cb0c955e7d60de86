import Foundation
import TestSupport
import Testing

/// `onboard whoami` against the local cloud (`scripts/local-cloud up`: the sandbox forwards STS
/// to moto).
@Suite("onboard whoami (the built binary, against the local cloud)")
struct WhoamiCommandTests {
    /// The local cloud's AWS endpoint; the test fails when the local cloud is not up.
    struct Moto {
        let url: String

        init() throws {
            guard let url = ProcessInfo.processInfo.environment["AWS_ENDPOINT_URL"], !url.isEmpty else {
                throw Missing()
            }
            self.url = url
        }

        struct Missing: Error, CustomStringConvertible {
            var description: String { "AWS_ENDPOINT_URL is not set: run: eval \"$(scripts/local-cloud up)\"" }
        }
    }

    private let fakeKeys = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_PROFILE": "", "AWS_REGION": ""]

    @Test func printsAccountArnAndPartition() async throws {
        let moto = try Moto()
        let result = try await OnboardProcess.run(["whoami", "--aws-endpoint-url", moto.url], environment: fakeKeys)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == """
            account    123456789012
            arn        arn:aws:sts::123456789012:user/moto
            partition  aws
            region     us-east-1

            """)
    }

    /// Credentials belong to one partition: the local cloud's China key (`testing-cn`) works in
    /// cn-north-1, its commercial key does not.
    @Test func chinaRegionGivesAwsCnArns() async throws {
        let moto = try Moto()
        var chinaKeys = fakeKeys
        chinaKeys["AWS_ACCESS_KEY_ID"] = "testing-cn"
        let refused = try await OnboardProcess.run(
            ["whoami", "--aws-endpoint-url", moto.url, "--region", "cn-north-1", "--json"], environment: fakeKeys)
        #expect(refused.status == 1)
        #expect(refused.standardError.contains("InvalidClientTokenId"), "\(refused.standardError)")
        let result = try await OnboardProcess.run(
            ["whoami", "--aws-endpoint-url", moto.url, "--region", "cn-north-1", "--json"], environment: chinaKeys)
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: String])
        #expect(document["partition"] == "aws-cn")
        #expect(document["arn"]?.hasPrefix("arn:aws-cn:") == true)
        #expect(document["region"] == "cn-north-1")
    }

    @Test func profileWithRoleIsAssumedThroughTheEndpoint() async throws {
        let moto = try Moto()
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::210987654321:role/OrganizationAccountAccessRole
            source_profile = operator
            external_id = partner-7731
            """
        let credentials = """
            [operator]
            aws_access_key_id = testing
            aws_secret_access_key = testing
            """
        try Data(config.utf8).write(to: folder.appendingPathComponent("config"))
        try Data(credentials.utf8).write(to: folder.appendingPathComponent("credentials"))
        let result = try await OnboardProcess.run(
            ["whoami", "--aws-endpoint-url", moto.url, "--profile", "payer"],
            environment: [
                "AWS_CONFIG_FILE": folder.appendingPathComponent("config").path,
                "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("credentials").path,
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("account    210987654321"))
        #expect(result.standardOutput.contains("arn        arn:aws:sts::210987654321:assumed-role/OrganizationAccountAccessRole/"))
    }

    @Test func missingCredentialsExplainWhatWasSearched() async throws {
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await OnboardProcess.run(
            ["whoami", "--aws-endpoint-url", "http://127.0.0.1:9"],
            environment: ["HOME": folder.path, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "",
                          "AWS_CONFIG_FILE": "", "AWS_SHARED_CREDENTIALS_FILE": ""])
        #expect(result.status == 1)
        #expect(result.standardError.contains("CredentialsUnavailable"))
        #expect(result.standardError.contains("AWS_ACCESS_KEY_ID"))
        #expect(!result.standardError.contains("testing"))
    }
}
