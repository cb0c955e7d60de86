import Foundation
import Testing

@testable import AWSKit

@Suite("Credential shared files: INI parsing, merging and paths")
struct CredentialFilesTests {
    private func files(config: String? = nil, credentials: String? = nil) throws(AWSError) -> SharedConfigFiles {
        try SharedConfigFiles(
            configText: config, credentialsText: credentials, configFile: "/cfg/config",
            credentialsFile: "/cfg/credentials")
    }

    @Test func commentsWhitespaceDelimitersAndCase() throws {
        let config = """
            # a comment
            ; another comment
            [default]
            region = eu-west-1
              # an indented comment
            Output:json
            [profile  admin ]   ; trailing comment
            AWS_Access_Key_ID   =   AKIDADMINEXAMPLE
            Aws_Secret_Access_Key=fakeSecretADMIN # inline comment after a space
            role_session_name = keep#hash;semicolon
            [ profile spaced ]
            region=us-west-2
            """
        let parsed = try files(config: config)
        #expect(parsed.profileNames == ["admin", "default", "spaced"])
        #expect(parsed.profile("default")?["region"] == "eu-west-1")
        #expect(parsed.profile("default")?["OUTPUT"] == "json")
        let admin = try #require(parsed.profile("admin"))
        #expect(admin.settings["aws_access_key_id"] == "AKIDADMINEXAMPLE")
        #expect(admin["AWS_SECRET_ACCESS_KEY"] == "fakeSecretADMIN")
        #expect(admin["role_session_name"] == "keep#hash;semicolon")
        #expect(parsed.profile("spaced")?["region"] == "us-west-2")
    }

    @Test func windowsLineEndingsByteOrderMarkAndEmptyValues() throws {
        let config = "\u{FEFF}[default]\r\nregion = us-east-2\r\naws_session_token =\r\n"
        let parsed = try files(config: config)
        let profile = try #require(parsed.profile("default"))
        #expect(profile["region"] == "us-east-2")
        #expect(profile.settings["aws_session_token"] == "")
        #expect(profile["aws_session_token"] == nil)
        #expect(!profile.has("aws_session_token"))
    }

    @Test func nestedSettingsContinueTheValueAbove() throws {
        let config = """
            [default]
            s3 =
              max_concurrent_requests = 10
              max_queue_size = 100
            region = ap-south-1
            """
        let profile = try #require(try files(config: config).profile("default"))
        #expect(profile["s3"] == "max_concurrent_requests = 10\nmax_queue_size = 100")
        #expect(profile["region"] == "ap-south-1")
        #expect(profile["max_queue_size"] == nil)
    }

    @Test func onlyDefaultAndProfileSectionsAreProfilesInConfig() throws {
        let config = """
            [default]
            region = us-east-1
            [profile "quoted name"]
            region = eu-central-1
            [preview]
            cloudfront = true
            [sso-session corp]
            sso_region = us-east-1
            [services local]
            sts =
              endpoint_url = http://localhost:1
            [profilefoo]
            region = nowhere
            [profile too many words]
            region = nowhere
            """
        let parsed = try files(config: config)
        #expect(parsed.profileNames == ["default", "quoted name"])
    }

    @Test func credentialsSectionsAreProfileNamesAsWritten() throws {
        let credentials = """
            [default]
            aws_access_key_id = AKIDDEFAULTEXAMPLE
            aws_secret_access_key = fakeSecretDEFAULT
            [ci]
            aws_access_key_id = AKIDCIEXAMPLE
            aws_secret_access_key = fakeSecretCI
            [profile odd]
            aws_access_key_id = AKIDODDEXAMPLE
            """
        let parsed = try files(credentials: credentials)
        #expect(parsed.profileNames == ["ci", "default", "profile odd"])
        #expect(parsed.profile("ci")?["aws_access_key_id"] == "AKIDCIEXAMPLE")
        #expect(parsed.profile("odd") == nil)
    }

    @Test func credentialsFileWinsKeyByKey() throws {
        let config = """
            [profile shared]
            region = eu-west-3
            aws_access_key_id = AKIDFROMCONFIGEXAMPLE
            aws_secret_access_key = fakeSecretFromConfig
            """
        let credentials = """
            [shared]
            aws_access_key_id = AKIDFROMCREDSEXAMPLE
            aws_secret_access_key = fakeSecretFromCredentials
            """
        let profile = try #require(try files(config: config, credentials: credentials).profile("shared"))
        #expect(profile["aws_access_key_id"] == "AKIDFROMCREDSEXAMPLE")
        #expect(profile["aws_secret_access_key"] == "fakeSecretFromCredentials")
        #expect(profile["region"] == "eu-west-3")
    }

    @Test func laterDefaultSectionReplacesTheEarlierOne() throws {
        let config = """
            [default]
            region = us-east-1
            output = json
            [profile default]
            region = eu-north-1
            """
        let profile = try #require(try files(config: config).profile("default"))
        #expect(profile["region"] == "eu-north-1")
        #expect(profile["output"] == nil)
    }

    @Test(arguments: [
        ("[default]\nregion = a\n[default]\nregion = b\n", "line 3", "[default] appears again (first on line 1)"),
        ("[default]\nregion = a\nREGION = b\n", "line 3", "key region appears again"),
        ("region = a\n[default]\n", "line 1", "before the first [section]"),
        ("[default]\njust some words\n", "line 2", "expected a [section] header"),
        ("[default\nregion = a\n", "line 1", "no closing ']'"),
        ("[]\n", "line 1", "without a name"),
        ("[default] extra\n", "line 1", "unexpected text after the section header"),
        ("[default]\n = value\n", "line 2", "without a key"),
    ])
    func malformedFilesNameTheFileAndLine(text: String, line: String, reason: String) {
        let error = credentialError { () throws(AWSError) in _ = try files(config: text) }
        #expect(error?.code == "CredentialsUnavailable")
        #expect(error?.message.contains("/cfg/config, \(line): ") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(reason) == true, "\(error?.message ?? "")")
    }

    @Test func malformedLinesAreNotQuoted() {
        // The offending text stays out of messages: the line may hold a secret.
        let error = credentialError { () throws(AWSError) in
            _ = try files(credentials: "[default]\nfakeSecretPastedAlone\n[default] fakeSecretAfterHeader\n")
        }
        #expect(error?.message == "/cfg/credentials, line 2: expected a [section] header, a 'key = value' setting or a comment")
        let header = credentialError { () throws(AWSError) in _ = try files(config: "[default fakeSecretInHeader\n") }
        #expect(header?.message == "/cfg/config, line 1: the section header has no closing ']'")
    }

    @Test func malformedCredentialsFileIsNamed() {
        let error = credentialError { () throws(AWSError) in _ = try files(credentials: "oops\n") }
        #expect(error?.message.hasPrefix("/cfg/credentials, line 1:") == true)
    }

    @Test func pathsComeFromTheEnvironmentThenHome() throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        try folder.writeConfig("[profile home]\nregion = eu-west-1\n")
        try folder.writeCredentials("[homecreds]\naws_access_key_id = AKIDHOMEEXAMPLE\n")

        let fromHome = try SharedConfigFiles(environment: folder.environment())
        #expect(fromHome.configFile == folder.path + "/.aws/config")
        #expect(fromHome.credentialsFile == folder.path + "/.aws/credentials")
        #expect(fromHome.configFileFound && fromHome.credentialsFileFound)
        #expect(fromHome.profileNames == ["home", "homecreds"])

        try "[profile custom]\nregion = sa-east-1\n".write(
            toFile: folder.path + "/custom-config", atomically: true, encoding: .utf8)
        try "[customcreds]\naws_access_key_id = AKIDCUSTOMEXAMPLE\n".write(
            toFile: folder.path + "/custom-credentials", atomically: true, encoding: .utf8)
        let custom = try SharedConfigFiles(
            environment: folder.environment([
                "AWS_CONFIG_FILE": folder.path + "/custom-config",
                "AWS_SHARED_CREDENTIALS_FILE": "~/custom-credentials",
            ]))
        #expect(custom.configFile == folder.path + "/custom-config")
        #expect(custom.credentialsFile == folder.path + "/custom-credentials")
        #expect(custom.profileNames == ["custom", "customcreds"])
    }

    @Test func missingFilesAreEmpty() throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        let parsed = try SharedConfigFiles(environment: folder.environment())
        #expect(parsed.profiles.isEmpty)
        #expect(!parsed.configFileFound && !parsed.credentialsFileFound)
        #expect(parsed.locationDescription.contains("config (not found)"))

        let noHome = try SharedConfigFiles(environment: [:])
        #expect(noHome.profiles.isEmpty)
        #expect(noHome.configFile == "~/.aws/config")
    }

    @Test func unreadableFileIsAnErrorNamingIt() throws {
        let folder = try TemporaryAWSFolder()
        defer { folder.remove() }
        // A directory cannot be read as a file, even by root.
        try FileManager.default.createDirectory(atPath: folder.path + "/.aws/credentials", withIntermediateDirectories: true)
        let error = credentialError { () throws(AWSError) in _ = try SharedConfigFiles(environment: folder.environment()) }
        #expect(error?.code == "CredentialsUnavailable")
        #expect(error?.message.contains("cannot read the AWS credentials file \(folder.path)/.aws/credentials") == true)

        try Data([0x5B, 0xFF, 0xFE, 0x5D]).write(to: URL(fileURLWithPath: folder.path + "/.aws/config"))
        let notText = credentialError { () throws(AWSError) in
            _ = try SharedConfigFiles(environment: folder.environment(["AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/x"]))
        }
        #expect(notText?.message.contains("\(folder.path)/.aws/config: it is not UTF-8 text") == true)
    }
}
