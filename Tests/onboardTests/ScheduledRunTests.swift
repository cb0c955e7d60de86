import Foundation
import Synchronization
import Testing
import TestSupport

/// `onboard run` for scheduled use, on the built binary with no cloud at all: `--run-id`,
/// `--keep-runs` and `--notify` against a webhook on loopback. Runs of an empty list (or of
/// invalid rows only, or stopped at the preflight) make no AWS or Spot call, so these are fast.
@Suite("onboard run: --run-id, --keep-runs, --notify (the built binary, a loopback webhook, no cloud)")
struct ScheduledRunTests {
    /// AWS and Spot endpoints nothing listens on, and fake credentials.
    private static let unreachable: [String: String] = [
        "AWS_ENDPOINT_URL": "http://127.0.0.1:1", "SPOTINST_API_URL": "http://127.0.0.1:1",
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "SPOTINST_TOKEN": "local-cloud-fake-token-scheduled", "ONBOARD_QUICK_WAITS": "1",
    ]

    /// The webhook's path and query stand for a Slack key: they must never be printed.
    private static let secretTarget = "/services/T0000/B0000/hook-s3cr3t-key?sig=q-s3cr3t"

    /// What the webhook received.
    final class Inbox: Sendable {
        private let received = Mutex<[LoopbackHTTPServer.Request]>([])
        let status: Int

        init(answering status: Int) { self.status = status }

        var requests: [LoopbackHTTPServer.Request] { received.withLock { $0 } }

        func take(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
            received.withLock { $0.append(request) }
            return LoopbackHTTPServer.Response(status: status, body: status == 200 ? "ok" : "down")
        }

        /// The JSON body of request `index`.
        func notice(_ index: Int) throws -> [String: Any] {
            let requests = requests
            try #require(requests.count > index, "\(requests.count) notifications")
            return try #require(try JSONSerialization.jsonObject(with: Data(requests[index].body)) as? [String: Any])
        }
    }

    private func folder(list: String = "account_id,organization_name\n") throws -> URL {
        let folder = try OnboardProcess.temporaryFolder()
        try list.write(to: folder.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        return folder
    }

    private func onboard(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) async throws
        -> ChildProcess.Output
    {
        try await OnboardProcess.run(
            arguments, in: folder, environment: Self.unreachable.merging(environment) { $1 }, timeout: 120)
    }

    private func reportNames(_ folder: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("R").path)) ?? [])
    }

    @Test("a named run keeps the newest runs, posts one summary, and its name is refused the second time")
    func namedRunKeepsAndNotifies() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = Inbox(answering: 200)
        let server = try await LoopbackHTTPServer.start { inbox.take($0) }
        let url = server.baseURL + Self.secretTarget
        let run = ["run", "a.csv", "--access-role-name", "X", "--reports", "R"]

        // Two earlier runs (generated ids) and the operator's own folder.
        for _ in 0..<2 { #expect(try await onboard(run, in: folder).status == 0) }
        let earlier = reportNames(folder).filter { $0.hasPrefix("run-") }.sorted()
        try #require(earlier.count == 2)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("R/notes"), withIntermediateDirectories: false)

        let named = try await onboard(run + ["--run-id", "nightly", "--keep-runs", "2", "--notify", url], in: folder)
        #expect(named.status == 0, "\(named.standardError)")
        // The oldest run went; the newer one, this one, latest, the lock and the operator's folder stay.
        #expect(reportNames(folder) == [earlier[1], "nightly", "latest", ".lock", "notes"], "\(named.standardError)")
        #expect(named.standardError.contains("removed 1 older runs: \(earlier[0])"))
        #expect(inbox.requests.count == 1)
        let request = try #require(inbox.requests.first)
        #expect(request.method == "POST" && request.target == Self.secretTarget)
        #expect(request.header("Content-Type")?.hasPrefix("application/json") == true)
        let notice = try inbox.notice(0)
        #expect(notice["run_id"] as? String == "nightly")
        #expect(notice["outcome"] as? String == "all-connected")
        #expect(notice["exit_status"] as? Int == 0)
        #expect((notice["folder"] as? String)?.hasSuffix("R/nightly") == true)
        #expect((notice["counts"] as? [String: Int])?["total"] == 0)
        let text = try #require(notice["text"] as? String)
        #expect(text.hasPrefix("onboard run nightly: 0 connected, 0 failed") && text.contains("reports in R/nightly"), "\(text)")

        // The same name again: refused before anything (exit 73), and told.
        let again = try await onboard(run + ["--run-id", "nightly", "--notify", url], in: folder)
        #expect(again.status == 73, "\(again.standardError)")
        #expect(again.standardError.contains("already exists") && again.standardError.contains("--resume nightly"))
        let refused = try inbox.notice(1)
        #expect(refused["outcome"] as? String == "not-started" && refused["stage"] as? String == "run-name-taken")
        #expect(refused["exit_status"] as? Int == 73 && refused["run_id"] as? String == "nightly")

        // --resume and status take the name.
        let resumed = try await onboard(run + ["--resume", "nightly"], in: folder)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let status = try await onboard(["status", "no-such-name", "--reports", "R"], in: folder)
        #expect(status.status == 66, "\(status.standardError)")
        #expect(status.standardError.contains("no such run"))

        for output in [named, again, resumed] {
            #expect(!(output.standardError + output.standardOutput).contains("s3cr3t"))
        }
        await server.stop()
    }

    @Test("a webhook that keeps failing: retried, told on standard error without its key, exit status unchanged")
    func failingWebhook() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let inbox = Inbox(answering: 503)
        let server = try await LoopbackHTTPServer.start { inbox.take($0) }
        let result = try await onboard(
            ["run", "a.csv", "--access-role-name", "X", "--reports", "R"],
            in: folder, environment: ["ONBOARD_NOTIFY_URL": server.baseURL + Self.secretTarget])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(inbox.requests.count == 4)
        #expect(result.standardError.contains("--notify: the summary was not delivered: http://127.0.0.1:\(server.port)/…: HTTP 503 after 4 attempts"))
        #expect(!(result.standardError + result.standardOutput).contains("s3cr3t"))
        await server.stop()
    }

    @Test("invalid rows and a failed preflight are told too, with their exit status")
    func earlyEndings() async throws {
        let inbox = Inbox(answering: 200)
        let server = try await LoopbackHTTPServer.start { inbox.take($0) }
        let url = server.baseURL + Self.secretTarget

        let invalid = try folder(list: "account_id,organization_name\n12345,Acme\n")
        defer { try? FileManager.default.removeItem(at: invalid) }
        let first = try await onboard(["run", "a.csv", "--access-role-name", "X", "--reports", "R", "--notify", url], in: invalid)
        #expect(first.status == 65, "\(first.standardError)")
        let counted = try inbox.notice(0)
        #expect(counted["outcome"] as? String == "invalid-rows" && counted["exit_status"] as? Int == 65)
        #expect((counted["counts"] as? [String: Int])?["invalid"] == 1)

        // A valid row: the preflight meets the unreachable endpoints and stops the run.
        let valid = try folder(list: "account_id,organization_name\n111122223333,Acme\n")
        defer { try? FileManager.default.removeItem(at: valid) }
        let second = try await onboard(["run", "a.csv", "--access-role-name", "X", "--reports", "R", "--notify", url], in: valid)
        #expect(second.status == 1, "\(second.standardError)")
        let stopped = try inbox.notice(1)
        #expect(stopped["outcome"] as? String == "not-started")
        #expect(["preflight", "operator-credentials"].contains(stopped["stage"] as? String ?? ""), "\(stopped)")
        #expect(stopped["exit_status"] as? Int == 1 && stopped["counts"] is NSNull)
        await server.stop()
    }

    @Test("bad --run-id, --keep-runs and --notify values: usage errors (64), the URL's key never printed",
        arguments: [
            ["--run-id", "../x"], ["--run-id", "latest"], ["--run-id", "run-20261201-120000"], ["--run-id", ".hidden"],
            ["--run-id", String(repeating: "n", count: 65)], ["--run-id", "a", "--resume", "latest"], ["--keep-runs", "0"],
            ["--notify", "http://192.0.2.1/services/hook-s3cr3t-key"], ["--notify", "ftp://example.com/hook-s3cr3t-key"],
            ["--notify", "https://user:s3cr3t@example.com/x"],
        ])
    func badValues(_ extra: [String]) async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await onboard(["run", "a.csv", "--access-role-name", "X", "--reports", "R"] + extra, in: folder)
        #expect(result.status == 64, "\(extra): \(result.standardError)")
        #expect(!result.standardError.contains("s3cr3t"), "\(result.standardError)")
        #expect(reportNames(folder).isEmpty)
    }

    @Test("ONBOARD_NOTIFY_URL over plain http to another host is refused like --notify")
    func insecureVariable() async throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await onboard(
            ["run", "a.csv", "--access-role-name", "X", "--reports", "R"], in: folder,
            environment: ["ONBOARD_NOTIFY_URL": "http://192.0.2.1/services/hook-s3cr3t-key"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("ONBOARD_NOTIFY_URL is http://192.0.2.1/…"), "\(result.standardError)")
        #expect(!result.standardError.contains("s3cr3t"))
    }
}
