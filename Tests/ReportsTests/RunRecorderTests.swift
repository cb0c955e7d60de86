import AccountList
import Foundation
import Onboarding
import Testing

@testable import BatchRunner
@testable import Reports

/// The batch's recording in process: events as they come, then the run's end written once, and
/// the exit disposition decided from it.
@Suite("Run recorder")
struct RunRecorderTests {
    private func account(_ id: String, line: Int) -> PayerAccount {
        PayerAccount(
            line: line, accountID: id, organizationName: "Org \(id)", isChina: false, login: .assumeRole(roleARN: nil, externalID: nil),
            products: [.cloudAnalyzer],
            costAndUsageReport: .init(bucket: "spot-cur-\(id)", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: false),
            spotAccountID: nil, spotProfile: "default", billingAccessConfirmed: true)
    }

    @Test("events are journaled as they come; the end writes the unfinished accounts' reports, the summary in the list's order, junit.xml and latest")
    func recordsAndEnds() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let accounts = [account("111111111111", line: 2), account("333333333333", line: 3), account("222222222222", line: 4)]
        let recorder = RunRecorder(
            folder: run.folder, journal: try RunJournal(folder: run.folder),
            display: ProgressDisplay(total: 3, verbosity: .quiet), notable: { $0.status == .failed })
        let connected = ReportFixtures.connected("111111111111")
        recorder.accountStarted("111111111111")
        for record in connected.steps { recorder.stepFinished("111111111111", record: record, outputs: connected.outputs) }
        recorder.accountFinished(connected)
        let kept = ReportFixtures.failed("222222222222")
        var selection = RunSelection(accounts: [], previous: JournalReplay(events: []), onlyFailed: false, runID: run.folder.runID)
        selection.kept["222222222222"] = kept
        let notStarted = AccountResult.notStarted(accounts[1], reason: "the run was interrupted by signal 15; resume it with --resume")
        let outcome = BatchOutcome(unfinished: [notStarted], interrupted: [], finishedCount: 1, stopReason: .signal(15))

        let ending = recorder.finish(
            outcome, selection: selection, accounts: accounts, accountList: "accounts.csv", invalidRows: [],
            started: ReportFixtures.start, finished: ReportFixtures.start.addingTimeInterval(60))

        #expect(ending.writeFailures.isEmpty, "\(ending.writeFailures)")
        // Every account in short, in the list's order: the one the recorder saw finish, the one
        // the outcome left unstarted, the one kept from the resumed run.
        #expect(ending.summary.accounts.map(\.accountID) == ["111111111111", "333333333333", "222222222222"], "the list's order")
        #expect(ending.summary.accounts.map(\.status) == [.connected, .notStarted, .failed])
        #expect(ending.summary.accounts[0] == BatchSummary.Account(connected))
        // Whole, only what the notable rule picked.
        #expect(ending.notable == [kept])
        #expect(ending.summary.counts.connected == 1 && ending.summary.counts.failed == 1 && ending.summary.counts.notStarted == 1)
        #expect(ending.stopDetail == "interrupted by signal 15")
        #expect(try run.json("summary.json")["run_id"] as? String == run.folder.runID)
        #expect(try run.json("accounts/333333333333.json")["status"] as? String == "not-started", "the end writes it")
        #expect(try run.json("accounts/111111111111.json")["status"] as? String == "connected", "written when it finished")
        #expect(try run.text("junit.xml").contains("tests=\"3\""))
        let journal = try run.text("journal.jsonl").split(separator: "\n")
        #expect(journal.count == connected.steps.count + 2, "a line per step, the account's end, the run's end")
        #expect(journal.last?.contains("\"detail\":\"interrupted by signal 15\"") == true, "\(journal.last ?? "")")
        #expect(FileManager.default.fileExists(atPath: run.root + "/latest"))

        // Recording has ended: a late event of an account the grace let go is not journaled.
        recorder.stepFinished("333333333333", record: connected.steps[0], outputs: AccountOutputs())
        #expect(try run.text("journal.jsonl").split(separator: "\n").count == journal.count)
        #expect(RunDisposition(ending, stopReason: .signal(15), invalidRows: 0) == .signaled(15))
    }

    @Test("the disposition: a signal, then write failures, then unfinished accounts, then invalid rows")
    func disposition() {
        func ending(_ statuses: [AccountStatus], failures: [String] = []) -> RunRecorder.Ending {
            let results = statuses.enumerated().map { index, status -> AccountResult in
                var result = ReportFixtures.connected(String(repeating: "\(index + 1)", count: 12))
                result.status = status
                return result
            }
            return RunRecorder.Ending(
                notable: [],
                summary: BatchSummary(runID: "run-20261127-000000", accountList: "a.csv", started: ReportFixtures.start, finished: ReportFixtures.start, results: results),
                stopDetail: "completed", writeFailures: failures)
        }
        #expect(RunDisposition(ending([.connected, .connected]), stopReason: nil, invalidRows: 0) == .allConnected)
        #expect(RunDisposition(ending([.connected]), stopReason: nil, invalidRows: 2) == .invalidRows)
        #expect(RunDisposition(ending([.connected, .failed]), stopReason: nil, invalidRows: 2) == .someUnfinished)
        #expect(RunDisposition(ending([.connected, .interrupted]), stopReason: .maxFailures(1), invalidRows: 0) == .someUnfinished)
        #expect(RunDisposition(ending([.connected, .notStarted]), stopReason: nil, invalidRows: 0) == .someUnfinished)
        #expect(RunDisposition(ending([.failed], failures: ["summary: disk full"]), stopReason: nil, invalidRows: 1) == .writeFailed(count: 1))
        #expect(RunDisposition(ending([.failed], failures: ["x"]), stopReason: .signal(2), invalidRows: 1) == .signaled(2))
    }
}
