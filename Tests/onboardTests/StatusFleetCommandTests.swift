import Foundation
import TestSupport
import Testing

/// `onboard status --fleet` (the built binary) over a reports folder of hand-written account
/// reports in the layout the README documents: no network, no lock, one line per account.
@Suite("onboard status --fleet (the built binary)")
struct StatusFleetCommandTests {
    /// Writes `accounts/<id>.json` of run `runID` under `reports`, as a run lays it out.
    private func report(
        _ reports: URL, _ runID: String, id: String, name: String, status: String, finished: String?, error: String? = nil
    ) throws {
        let folder = reports.appendingPathComponent(runID).appendingPathComponent("accounts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let finishedJSON = finished.map { "\"\($0)\"" } ?? "null"
        let errorJSON = error.map { ", \"error\": {\"step\": \"login\", \"code\": \"\($0)\", \"message\": \"m\", \"rerun_may_fix\": false}" } ?? ""
        let outputs = status == "connected" ? #"{"spot_account_id": "act-1234abcd", "data_status": "ready"}"# : "{}"
        let json = """
            {"schema_version": 1, "account_id": "\(id)", "organization_name": "\(name)", "line": 2, "partition": "aws",
             "products": ["cloud-analyzer"], "status": "\(status)", "steps": [], "outputs": \(outputs),
             "manual_prerequisites": [], "started": \(finishedJSON), "finished": \(finishedJSON)\(errorJSON)}
            """
        try json.write(to: folder.appendingPathComponent("\(id).json"), atomically: true, encoding: .utf8)
    }

    private func fleet() throws -> URL {
        let reports = try OnboardProcess.temporaryFolder()
        try report(reports, "run-20261201-100000", id: "111111111111", name: "Acme", status: "connected", finished: "2026-12-01T10:01:00Z")
        try report(reports, "run-20261201-100000", id: "222222222222", name: "Globex", status: "connected", finished: "2026-12-01T10:01:00Z")
        try report(
            reports, "run-20261201-110000", id: "222222222222", name: "Globex", status: "failed", finished: "2026-12-01T11:01:00Z",
            error: "NotManagementAccount")
        return reports
    }

    @Test("one line per account, its newest report's run and state; offline, said so; no lock file made")
    func lines() async throws {
        let reports = try fleet()
        defer { try? FileManager.default.removeItem(at: reports) }
        let result = try await OnboardProcess.run(["status", "--fleet", "--reports", reports.path])
        #expect(result.status == 0, "\(result)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 7, "\(result.standardOutput)")
        #expect(lines[0].hasPrefix("ACCOUNT"))
        #expect(lines[1].hasPrefix("111111111111  connected  run-20261201-100000  2026-12-01T10:01:00Z  data ready"))
        #expect(lines[2].hasPrefix("222222222222  failed     run-20261201-110000  2026-12-01T11:01:00Z  login: NotManagementAccount (needs a person)"))
        #expect(lines[3].hasPrefix("2 accounts over 2 folders in \(reports.path): 1 connected, 1 failed"))
        #expect(lines[4].hasPrefix("Offline:"))
        #expect(lines[5].hasPrefix("run-20261201-100000 has no summary yet"), "these hand-made folders have none")
        #expect(lines[6].hasPrefix("run-20261201-110000 has no summary yet"))
        #expect(!FileManager.default.fileExists(atPath: reports.appendingPathComponent(".lock").path))
    }

    @Test("--json: the same view as JSON")
    func json() async throws {
        let reports = try fleet()
        defer { try? FileManager.default.removeItem(at: reports) }
        let result = try await OnboardProcess.run(["status", "--fleet", "--json", "--reports", reports.path])
        #expect(result.status == 0, "\(result)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let accounts = try #require(object["accounts"] as? [[String: Any]])
        #expect(accounts.map { $0["account_id"] as? String } == ["111111111111", "222222222222"])
        #expect(accounts.map { $0["run_id"] as? String } == ["run-20261201-100000", "run-20261201-110000"])
        #expect(accounts[1]["error_code"] as? String == "NotManagementAccount")
        #expect(accounts[1]["folders"] as? Int == 2)
        #expect((object["counts"] as? [String: Int])?["total"] == 2)
    }

    @Test("a run id, or --spot-profile, with --fleet is a usage error; a missing folder exits 66")
    func usage() async throws {
        var result = try await OnboardProcess.run(["status", "--fleet", "run-20261201-100000", "--reports", "/nonexistent"])
        #expect(result.status == 64)
        #expect(result.standardError.contains("--fleet reads every run: give no run id"), "\(result.standardError)")
        result = try await OnboardProcess.run(["status", "--fleet", "--spot-profile", "p", "--reports", "/nonexistent"])
        #expect(result.status == 64)
        result = try await OnboardProcess.run(["status", "--fleet", "--reports", "/nonexistent/onboard-fleet"])
        #expect(result.status == 66)
        #expect(result.standardError.contains("/nonexistent/onboard-fleet: cannot read: no such folder"), "\(result.standardError)")
    }
}
