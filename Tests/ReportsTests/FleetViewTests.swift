import Foundation
import Onboarding
import Testing

@testable import Reports

#if canImport(Glibc)
import Glibc
#endif

/// The fleet view over real reports folders: run folders written by the reports' own writers,
/// read back as `onboard status --fleet` reads them.
@Suite("Fleet view")
struct FleetViewTests {
    /// A reports folder under the temporary directory.
    private struct Reports {
        let root: String

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-fleet-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }

        /// A run folder made at `hour` o'clock on 2026-12-01 with `results`, and its summary
        /// unless `finished` is false.
        @discardableResult
        func run(at date: Date, _ results: [AccountResult], finished: Bool = true) throws -> RunFolder {
            let folder = try RunFolder.create(in: root, kind: "run", at: date)
            let writer = AccountReportWriter(folder: folder)
            for result in results { try writer.write(result) }
            if finished {
                try SummaryWriter(folder: folder).write(
                    BatchSummary(runID: folder.runID, accountList: "a.csv", started: date, finished: date.addingTimeInterval(60), results: results))
            }
            return folder
        }
    }

    /// 2026-12-01T10:00:00Z plus `hours`.
    private func time(_ hours: Double) -> Date { Date(timeIntervalSince1970: 1_796_119_200 + hours * 3600) }

    private func result(_ id: String, _ status: AccountStatus, finished: Date?, name: String = "Org") -> AccountResult {
        var result: AccountResult
        switch status {
        case .connected: result = ReportFixtures.connected(id, organization: name)
        case .failed: result = ReportFixtures.failed(id, organization: name)
        case .interrupted: result = ReportFixtures.interrupted(id, organization: name)
        case .notStarted: result = ReportFixtures.notStarted(id, organization: name)
        case .offboarded, .dryRun:
            result = ReportFixtures.connected(id, organization: name)
            result.status = status
        }
        result.finished = finished
        if finished == nil { result.started = nil }
        return result
    }

    @Test("each account's newest report, over every run, with the run it came from")
    func newestPerAccount() throws {
        let reports = try Reports()
        defer { reports.remove() }
        try reports.run(at: time(0), [
            result("111111111111", .connected, finished: time(0.1)),
            result("222222222222", .failed, finished: time(0.1)),
            result("333333333333", .connected, finished: time(0.1)),
        ])
        let second = try reports.run(at: time(1), [
            result("111111111111", .failed, finished: time(1.1)),
            result("222222222222", .notStarted, finished: nil),
            result("444444444444", .connected, finished: time(1.1)),
        ])
        let third = try reports.run(at: time(2), [result("555555555555", .interrupted, finished: time(2.1))], finished: false)

        let view = try FleetView.read(in: reports.root, at: time(3))
        #expect(view.problems.isEmpty, "\(view.problems)")
        #expect(view.accounts.map(\.accountID) == ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555"])
        let byID = Dictionary(uniqueKeysWithValues: view.accounts.map { ($0.accountID, $0) })
        #expect(byID["111111111111"]?.status == .failed, "the newer run's failure replaces the older connection")
        #expect(byID["111111111111"]?.runID == second.runID)
        #expect(byID["111111111111"]?.folders == 2)
        #expect(byID["111111111111"]?.failedStep == .costAndUsageReport)
        #expect(byID["111111111111"]?.errorCode == "AccessDenied")
        #expect(byID["111111111111"]?.report == "\(second.runID)/accounts/111111111111.json")
        #expect(byID["222222222222"]?.status == .failed, "a run that did not start it knows nothing newer")
        #expect(byID["222222222222"]?.folders == 2)
        #expect(byID["333333333333"]?.status == .connected)
        #expect(byID["333333333333"]?.dataStatus == .pending)
        #expect(byID["333333333333"]?.spotAccountID == "act-12345678")
        #expect(byID["555555555555"]?.status == .interrupted)
        #expect(byID["555555555555"]?.lastCompletedStep == .costAndUsageReport)
        #expect(byID["555555555555"]?.runID == third.runID)
        #expect(view.counts == FleetView.Counts([.failed, .failed, .connected, .connected, .interrupted]))
        #expect(view.folders.map(\.runID) == ["run-20261201-100000", second.runID, third.runID])
        #expect(view.folders.map(\.hasSummary) == [true, true, false])
        #expect(view.folders.map(\.accounts) == [3, 3, 1])
        #expect(view.readAt == time(3))
    }

    @Test("a not-started account is shown when nothing else is known of it")
    func notStartedOnly() throws {
        let reports = try Reports()
        defer { reports.remove() }
        try reports.run(at: time(0), [result("111111111111", .notStarted, finished: nil)])
        let later = try reports.run(at: time(1), [result("111111111111", .notStarted, finished: nil)])
        let view = try FleetView.read(in: reports.root)
        #expect(view.accounts.map(\.status) == [.notStarted])
        #expect(view.accounts.first?.runID == later.runID, "the later folder")
        #expect(view.accounts.first?.finished == nil)
    }

    @Test("runs of one second: -2 after the first, -10 after -9; the same finished time goes to the later run")
    func sameSecondOrder() throws {
        #expect(FleetView.order("run-20261201-100000") < FleetView.order("run-20261201-100000-2"))
        #expect(FleetView.order("run-20261201-100000-9") < FleetView.order("run-20261201-100000-10"))
        #expect(FleetView.order("run-20261201-100000-10") < FleetView.order("run-20261201-100001"))
        let reports = try Reports()
        defer { reports.remove() }
        let same = time(0.5)
        try reports.run(at: time(0), [result("111111111111", .connected, finished: same)])
        let second = try reports.run(at: time(0), [result("111111111111", .failed, finished: same)])
        #expect(second.runID == "run-20261201-100000-2")
        let view = try FleetView.read(in: reports.root)
        #expect(view.accounts.first?.runID == second.runID)
        #expect(view.accounts.first?.status == .failed)
    }

    @Test("unreadable reports are problems, the rest is read; links, plans and strays are not followed or read")
    func problemsAndStrays() throws {
        let reports = try Reports()
        defer { reports.remove() }
        let good = try reports.run(at: time(0), [result("111111111111", .connected, finished: time(0.1))])
        try "not json".write(toFile: "\(good.path)/accounts/222222222222.json", atomically: true, encoding: .utf8)
        let misnamed = try ReportEncoding.json(result("444444444444", .failed, finished: time(0.1)))
        try misnamed.write(toFile: "\(good.path)/accounts/333333333333.json", atomically: true, encoding: .utf8)
        try "hidden".write(toFile: "\(good.path)/accounts/.555555555555.json.0123.tmp", atomically: true, encoding: .utf8)
        // A run folder that is a link to elsewhere, a plan, a stray folder: none is an account's.
        let elsewhere = try Reports()
        defer { elsewhere.remove() }
        let outside = try elsewhere.run(at: time(5), [result("999999999999", .connected, finished: time(5.1))])
        try FileManager.default.createSymbolicLink(atPath: "\(reports.root)/run-20261201-150000", withDestinationPath: outside.path)
        let plan = try RunFolder.create(in: reports.root, kind: "plan", at: time(1))
        try AccountReportWriter(folder: plan).write(result("888888888888", .connected, finished: time(1)))
        try FileManager.default.createDirectory(atPath: "\(reports.root)/notes", withIntermediateDirectories: true)
        try good.markLatest()

        let view = try FleetView.read(in: reports.root)
        #expect(view.accounts.map(\.accountID) == ["111111111111"])
        let problems = view.problems.map(\.path)
        #expect(problems.count == 3, "\(view.problems)")
        #expect(problems.contains("\(good.path)/accounts/222222222222.json"))
        #expect(view.problems.contains { $0.path.hasSuffix("333333333333.json") && $0.reason == "holds the report of 444444444444" })
        #expect(view.problems.contains { $0.path == "\(reports.root)/run-20261201-150000" && $0.reason.contains("symbolic link") })
        #expect(view.folders.map(\.runID) == [good.runID])
    }

    @Test("it takes no lock and writes nothing: a run holding the folder goes on, and a run can start while it reads")
    func noLock() throws {
        let reports = try Reports()
        defer { reports.remove() }
        try reports.run(at: time(0), [result("111111111111", .connected, finished: time(0.1))])
        let before = try FileManager.default.subpathsOfDirectory(atPath: reports.root).sorted()
        var view = try FleetView.read(in: reports.root)
        #expect(view.accounts.count == 1)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: reports.root).sorted() == before, "no lock file made, nothing written")

        let lock = try ReportsLock.acquire(in: reports.root, runID: "run-20261201-110000", command: "run")
        defer { lock.release() }
        view = try FleetView.read(in: reports.root)
        #expect(view.accounts.count == 1, "read while a run holds the lock")
        #expect(ReportsLock.currentHolder(in: reports.root)?.pid == getpid(), "the run still holds it")
    }

    @Test("a missing reports folder is an error naming it")
    func missingRoot() {
        let error = #expect(throws: ReportReadError.self) { try FleetView.read(in: "/nonexistent/onboard-fleet") }
        #expect(error?.description == "/nonexistent/onboard-fleet: cannot read: no such folder")
    }

    @Test("lines: a header and a line per account in columns, names made safe for a terminal; the footer says offline")
    func lines() throws {
        let reports = try Reports()
        defer { reports.remove() }
        try reports.run(at: time(0), [
            result("111111111111", .connected, finished: time(0.1), name: "Evil\u{1B}[31m\u{202E}Co"),
            result("222222222222", .failed, finished: time(0.1), name: "Globex"),
        ])
        try reports.run(at: time(1), [result("555555555555", .interrupted, finished: time(1.1))], finished: false)
        let view = try FleetView.read(in: reports.root)
        let lines = view.lines()
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("ACCOUNT       STATUS       FOLDER               FINISHED              STATE"))
        #expect(lines[1].hasPrefix("111111111111  connected    run-20261201-100000  2026-12-01T10:06:00Z  data pending"))
        #expect(lines[1].hasSuffix("Evil\\u{1B}[31m\\u{202E}Co"), "\(lines[1])")
        #expect(lines[2].contains("cur: AccessDenied (needs a person)"))
        #expect(lines[3].contains("interrupted  run-20261201-110000") && lines[3].contains("stopped after cur (--resume finishes it)"))
        let column = try #require(lines[0].range(of: "FOLDER")).lowerBound.utf16Offset(in: lines[0])
        #expect(lines.dropFirst().allSatisfy { ($0.range(of: "run-")?.lowerBound.utf16Offset(in: $0)) == column }, "in columns")
        let footer = view.footer()
        #expect(footer[0] == "3 accounts over 2 folders in \(reports.root): 1 connected, 1 failed, 1 interrupted, 0 not started.")
        #expect(footer[1].hasPrefix("Offline: from the reports only"))
        #expect(footer[2].hasPrefix("run-20261201-110000 has no summary yet"))
    }

    @Test("as JSON: every account with every key (null when unset), the counts, the folders")
    func json() throws {
        let reports = try Reports()
        defer { reports.remove() }
        try reports.run(at: time(0), [result("111111111111", .connected, finished: time(0.1))])
        let view = try FleetView.read(in: reports.root, at: time(1))
        let text = try ReportEncoding.json(view)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["reports", "read_at", "counts", "accounts", "folders", "problems"])
        let account = try #require((object["accounts"] as? [[String: Any]])?.first)
        #expect(Set(account.keys) == [
            "account_id", "organization_name", "status", "run_id", "finished", "failed_step", "error_code", "rerun_may_fix",
            "last_completed_step", "spot_account_id", "data_status", "data_status_checked_at", "report", "folders",
        ])
        #expect(account["failed_step"] is NSNull)
        #expect(account["status"] as? String == "connected")
        #expect(account["finished"] as? String == "2026-12-01T10:06:00Z")
        #expect((object["counts"] as? [String: Int])?["not_started"] == 0)
        #expect(try ReportEncoding.decode(FleetView.self, from: Data(text.utf8)) == view, "it reads back")
    }
}
