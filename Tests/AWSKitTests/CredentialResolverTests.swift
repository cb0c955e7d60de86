import Foundation
import Testing

@testable import AWSKit

@Suite("Credential resolution order: explicit, environment, profile")
struct CredentialResolverTests {
    private let environmentKeys = [
        "AWS_ACCESS_KEY_ID": "AKIDENVEXAMPLE", "AWS_SECRET_ACCESS_KEY": "fakeSecretENV",
    ]
    private let profiles = """
        [default]
        aws_access_key_id = AKIDDEFAULTEXAMPLE
        aws_secret_access_key = fakeSecretDEFAULT
        [named]
        aws_access_key_id = AKIDNAMEDEXAMPLE
        aws_secret_access_key = fakeSecretNAMED
        """

    private func keyID(
        _ folder: TemporaryAWSFolder, _ environment: [String: String], explicit: AWSCredentials? = nil,
        profile: String? = nil
    ) async throws -> String {
        let stub = StubSTS()
        let provider = try CredentialResolver.resolve(
            environment: folder.environment(environment), explicit: explicit, profile: profile,
            endpoints: EndpointResolver(), client: stub.client, clock: stub.clock)
        return try await provider.credentials().accessKeyID
    }

    @Test func precedence() async throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        try folder.writeCredentials(profiles)
        let explicit = AWSCredentials(accessKeyID: "AKIDEXPLICITEXAMPLE", secretAccessKey: "fakeSecretEXPLICIT")

        #expect(try await keyID(folder, environmentKeys, explicit: explicit, profile: "named") == "AKIDEXPLICITEXAMPLE")
        #expect(try await keyID(folder, environmentKeys) == "AKIDENVEXAMPLE")
        // AWS_PROFILE does not beat the environment's keys ...
        #expect(try await keyID(folder, environmentKeys.merging(["AWS_PROFILE": "named"]) { $1 }) == "AKIDENVEXAMPLE")
        // ... but a profile asked for by name does.
        #expect(try await keyID(folder, environmentKeys, profile: "named") == "AKIDNAMEDEXAMPLE")
        #expect(try await keyID(folder, ["AWS_PROFILE": "named"]) == "AKIDNAMEDEXAMPLE")
        #expect(try await keyID(folder, ["AWS_PROFILE": "named"], profile: "default") == "AKIDDEFAULTEXAMPLE")
        #expect(try await keyID(folder, [:]) == "AKIDDEFAULTEXAMPLE")
        #expect(try await keyID(folder, ["AWS_PROFILE": ""], profile: "") == "AKIDDEFAULTEXAMPLE")
    }

    @Test func environmentCredentials() throws {
        let withToken = try EnvironmentCredentials.credentials(
            in: environmentKeys.merging(["AWS_SESSION_TOKEN": "fakeTokenENV"]) { $1 })
        #expect(withToken?.sessionToken == "fakeTokenENV")
        let legacy = try EnvironmentCredentials.credentials(
            in: environmentKeys.merging(["AWS_SECURITY_TOKEN": "fakeTokenLEGACY"]) { $1 })
        #expect(legacy?.sessionToken == "fakeTokenLEGACY")
        #expect(try EnvironmentCredentials.credentials(in: ["AWS_ACCESS_KEY_ID": ""]) == nil)
        let half = credentialError { () throws(AWSError) in
            _ = try EnvironmentCredentials.credentials(in: ["AWS_ACCESS_KEY_ID": "AKIDENVEXAMPLE"])
        }
        #expect(half?.code == "CredentialsUnavailable")
        #expect(half?.message == "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both or neither")
    }

    @Test func originDescriptionsNeverShowSecrets() throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        let origin = try CredentialResolver.origin(
            environment: folder.environment(environmentKeys.merging(["AWS_SESSION_TOKEN": "fakeTokenENV"]) { $1 }),
            now: Date())
        #expect(origin.description == "environment: keys AKIDENVEXAMPLE")
        #expect(!"\(origin)".contains("fakeSecret") && !String(reflecting: origin).contains("fakeSecret"))
        #expect(!String(reflecting: origin).contains("fakeToken"))
    }

    @Test func nothingFoundSaysWhatWasLookedAt() throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        let error = credentialError { () throws(AWSError) in
            _ = try CredentialResolver.origin(environment: folder.environment(), now: Date())
        }
        #expect(error?.code == "CredentialsUnavailable")
        let message = error?.message ?? ""
        #expect(message.hasPrefix("no AWS credentials found; looked at: no explicit credentials, AWS_ACCESS_KEY_ID (not set)"))
        #expect(message.contains("the profile 'default' in \(folder.path)/.aws/config (not found) and \(folder.path)/.aws/credentials (not found)"))
        #expect(message.contains("no profiles are defined"))
    }

    @Test func missingNamedProfileListsKnownOnes() throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        try folder.writeCredentials(profiles)
        let asked = credentialError { () throws(AWSError) in
            _ = try CredentialResolver.origin(environment: folder.environment(environmentKeys), profile: "ghost", now: Date())
        }
        #expect(asked?.message.hasPrefix("the profile 'ghost' (asked for) is not in ") == true)
        #expect(asked?.message.hasSuffix("known profiles: default, named") == true)
        let fromEnvironment = credentialError { () throws(AWSError) in
            _ = try CredentialResolver.origin(environment: folder.environment(["AWS_PROFILE": "ghost"]), now: Date())
        }
        #expect(fromEnvironment?.message.hasPrefix("the profile 'ghost' (named by AWS_PROFILE) is not in ") == true)
    }

    @Test func profileRolesUseTheEndpointOverrideAndTheRegion() async throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        try folder.writeConfig(
            """
            [profile payer]
            role_arn = arn:aws:iam::111122223333:role/Payer
            source_profile = operator
            region = eu-central-1
            [profile chinapayer]
            role_arn = arn:aws-cn:iam::111122223333:role/CnPayer
            source_profile = operator
            region = cn-north-1
            """)
        try folder.writeCredentials("[operator]\naws_access_key_id = AKIDOPEXAMPLE\naws_secret_access_key = fakeSecretOP\n")
        let stub = StubSTS()
        let environment = folder.environment(["AWS_ENDPOINT_URL": "http://127.0.0.1:4566"])
        let provider = try CredentialResolver.resolve(
            environment: environment, profile: "payer", endpoints: EndpointResolver(environment: environment),
            client: stub.client, clock: stub.clock)
        #expect(try await provider.credentials().accessKeyID == "ASIAPAYER1EXAMPLE")
        let call = try #require(stub.transport.calls.first)
        #expect(call.url.hasPrefix("http://127.0.0.1:4566/"))
        #expect(call.signingRegion == "eu-central-1")
        #expect(call.signedWithKeyID == "AKIDOPEXAMPLE")
        #expect(call.sessionName == "onboard-1700000000")

        let china = try CredentialResolver.resolve(
            environment: folder.environment(), profile: "chinapayer", endpoints: EndpointResolver(),
            client: stub.client, clock: stub.clock)
        _ = try await china.credentials()
        let chinaCall = try #require(stub.transport.calls.last)
        #expect(chinaCall.url.hasPrefix("https://sts.cn-north-1.amazonaws.com.cn/"))
        #expect(chinaCall.signingRegion == "cn-north-1")
    }
}
