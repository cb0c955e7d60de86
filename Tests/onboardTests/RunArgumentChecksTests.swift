import Foundation
import TestSupport
import Testing

/// `onboard run`'s own checks come before any network call: a wrong `--resume`, a Reports
/// folder that cannot be used, or an option out of bounds is refused at once, not after the
/// preflight (here the AWS endpoint refuses every connection, so a preflight would end with
/// exit 1, and these exits prove it never ran).
@Suite("onboard run: arguments checked before the network (the built binary, no cloud)")
struct RunArgumentChecksTests {
    /// An AWS and Spot endpoint nothing listens on, and fake credentials.
    private static let unreachable: [String: String] = [
        "AWS_ENDPOINT_URL": "http://127.0.0.1:1", "SPOTINST_API_URL": "http://127.0.0.1:1",
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "SPOTINST_TOKEN": "local-cloud-fake-token-arguments",
    ]

    private func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-args-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "account_id,organization_name\n111122223333,Acme\n".write(
            to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test("--resume of a run that does not exist: exit 66 before the preflight", arguments: ["run-20990101-000000", "latest"])
    func missingRunToResume(_ runID: String) async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await OnboardProcess.run(
            ["run", "a.csv", "--access-role-name", "X", "--reports", "R", "--resume", runID], in: folder,
            environment: Self.unreachable)
        #expect(result.status == 66, "\(result.standardError)")
        #expect(result.standardError.contains("--resume \(runID)"))
        #expect(!result.standardError.contains("preflight") && !result.standardError.contains("do not work"))
    }

    @Test("no AWS credentials at all: exit 1 naming where it looked, no crash (the transport made before it is closed)")
    func noOperatorCredentials() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Exactly this environment: no AWS keys, no profile files (HOME is the empty folder).
        let environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": folder.path,
            "AWS_ENDPOINT_URL": "http://127.0.0.1:1", "SPOTINST_API_URL": "http://127.0.0.1:1",
            "SPOTINST_TOKEN": "local-cloud-fake-token-arguments",
        ]
        let result = try await OnboardProcess.start(
            ["run", "a.csv", "--access-role-name", "X", "--reports", "R"], in: folder, environment: environment
        ).finish(timeout: 60)
        #expect(!result.signaled && result.status == 1, "\(result)")
        #expect(result.standardError.contains("stopped before any account: the operator's AWS credentials: no AWS credentials found"),
            "\(result.standardError)")
        #expect(!result.standardError.contains("Fatal error"), "\(result.standardError)")
    }

    @Test("--resume that is not a run id, and --reports '': usage errors (64)",
        arguments: [["--resume", ".."], ["--resume", "."], ["--resume", ""], ["--resume", "../x"], ["--reports", ""]])
    func notARunID(_ extra: [String]) async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await OnboardProcess.run(
            ["run", "a.csv", "--access-role-name", "X"] + extra, in: folder, environment: Self.unreachable)
        #expect(result.status == 64, "\(extra): \(result.standardError)")
        // Nothing was written beside the reports folder.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.csv"])
    }

    @Test("options out of bounds: usage errors (64)",
        arguments: [
            ["--spot-rps", "1e-300"], ["--sts-rps", "0"], ["--spot-rps", "inf"], ["--max-attempts", "0"],
            ["--max-call-seconds", "0.5"], ["--iam-propagation-wait", "nan"],
            ["--spot-china-platform-account", "111111111111", "--spot-china-finops-accounts", ","],
        ])
    func optionsOutOfBounds(_ extra: [String]) async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await OnboardProcess.run(
            ["run", "a.csv", "--access-role-name", "X"] + extra, in: folder, environment: Self.unreachable)
        #expect(result.status == 64, "\(extra): \(result.standardError)")
    }

    @Test("a one-character relative --reports folder works (Foundation trapped on it)")
    func oneCharacterReportsFolder() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await OnboardProcess.run(
            ["run", "a.csv", "--access-role-name", "X", "--reports", "R"], in: folder, environment: Self.unreachable)
        // The preflight fails on the unreachable endpoint (exit 1), after the folder was locked.
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardError.contains("stopped before any account"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("R/.lock").path))
    }
}
