import Foundation
import Onboarding
import Testing

@testable import Reports

/// The JSON `onboard run --notify` posts: a `text` line Slack and Teams show, and the machine
/// fields; nothing of an account's error message or anything secret.
@Suite("Run notice")
struct RunNoticeTests {
    private func summary() -> BatchSummary {
        BatchSummary(
            runID: "nightly", accountList: "accounts.csv", started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(90),
            results: [
                ReportFixtures.connected(), ReportFixtures.failed(), ReportFixtures.failed("444444444444"),
                ReportFixtures.notStarted(), ReportFixtures.interrupted(),
            ],
            invalidRows: ReportFixtures.invalidRows, stopReason: "stopped by --max-failures 2")
    }

    private func object(_ notice: RunNotice) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(notice.body())) as? [String: Any])
    }

    @Test("a run that ran: counts, failures by step, run id, folder, exit status, in the text and as fields")
    func ranRun() throws {
        let notice = RunNotice(
            summary: summary(), folder: "/var/lib/onboard/Reports/nightly", disposition: .someUnfinished, exitStatus: 1)
        #expect(notice.text == "onboard run nightly: 1 connected, 2 failed (cur: 2), 1 not started, 1 interrupted of 5; "
            + "2 invalid rows; stopped early: stopped by --max-failures 2; exit 1; reports in /var/lib/onboard/Reports/nightly")
        let json = try object(notice)
        #expect(json["event"] as? String == "onboard.run.finished")
        #expect(json["run_id"] as? String == "nightly")
        #expect(json["folder"] as? String == "/var/lib/onboard/Reports/nightly")
        #expect(json["outcome"] as? String == "some-unfinished")
        #expect(json["exit_status"] as? Int == 1)
        #expect(json["stage"] is NSNull)
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts == ["total": 5, "connected": 1, "failed": 2, "not_started": 1, "interrupted": 1, "invalid": 2])
        let failures = try #require(json["failures_by_step"] as? [[String: Any]])
        #expect(failures.count == 1)
        #expect(failures.first?["step"] as? String == "cur" && failures.first?["accounts"] as? Int == 2)
        #expect(json["started"] as? String == "2026-11-27T00:00:00Z")
        #expect(json["finished"] as? String == "2026-11-27T00:01:30Z")
    }

    @Test("no account's error message, account list path, organization or role goes in it")
    func nothingPrivate() throws {
        let body = String(decoding: try RunNotice(
            summary: summary(), folder: "Reports/nightly", disposition: .someUnfinished, exitStatus: 1).body(), as: UTF8.self)
        for private_ in ["PutReportDefinition", "AccessDenied", "accounts.csv", "Globex", "spot-external-id", "222222222222"] {
            #expect(!body.contains(private_), "\(private_) in \(body)")
        }
    }

    @Test("a run that stopped before any account: its stage, no counts")
    func notStarted() throws {
        let notice = RunNotice(notStartedAt: .preflight, runID: nil, exitStatus: 1, at: ReportFixtures.start)
        #expect(notice.text == "onboard run stopped before any account: the preflight failed; exit 1 (see its log)")
        let json = try object(notice)
        #expect(json["outcome"] as? String == "not-started")
        #expect(json["stage"] as? String == "preflight")
        #expect(json["counts"] is NSNull && json["run_id"] is NSNull && json["folder"] is NSNull)
        #expect((json["failures_by_step"] as? [Any])?.isEmpty == true)
        let named = RunNotice(notStartedAt: .reportsLocked, runID: "nightly", exitStatus: 75, at: ReportFixtures.start)
        #expect(named.text == "onboard run nightly stopped before any account: another onboard holds the reports folder; exit 75 (see its log)")
    }

    @Test("every disposition has its outcome", arguments: [
        (RunDisposition.allConnected, "all-connected"), (.someUnfinished, "some-unfinished"), (.invalidRows, "invalid-rows"),
        (.writeFailed(count: 2), "write-failed"), (.signaled(15), "signaled"),
    ])
    func outcomes(_ disposition: RunDisposition, _ outcome: String) throws {
        let notice = RunNotice(summary: summary(), folder: "R/x", disposition: disposition, exitStatus: 0)
        #expect(try object(notice)["outcome"] as? String == outcome)
    }

    @Test("the text escapes what Slack reads as markup (&, <, >)")
    func chatEscapes() {
        let notice = RunNotice(summary: summary(), folder: "/srv/<team>&co", disposition: .someUnfinished, exitStatus: 1)
        #expect(notice.text.hasSuffix("reports in /srv/&lt;team&gt;&amp;co"))
        #expect(!notice.text.contains("<") && !notice.text.contains(">"))
    }
}
