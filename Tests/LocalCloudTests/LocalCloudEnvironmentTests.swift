import AWSKit
import TestSupport
import Testing

/// The test-support type itself: without the local cloud's environment it fails (never skips)
/// and names the command that starts the local cloud.
@Suite("LocalCloud test support")
struct LocalCloudEnvironmentTests {
    @Test("Without the local cloud's environment, LocalCloud.current() throws and says how to start it")
    func missingEnvironment() throws {
        let error = try #require(throws: LocalCloudEnvironment.NotRunning.self) { try LocalCloud.current([:]) }
        #expect(error.description.contains(#"eval "$(scripts/local-cloud up)""#))
        #expect(error.missing == LocalCloudEnvironment.required)

        var partial = Dictionary(uniqueKeysWithValues: LocalCloudEnvironment.required.map { ($0, "http://127.0.0.1:1/") })
        partial["LOCAL_CLOUD_MOTO_URL"] = ""
        let one = try #require(throws: LocalCloudEnvironment.NotRunning.self) { try LocalCloud.current(partial) }
        #expect(one.missing == ["LOCAL_CLOUD_MOTO_URL"])
    }

    @Test("With it, LocalCloud.current() reads every variable (trailing slashes trimmed)")
    func fullEnvironment() throws {
        var environment = Dictionary(uniqueKeysWithValues: LocalCloudEnvironment.required.map { ($0, "value-of-\($0)") })
        environment["LOCAL_CLOUD_SANDBOX_URL"] = "http://127.0.0.1:4000/"
        let cloud = try LocalCloud.current(environment)
        #expect(cloud.sandboxURL == "http://127.0.0.1:4000")
        #expect(cloud.motoURL == "value-of-LOCAL_CLOUD_MOTO_URL")
        #expect(cloud.spotURL == "value-of-SPOTINST_API_URL")
        #expect(cloud.awsEndpointURL == "value-of-AWS_ENDPOINT_URL")
        #expect(cloud.spotToken == "value-of-SPOTINST_TOKEN")
        #expect(cloud.spotCredentialsFile == "value-of-SPOTINST_SHARED_CREDENTIALS_FILE")
        #expect(cloud.credentials.accessKeyID == "value-of-AWS_ACCESS_KEY_ID")
        #expect(cloud.credentials.secretAccessKey == "value-of-AWS_SECRET_ACCESS_KEY")
    }
}
