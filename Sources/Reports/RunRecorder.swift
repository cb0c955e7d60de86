import AccountList
import BatchRunner
import Foundation
import Onboarding
import Synchronization

/// Writes what a run does as it happens, then how it ended: the journal (appended and flushed
/// per event), the per-account reports (atomic), and at the end the reports of accounts that
/// did not finish, the summary (JSON, CSV, Markdown), junit.xml, report.html and `latest`. Every event is
/// passed on to `display` (the progress line) after it is recorded.
public final class RunRecorder: BatchEvents {
    /// The run folder written.
    public let folder: RunFolder
    private let journal: RunJournal
    private let reports: AccountReportWriter
    private let display: any BatchEvents

    private struct State {
        var problems: [String] = []
        var closed = false
    }

    private let state = Mutex(State())

    public init(folder: RunFolder, journal: RunJournal, display: any BatchEvents) {
        self.folder = folder
        self.journal = journal
        reports = AccountReportWriter(folder: folder)
        self.display = display
    }

    /// Write failures seen so far (the batch goes on; the run ends non-zero).
    public var writeProblems: [String] { state.withLock { $0.problems } }

    /// Appends `event` to the journal, unless recording has ended.
    public func record(_ event: JournalEvent) {
        guard !state.withLock({ $0.closed }) else { return }
        do {
            try journal.append(event)
        } catch {
            state.withLock { $0.problems.append("journal: \(error)") }
        }
    }

    public func accountStarted(_ accountID: String) {
        display.accountStarted(accountID)
    }

    public func stepFinished(_ accountID: String, record: StepRecord, outputs: AccountOutputs) {
        self.record(JournalEvent(kind: .stepFinished, time: Date(), accountID: accountID, record: record, outputs: outputs))
        display.stepFinished(accountID, record: record, outputs: outputs)
    }

    public func outputsRecorded(_ accountID: String, outputs: AccountOutputs) {
        // A step-finished line without a record: the outputs so far, mid-step (the replay
        // takes them up for the interrupted account).
        record(JournalEvent(kind: .stepFinished, time: Date(), accountID: accountID, outputs: outputs))
        display.outputsRecorded(accountID, outputs: outputs)
    }

    public func accountFinished(_ result: AccountResult) {
        writeReport(result)
        record(JournalEvent(kind: .accountFinished, time: Date(), accountID: result.accountID, result: result))
        display.accountFinished(result)
    }

    public func accountInterrupted(_ accountID: String) {
        display.accountInterrupted(accountID)
    }

    /// How a run ended, once everything is written.
    public struct Ending: Sendable {
        /// Every account of the list, in its order: kept from the resumed run, or this run's.
        public var results: [AccountResult]
        public var summary: BatchSummary
        /// The journal's last word: `completed`, `interrupted by signal 15`, why it stopped.
        public var stopDetail: String
        /// Every report, journal line or link that could not be written.
        public var writeFailures: [String]
    }

    /// Ends the run of `accounts` (the list's valid rows) as `outcome` says: writes the reports
    /// of accounts that did not finish (not started, interrupted), journals the end, closes the
    /// journal, and writes the summary, junit.xml, report.html and `latest`. What an account let go after the
    /// stop's grace still does is not recorded (resume looks at the clouds again).
    public func finish(
        _ outcome: BatchOutcome, selection: RunSelection, accounts: [PayerAccount], accountList: String,
        invalidRows: [BatchSummary.InvalidRow], started: Date, finished: Date = Date(), timeSpent: RunTimeSpent? = nil
    ) -> Ending {
        for result in outcome.results where result.status == .notStarted || result.status == .interrupted {
            writeReport(result)
        }
        let byID = Dictionary(outcome.results.map { ($0.accountID, $0) }, uniquingKeysWith: { first, _ in first })
        let results = accounts.compactMap { selection.kept[$0.accountID] ?? byID[$0.accountID] }
        let summary = BatchSummary(
            runID: folder.runID, accountList: accountList, started: started, finished: finished, results: results,
            invalidRows: invalidRows, stopReason: outcome.stopReason?.sentence,
            timeSpent: timeSpent?.withAccountSeconds(of: outcome.results))
        let stopDetail = Self.detail(of: outcome.stopReason)
        record(JournalEvent(kind: .runFinished, time: finished, detail: stopDetail))
        state.withLock { $0.closed = true }

        var failures = writeProblems
        do { try journal.finish() } catch { failures.append("journal: \(error)") }
        do { try SummaryWriter(folder: folder).write(summary) } catch { failures.append("summary: \(error)") }
        do { try JUnitReportWriter(folder: folder).write(summary) } catch { failures.append("junit.xml: \(error)") }
        do { try HTMLReportWriter(folder: folder).write(summary, results: results) } catch { failures.append("report.html: \(error)") }
        do { try folder.markLatest() } catch { failures.append("latest: \(error)") }
        return Ending(results: results, summary: summary, stopDetail: stopDetail, writeFailures: failures)
    }

    /// The journal's `run-finished` detail for a batch that stopped for `reason` (or ran out).
    public static func detail(of reason: BatchOutcome.StopReason?) -> String {
        switch reason {
        case .signal(let number)?: "interrupted by signal \(number)"
        case .maxFailures(let limit)?: "stopped after \(limit) failures"
        case let reason?: reason.sentence
        case nil: "completed"
        }
    }

    /// Writes an account's JSON and Markdown reports.
    private func writeReport(_ result: AccountResult) {
        do {
            try reports.write(result)
        } catch {
            state.withLock { $0.problems.append("report of \(result.accountID): \(error)") }
        }
    }
}
