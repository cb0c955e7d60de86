import Foundation
import Testing

@testable import AWSKit

@Suite("Credential profiles: static keys, roles, chains, unsupported settings")
struct CredentialProfileTests {
    private let now = Date(timeIntervalSince1970: 1_700_000_000)

    private func source(
        _ name: String, config: String = "", credentials: String = "", environment: [String: String] = [:],
        region: String? = nil
    ) throws(AWSError) -> ProfileCredentialSource {
        let files = try SharedConfigFiles(
            configText: config, credentialsText: credentials, configFile: "/cfg/config",
            credentialsFile: "/cfg/credentials")
        return try ProfileCredentialResolver(
            files: files, environment: environment, region: region, defaultSessionName: "onboard-test"
        ).source(forProfile: name)
    }

    @Test func staticKeysWithSessionToken() throws {
        let credentials = """
            [temp]
            aws_access_key_id = ASIATEMPEXAMPLE
            aws_secret_access_key = fakeSecretTEMP
            aws_session_token = fakeTokenTEMP
            """
        guard case .staticKeys(let profile, let keys) = try source("temp", credentials: credentials) else {
            Issue.record("expected static keys")
            return
        }
        #expect(profile == "temp")
        #expect(keys.accessKeyID == "ASIATEMPEXAMPLE")
        #expect(keys.secretAccessKey == "fakeSecretTEMP")
        #expect(keys.sessionToken == "fakeTokenTEMP")
    }

    @Test func halfAKeyPairIsAnError() {
        let onlyID = credentialError { () throws(AWSError) in
            _ = try source("half", credentials: "[half]\naws_access_key_id = AKIDHALFEXAMPLE\n")
        }
        #expect(onlyID?.message == "profile 'half' sets aws_access_key_id but not aws_secret_access_key")
        let onlySecret = credentialError { () throws(AWSError) in
            _ = try source("half", credentials: "[half]\naws_secret_access_key = fakeSecretHALF\n")
        }
        #expect(onlySecret?.message == "profile 'half' sets aws_secret_access_key but not aws_access_key_id")
    }

    @Test func roleWithOptionsFromSourceProfile() throws {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::111122223333:role/OnboardingAccess
            source_profile = operator
            external_id = ext-payer
            role_session_name = batch-7
            duration_seconds = 1800
            region = eu-west-1
            """
        let credentials = "[operator]\naws_access_key_id = AKIDOPERATOREXAMPLE\naws_secret_access_key = fakeSecretOP\n"
        let resolved = try source("payer", config: config, credentials: credentials)
        guard case .assumeRole(let profile, let request, let region, let inner) = resolved else {
            Issue.record("expected a role")
            return
        }
        #expect(profile == "payer")
        #expect(
            request
                == AssumeRoleRequest(
                    roleARN: "arn:aws:iam::111122223333:role/OnboardingAccess", sessionName: "batch-7",
                    externalID: "ext-payer", durationSeconds: 1800))
        #expect(region == "eu-west-1")
        #expect(inner.profile == "operator")
        #expect(resolved.description.contains("from profile operator: keys AKIDOPERATOREXAMPLE"))
        #expect(!resolved.description.contains("fakeSecret"))
        #expect(!resolved.description.contains("ext-payer"))
    }

    @Test func defaultSessionNameAndNoOptionalSettings() throws {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::111122223333:role/R
            source_profile = base
            [profile base]
            aws_access_key_id = AKIDBASEEXAMPLE
            aws_secret_access_key = fakeSecretBASE
            """
        let request = try #require(try source("payer", config: config).assumeRoleRequests.first)
        #expect(request.sessionName == "onboard-test")
        #expect(request.externalID == nil)
        #expect(request.durationSeconds == nil)
    }

    @Test(arguments: ["abc", "899", "43201", "1.5"])
    func badDurationIsNamed(value: String) {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::111122223333:role/R
            source_profile = base
            duration_seconds = \(value)
            [profile base]
            aws_access_key_id = AKIDBASEEXAMPLE
            aws_secret_access_key = fakeSecretBASE
            """
        let error = credentialError { () throws(AWSError) in _ = try source("payer", config: config) }
        #expect(error?.message.contains("profile 'payer' sets duration_seconds = \(value)") == true)
    }

    @Test func regionOrder() throws {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::111122223333:role/R
            source_profile = base
            [profile withregion]
            role_arn = arn:aws:iam::111122223333:role/R
            source_profile = base
            region = ap-southeast-2
            [profile china]
            role_arn = arn:aws-cn:iam::111122223333:role/R
            source_profile = base
            [profile base]
            aws_access_key_id = AKIDBASEEXAMPLE
            aws_secret_access_key = fakeSecretBASE
            region = sa-east-1
            """
        func region(_ name: String, _ environment: [String: String] = [:], explicit: String? = nil) throws -> String? {
            guard case .assumeRole(_, _, let region, _) = try source(
                name, config: config, environment: environment, region: explicit)
            else { return nil }
            return region
        }
        #expect(try region("payer") == "us-east-1")
        #expect(try region("china") == "cn-northwest-1")
        #expect(try region("payer", ["AWS_DEFAULT_REGION": "eu-west-2"]) == "eu-west-2")
        #expect(try region("payer", ["AWS_REGION": "eu-south-1", "AWS_DEFAULT_REGION": "eu-west-2"]) == "eu-south-1")
        #expect(try region("withregion", ["AWS_REGION": "eu-south-1"]) == "ap-southeast-2")
        #expect(try region("withregion", ["AWS_REGION": "eu-south-1"], explicit: "cn-north-1") == "cn-north-1")
    }

    @Test func chainsAssumeInOrder() throws {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::333333333333:role/Payer
            source_profile = hub
            external_id = ext-payer
            [profile hub]
            role_arn = arn:aws:iam::222222222222:role/Hub
            source_profile = operator
            external_id = ext-hub
            [profile operator]
            aws_access_key_id = AKIDOPERATOREXAMPLE
            aws_secret_access_key = fakeSecretOP
            """
        let resolved = try source("payer", config: config)
        #expect(resolved.assumeRoleRequests.map(\.roleARN) == ["arn:aws:iam::222222222222:role/Hub", "arn:aws:iam::333333333333:role/Payer"])
        #expect(resolved.assumeRoleRequests.map(\.externalID) == ["ext-hub", "ext-payer"])
    }

    @Test func sourceProfileKeysWinOverItsRoleAndSelfReferenceWorks() throws {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::333333333333:role/Payer
            source_profile = both
            [profile both]
            role_arn = arn:aws:iam::222222222222:role/Ignored
            source_profile = nowhere
            aws_access_key_id = AKIDBOTHEXAMPLE
            aws_secret_access_key = fakeSecretBOTH
            [profile self]
            role_arn = arn:aws:iam::444444444444:role/Self
            source_profile = self
            aws_access_key_id = AKIDSELFEXAMPLE
            aws_secret_access_key = fakeSecretSELF
            """
        #expect(try source("payer", config: config).assumeRoleRequests.map(\.roleARN) == ["arn:aws:iam::333333333333:role/Payer"])
        let selfSource = try source("self", config: config)
        #expect(selfSource.assumeRoleRequests.map(\.roleARN) == ["arn:aws:iam::444444444444:role/Self"])
        #expect(selfSource.description.hasSuffix("from profile self: keys AKIDSELFEXAMPLE"))
    }

    @Test func cyclesNameTheProfiles() {
        let config = """
            [profile a]
            role_arn = arn:aws:iam::111111111111:role/A
            source_profile = b
            [profile b]
            role_arn = arn:aws:iam::222222222222:role/B
            source_profile = c
            [profile c]
            role_arn = arn:aws:iam::333333333333:role/C
            source_profile = a
            [profile lonely]
            role_arn = arn:aws:iam::444444444444:role/L
            source_profile = lonely
            """
        let threeWay = credentialError { () throws(AWSError) in _ = try source("a", config: config) }
        #expect(threeWay?.code == "CredentialsUnavailable")
        #expect(threeWay?.message == "the profiles form a cycle through source_profile: a -> b -> c -> a")
        let fromB = credentialError { () throws(AWSError) in _ = try source("b", config: config) }
        #expect(fromB?.message.hasSuffix("b -> c -> a -> b") == true)
        let selfLoop = credentialError { () throws(AWSError) in _ = try source("lonely", config: config) }
        #expect(selfLoop?.message == "the profiles form a cycle through source_profile: lonely -> lonely")
    }

    @Test func missingProfilesAreNamedWithTheKnownOnes() {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::111111111111:role/P
            source_profile = gone
            [default]
            region = us-east-1
            """
        let missing = credentialError { () throws(AWSError) in _ = try source("nope", config: config) }
        #expect(missing?.code == "CredentialsUnavailable")
        #expect(missing?.message.contains("the profile 'nope' is not in /cfg/config and /cfg/credentials;") == true)
        #expect(missing?.message.contains("known profiles: default, payer") == true)
        let missingSource = credentialError { () throws(AWSError) in _ = try source("payer", config: config) }
        #expect(missingSource?.message.contains("the source_profile 'gone' of profile 'payer' is not in") == true)
        #expect(missingSource?.message.contains("known profiles: default, payer") == true)
        let noSource = credentialError { () throws(AWSError) in
            _ = try source("r", config: "[profile r]\nrole_arn = arn:aws:iam::1:role/R\n")
        }
        #expect(noSource?.message == "profile 'r' sets role_arn but no source_profile to assume it with")
        let empty = credentialError { () throws(AWSError) in _ = try source("default", config: config) }
        #expect(empty?.message.hasPrefix("profile 'default' has no credentials") == true)
    }

    /// Every unsupported way of getting credentials, as the only setting of a profile.
    @Test(arguments: [
        ("sso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin", "sso_session"),
        ("sso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1", "sso_start_url"),
        ("sso_account_id = 111122223333", "sso_account_id"),
        ("credential_process = /usr/local/bin/get-creds --json", "credential_process"),
        ("web_identity_token_file = /var/run/token", "web_identity_token_file"),
        ("role_arn = arn:aws:iam::1:role/W\nweb_identity_token_file = /var/run/token", "web_identity_token_file"),
        ("role_arn = arn:aws:iam::1:role/I\ncredential_source = Ec2InstanceMetadata", "credential_source = Ec2InstanceMetadata"),
        ("role_arn = arn:aws:iam::1:role/E\ncredential_source = EcsContainer", "credential_source = EcsContainer"),
        ("role_arn = arn:aws:iam::1:role/V\ncredential_source = Environment", "credential_source = Environment"),
        ("role_arn = arn:aws:iam::1:role/M\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/me", "mfa_serial"),
    ])
    func unsupportedSettingsAreNamed(settings: String, setting: String) {
        let config = """
            [profile odd]
            \(settings)
            [profile base]
            aws_access_key_id = AKIDBASEEXAMPLE
            aws_secret_access_key = fakeSecretBASE
            """
        let error = credentialError { () throws(AWSError) in _ = try source("odd", config: config) }
        #expect(error?.code == "CredentialsUnavailable")
        #expect(error?.message.hasPrefix("profile 'odd' uses \(setting) (") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("which is not supported") == true)
        #expect(error?.isRetryable == false)
    }

    @Test func unsupportedSourceProfileNamesBothProfiles() {
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::111111111111:role/P
            source_profile = sso
            [profile sso]
            sso_session = corp
            """
        let error = credentialError { () throws(AWSError) in _ = try source("payer", config: config) }
        #expect(error?.message.hasPrefix("profile 'sso' (the source_profile of 'payer') uses sso_session (") == true)
    }
}
