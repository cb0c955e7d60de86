import Foundation
import TestSupport
import Testing

/// Plain http endpoints only to loopback, on the command line of the built binary: a remote one
/// is a usage error naming the variable or option and the URL, unless --allow-insecure-endpoints
/// lets it through with a warning. No network: every case stops before the first call.
@Suite("onboard: plain http endpoints only to loopback (the built binary)")
struct InsecureEndpointCommandTests {
    /// The test process's environment without any AWS, Spot or local-cloud setting.
    static func environment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !["AWS_", "SPOTINST_", "ONBOARD_", "LOCAL_CLOUD_"].contains { key.hasPrefix($0) }
        }
        environment["HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-no-home").path
        environment.merge(extra) { $1 }
        return environment
    }

    static func onboard(_ arguments: [String], _ extra: [String: String] = [:]) async throws -> ChildProcess.Output {
        try await OnboardProcess.start(arguments, environment: environment(extra)).finish(timeout: 60)
    }

    static let missingList = "/nonexistent/onboard-insecure-endpoint-test.csv"

    @Test("a remote http endpoint is refused with exit 64, naming where it came from", arguments: [
        (["run", missingList, "--aws-endpoint-url", "http://10.0.0.5:5000"], [:], "--aws-endpoint-url is http://10.0.0.5:5000"),
        (["run", missingList], ["AWS_ENDPOINT_URL": "http://moto.internal:5000"], "AWS_ENDPOINT_URL is http://moto.internal:5000"),
        (["run", missingList, "--spot-api-url", "http://spot.proxy.internal"], [:], "--spot-api-url is http://spot.proxy.internal"),
        (["run", missingList], ["SPOTINST_API_URL": "http://spot.proxy.internal:8080/"], "SPOTINST_API_URL is http://spot.proxy.internal:8080"),
        (["whoami"], ["AWS_ENDPOINT_URL_STS": "http://sts.proxy.internal"], "AWS_ENDPOINT_URL_STS is http://sts.proxy.internal"),
        (["status"], ["SPOTINST_API_URL": "http://192.168.1.20"], "SPOTINST_API_URL is http://192.168.1.20"),
    ])
    func refused(arguments: [String], environment: [String: String], named: String) async throws {
        let result = try await Self.onboard(arguments, environment)
        #expect(result.status == 64, "\(result)")
        #expect(result.standardError.contains(named), "\(result)")
        #expect(result.standardError.contains("not loopback"), "\(result)")
        #expect(result.standardError.contains("--allow-insecure-endpoints"), "\(result)")
    }

    @Test("--allow-insecure-endpoints lets it through with a warning on stderr")
    func allowed() async throws {
        let result = try await Self.onboard(
            ["run", Self.missingList, "--allow-insecure-endpoints", "--spot-api-url", "http://spot.proxy.internal"],
            ["AWS_ENDPOINT_URL": "http://moto.internal:5000"])
        #expect(result.status == 66, "past the check, the missing list: \(result)")
        #expect(result.standardError.contains("warning: AWS_ENDPOINT_URL is http://moto.internal:5000"), "\(result)")
        #expect(result.standardError.contains("warning: --spot-api-url is http://spot.proxy.internal"), "\(result)")
    }

    @Test("http to loopback and https anywhere pass without a warning")
    func secure() async throws {
        let result = try await Self.onboard(
            ["run", Self.missingList, "--aws-endpoint-url", "http://127.0.0.1:5000"],
            ["SPOTINST_API_URL": "https://spot.proxy.internal", "AWS_ENDPOINT_URL_S3": "http://localhost:9000"])
        #expect(result.status == 66, "\(result)")
        #expect(!result.standardError.contains("warning"), "\(result)")
        #expect(!result.standardError.contains("not loopback"), "\(result)")
    }
}
