import AWSKit
import Foundation
import HTTPCore
import Testing

/// The process-wide list of secrets in use: what registers, how long it is kept.
@Suite("SecretRegistry")
struct SecretRegistryTests {
    static func fresh(_ prefix: String) -> String {
        prefix + "-" + UUID().uuidString + "-" + UUID().uuidString
    }

    @Test("a registered secret, and pieces of it, are scrubbed from any text")
    func registerAndScrub() {
        let registry = SecretRegistry()
        let secret = Self.fresh("secret")
        registry.register(secret)
        #expect(registry.contains(secret))
        #expect(registry.scrub("a \(secret) b") == "a <redacted> b")
        #expect(registry.scrub("cut: \(secret.dropFirst(9).prefix(14))…") == "cut: <redacted>…")
        #expect(registry.scrub(nil as String?) == nil)
        registry.register("short")
        #expect(!registry.contains("short"))
    }

    @Test("credentials register their secret key and session token, not their access key id")
    func credentials() {
        let registry = SecretRegistry()
        let credentials = AWSCredentials(
            accessKeyID: "ASIAEXAMPLEKEYID0001", secretAccessKey: Self.fresh("key"), sessionToken: Self.fresh("token"))
        registry.register(credentials)
        #expect(registry.count == 2)
        #expect(!registry.contains(credentials.accessKeyID))
        let text = "\(credentials.accessKeyID) \(credentials.secretAccessKey) \(credentials.sessionToken!)"
        #expect(registry.scrub(text) == "\(credentials.accessKeyID) <redacted> <redacted>")
    }

    @Test("temporary credentials are forgotten an hour after they expire; permanent ones are kept")
    func expiry() {
        let registry = SecretRegistry()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let temporary = AWSCredentials(
            accessKeyID: "ASIATEMPORARY", secretAccessKey: Self.fresh("temporary"), sessionToken: Self.fresh("session"),
            expiration: start.addingTimeInterval(3600))
        let permanent = Self.fresh("permanent")
        registry.register(temporary, now: start)
        registry.register(permanent, now: start)
        #expect(registry.count == 3)

        // Expired, but within the retention: still scrubbed.
        registry.register(Self.fresh("later"), now: start.addingTimeInterval(3600 + 1800))
        #expect(registry.contains(temporary.secretAccessKey))

        // Past expiry plus retention: forgotten at the next registration.
        registry.register(Self.fresh("much-later"), now: start.addingTimeInterval(3600 + SecretRegistry.retention + 61))
        #expect(!registry.contains(temporary.secretAccessKey))
        #expect(!registry.contains(temporary.sessionToken!))
        #expect(registry.contains(permanent))
        #expect(registry.scrub(temporary.secretAccessKey) == temporary.secretAccessKey)
    }

    @Test("registering a known secret again extends how long it is kept")
    func reregistration() {
        let registry = SecretRegistry()
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let secret = Self.fresh("renewed")
        registry.register(secret, expiration: start, now: start)
        registry.register(secret, expiration: start.addingTimeInterval(7200), now: start)
        registry.register(Self.fresh("tick"), now: start.addingTimeInterval(SecretRegistry.retention + 100))
        #expect(registry.contains(secret))
        registry.register(secret, now: start)
        registry.register(Self.fresh("tock"), now: start.addingTimeInterval(100_000))
        #expect(registry.contains(secret), "registered without an expiry: kept for good")
    }

    @Test("the clients register what they resolve: environment keys, static providers")
    func sharedRegistration() throws {
        let secret = Self.fresh("environment-secret")
        let token = Self.fresh("environment-token")
        _ = try EnvironmentCredentials.credentials(in: [
            "AWS_ACCESS_KEY_ID": "AKIAENVIRONMENT", "AWS_SECRET_ACCESS_KEY": secret, "AWS_SESSION_TOKEN": token,
        ])
        #expect(SecretRegistry.shared.contains(secret))
        #expect(SecretRegistry.shared.contains(token))
        let explicit = Self.fresh("explicit-secret")
        _ = StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAEXPLICIT", secretAccessKey: explicit))
        #expect(SecretRegistry.shared.contains(explicit))
    }
}
