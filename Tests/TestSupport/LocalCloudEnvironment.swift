import Foundation

/// The local cloud (moto and onboard-sandbox) as `scripts/local-cloud up` describes it in the
/// environment it prints: the one reader of those variables for every test target. Tests never
/// start the shared local cloud and never skip without it: ``current(_:)`` throws, so a test
/// that needs it fails with the command that starts it.
public struct LocalCloudEnvironment: Sendable {
    /// The local cloud is not running (or its environment was not exported).
    public struct NotRunning: Error, CustomStringConvertible {
        public var missing: [String]
        public var description: String {
            "the local cloud's environment is missing (\(missing.joined(separator: ", "))): from the project's root, run "
                + "eval \"$(scripts/local-cloud up)\" and the tests in that shell (scripts/test does both)"
        }
    }

    /// The variables every test needs.
    public static let required = [
        "LOCAL_CLOUD_SANDBOX_URL", "LOCAL_CLOUD_MOTO_URL", "AWS_ENDPOINT_URL", "SPOTINST_API_URL", "SPOTINST_TOKEN",
        "SPOTINST_SHARED_CREDENTIALS_FILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    ]

    /// `LOCAL_CLOUD_SANDBOX_URL`: onboard-sandbox (`http://127.0.0.1:PORT`).
    public let sandboxURL: String
    /// `LOCAL_CLOUD_MOTO_URL`: moto itself, behind the sandbox.
    public let motoURL: String
    /// `AWS_ENDPOINT_URL`: where AWS clients are sent (the sandbox).
    public let awsEndpointURL: String
    /// `SPOTINST_API_URL`: where Spot clients are sent (the sandbox).
    public let spotAPIURL: String
    /// `SPOTINST_TOKEN`: the admin token of the scenario's first organization.
    public let spotToken: String
    /// `SPOTINST_SHARED_CREDENTIALS_FILE`.
    public let spotCredentialsFile: String
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`: moto's fakes.
    public let accessKeyID: String
    public let secretAccessKey: String
    /// The whole environment these were read from (what a child process starts from).
    public let variables: [String: String]

    /// The sandbox's control API.
    public var control: SandboxControl { SandboxControl(sandboxURL: sandboxURL) }

    /// Reads `environment` (this process's by default); throws ``NotRunning`` naming every
    /// missing variable.
    public static func current(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(NotRunning)
        -> LocalCloudEnvironment
    {
        let missing = required.filter { (environment[$0] ?? "").isEmpty }
        guard missing.isEmpty else { throw NotRunning(missing: missing) }
        func value(_ name: String) -> String {
            var text = environment[name] ?? ""
            while text.hasSuffix("/") { text.removeLast() }
            return text
        }
        return LocalCloudEnvironment(
            sandboxURL: value("LOCAL_CLOUD_SANDBOX_URL"), motoURL: value("LOCAL_CLOUD_MOTO_URL"),
            awsEndpointURL: value("AWS_ENDPOINT_URL"), spotAPIURL: value("SPOTINST_API_URL"),
            spotToken: value("SPOTINST_TOKEN"), spotCredentialsFile: value("SPOTINST_SHARED_CREDENTIALS_FILE"),
            accessKeyID: value("AWS_ACCESS_KEY_ID"), secretAccessKey: value("AWS_SECRET_ACCESS_KEY"),
            variables: environment)
    }
}
