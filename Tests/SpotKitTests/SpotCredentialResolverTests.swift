import TestSupport
import Foundation
import SpotKit
import Testing

/// Token resolution order and its messages, with an in-memory file system.
@Suite("SpotCredentialResolver")
struct SpotCredentialResolverTests {
    static let fileToken = "tokenFromTheTokenFile0123456789abcdef"
    static let envToken = "tokenFromTheEnvironment0123456789abcd"
    static let defaultToken = "tokenOfTheDefaultProfile0123456789ab"
    static let acmeToken = "tokenOfTheAcmeProfile0123456789abcdef"

    static let credentialsFile = """
        # Spot credentials
        [default]
        token = \(defaultToken)
        account = act-default

        [acme]
        token: "\(acmeToken)"   ; quoted, with a comment
        account = act-acme

        [profile globex]
        token = globexToken0123456789abcdefghijk

        [accountonly]
        account = act-only
        """

    /// A resolver over `files` (path → text) with `environment`; HOME is /home/op.
    static func resolver(
        _ environment: [String: String] = [:], files: [String: String] = ["/home/op/.spotinst/credentials": credentialsFile]
    ) -> SpotCredentialResolver {
        SpotCredentialResolver(
            environment: ["HOME": "/home/op"].merging(environment) { $1 }, readFile: { files[$0] })
    }

    @Test("an explicit token file wins over the environment and the credentials file")
    func tokenFileFirst() throws {
        let resolver = Self.resolver(
            ["SPOTINST_TOKEN": Self.envToken, "SPOTINST_ACCOUNT": "act-env"],
            files: ["/run/secrets/spot": "\n  \(Self.fileToken)  \n", "/home/op/.spotinst/credentials": Self.credentialsFile])
        let credentials = try resolver.resolve(tokenFile: "/run/secrets/spot", profile: "acme")
        #expect(credentials.token.unredactedValue == Self.fileToken)
        #expect(credentials.accountID == "act-env")
        #expect(credentials.source == .tokenFile(path: "/run/secrets/spot"))
    }

    @Test("the token file path expands ~")
    func tokenFileTilde() throws {
        let resolver = Self.resolver(files: ["/home/op/spot.token": Self.fileToken])
        let credentials = try resolver.resolve(tokenFile: "~/spot.token")
        #expect(credentials.token.unredactedValue == Self.fileToken)
        #expect(credentials.accountID == nil)
    }

    @Test("SPOTINST_TOKEN and SPOTINST_ACCOUNT come before the credentials file")
    func environmentSecond() throws {
        let resolver = Self.resolver(["SPOTINST_TOKEN": Self.envToken, "SPOTINST_ACCOUNT": "act-env"])
        let credentials = try resolver.resolve(profile: "acme")
        #expect(credentials.token.unredactedValue == Self.envToken)
        #expect(credentials.accountID == "act-env")
        #expect(credentials.source == .environment)
    }

    @Test("without a token file or SPOTINST_TOKEN, the default profile of ~/.spotinst/credentials")
    func defaultProfile() throws {
        let credentials = try Self.resolver(["SPOTINST_ACCOUNT": "act-ignored"]).resolve()
        #expect(credentials.token.unredactedValue == Self.defaultToken)
        #expect(credentials.accountID == "act-default")
        #expect(credentials.source == .credentialsFile(path: "/home/op/.spotinst/credentials", profile: "default"))
    }

    @Test("the profile argument wins over SPOTINST_PROFILE, which wins over default")
    func profileOrder() throws {
        let withVariable = Self.resolver(["SPOTINST_PROFILE": "acme"])
        #expect(try withVariable.resolve().token.unredactedValue == Self.acmeToken)
        #expect(try withVariable.resolve().accountID == "act-acme")
        #expect(try withVariable.resolve(profile: "default").token.unredactedValue == Self.defaultToken)
        #expect(withVariable.profileName() == "acme")
        #expect(Self.resolver(["SPOTINST_CREDENTIALS_PROFILE": "acme"]).profileName() == "acme")
        #expect(Self.resolver().profileName() == "default")
    }

    @Test("[profile NAME] answers for NAME")
    func profilePrefix() throws {
        let credentials = try Self.resolver().resolve(profile: "globex")
        #expect(credentials.token.unredactedValue == "globexToken0123456789abcdefghijk")
        #expect(try Self.resolver().profileNames() == ["accountonly", "acme", "default", "globex"])
    }

    @Test("credentials(profile:) reads the file even when SPOTINST_TOKEN is set")
    func profileIgnoringEnvironment() throws {
        let resolver = Self.resolver(["SPOTINST_TOKEN": Self.envToken])
        #expect(try resolver.credentials(profile: "acme").token.unredactedValue == Self.acmeToken)
    }

    @Test("SPOTINST_SHARED_CREDENTIALS_FILE (or the Go SDK's SPOTINST_CREDENTIALS_FILE) moves the file")
    func fileVariable() throws {
        let files = ["/etc/spot/creds": "[default]\ntoken = movedToken0123456789abcdefgh\n"]
        let shared = Self.resolver(["SPOTINST_SHARED_CREDENTIALS_FILE": "/etc/spot/creds"], files: files)
        #expect(try shared.resolve().token.unredactedValue == "movedToken0123456789abcdefgh")
        #expect(shared.credentialsFilePath == "/etc/spot/creds")
        let goName = Self.resolver(["SPOTINST_CREDENTIALS_FILE": "/etc/spot/creds"], files: files)
        #expect(try goName.resolve().token.unredactedValue == "movedToken0123456789abcdefgh")
    }

    @Test("a missing profile names the file and the profile, and lists the profiles there")
    func missingProfile() throws {
        let error = try #require(throws: SpotError.self) { try Self.resolver().resolve(profile: "initech") }
        #expect(error.kind == .configuration)
        #expect(error.code == "CredentialsUnavailable")
        #expect(error.message.contains("/home/op/.spotinst/credentials"))
        #expect(error.message.contains("[initech]"))
        #expect(error.message.contains("accountonly, acme, default, globex"))
        #expect(!error.description.contains(Self.defaultToken))
    }

    @Test("a profile without a token says so and does not borrow the default's")
    func profileWithoutToken() throws {
        let error = try #require(throws: SpotError.self) { try Self.resolver().resolve(profile: "accountonly") }
        #expect(error.message.contains("[accountonly]"))
        #expect(error.message.contains("/home/op/.spotinst/credentials"))
        #expect(error.message.contains("has no token"))
    }

    @Test("nothing anywhere: the message names every place looked")
    func nothingFound() throws {
        let error = try #require(throws: SpotError.self) { try Self.resolver(files: [:]).resolve() }
        #expect(error.message.contains("SPOTINST_TOKEN"))
        #expect(error.message.contains("/home/op/.spotinst/credentials"))
        #expect(error.message.contains("[default]"))
        #expect(error.message.contains("does not exist"))
    }

    @Test("without HOME the default file cannot be found, and the message says why")
    func noHome() throws {
        let resolver = SpotCredentialResolver(environment: [:], readFile: { _ in Issue.record("nothing to read"); return nil })
        let error = try #require(throws: SpotError.self) { try resolver.resolve() }
        #expect(error.message.contains("~/.spotinst/credentials"))
        #expect(error.message.contains("HOME is not set"))
        #expect(SpotCredentialResolver(environment: [:], homeDirectory: "/home/given").credentialsFilePath
            == "/home/given/.spotinst/credentials")
    }

    @Test("token file problems name the file")
    func tokenFileProblems() throws {
        let resolver = Self.resolver(files: ["/empty": " \n", "/two": "abc def", "/ok": Self.fileToken])
        let missing = try #require(throws: SpotError.self) { try resolver.resolve(tokenFile: "/nope") }
        #expect(missing.message == "the Spot token file /nope does not exist")
        let empty = try #require(throws: SpotError.self) { try resolver.resolve(tokenFile: "/empty") }
        #expect(empty.message == "the Spot token file /empty is empty")
        let twoWords = try #require(throws: SpotError.self) { try resolver.resolve(tokenFile: "/two") }
        #expect(twoWords.message.contains("/two"))
        #expect(!twoWords.message.contains("abc"))
    }

    @Test("a file that cannot be read is an error naming it")
    func unreadableFile() throws {
        struct Denied: Error, CustomStringConvertible {
            var description: String { "permission denied" }
        }
        let resolver = SpotCredentialResolver(environment: ["HOME": "/home/op"], readFile: { _ in throw Denied() })
        let error = try #require(throws: SpotError.self) { try resolver.resolve() }
        #expect(error.message.contains("cannot read the Spot credentials file /home/op/.spotinst/credentials"))
    }

    @Test("syntax errors name the file and line, never the line's text")
    func syntaxErrors() throws {
        let secretLine = "leakedTokenWithoutKey0123456789abcdef"
        let files = ["/home/op/.spotinst/credentials": "[default]\n\(secretLine)\n"]
        let error = try #require(throws: SpotError.self) { try Self.resolver(files: files).resolve() }
        #expect(error.message.contains("/home/op/.spotinst/credentials, line 2"))
        #expect(!error.description.contains(secretLine))

        let duplicate = ["/home/op/.spotinst/credentials": "[a]\ntoken = x1234\n[a]\ntoken = y1234\n"]
        let again = try #require(throws: SpotError.self) { try Self.resolver(files: duplicate).resolve(profile: "a") }
        #expect(again.message.contains("line 3"))
        #expect(again.message.contains("[a] appears again"))

        // Of the keys, only token and account are named: another could be a mistyped token.
        let unknownKey = ["/home/op/.spotinst/credentials": "[a]\nt0kenTypo1234 = x\nt0kenTypo1234 = y\n"]
        let typo = try #require(throws: SpotError.self) { try Self.resolver(files: unknownKey).resolve(profile: "a") }
        #expect(
            typo.message
                == "the Spot credentials file /home/op/.spotinst/credentials, line 3: a key appears again in [a] (first on line 2)")
        #expect(typo.kind == .configuration)
        #expect(typo.operation == "ReadCredentials")
        let token = ["/home/op/.spotinst/credentials": "[a]\ntoken = x1234\nTOKEN = y1234\n"]
        let twice = try #require(throws: SpotError.self) { try Self.resolver(files: token).resolve(profile: "a") }
        #expect(twice.message.hasSuffix("line 3: the key token appears again in [a] (first on line 2)"))
        #expect(!twice.description.contains("1234"))
    }

    @Test("empty variables count as unset")
    func emptyVariables() throws {
        let credentials = try Self.resolver(["SPOTINST_TOKEN": "", "SPOTINST_PROFILE": ""]).resolve()
        #expect(credentials.token.unredactedValue == Self.defaultToken)
    }
}
