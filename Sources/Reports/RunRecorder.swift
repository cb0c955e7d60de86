import AccountList
import BatchRunner
import Dispatch
import Foundation
import Onboarding
import Synchronization

/// Writes what a run does as it happens, then how it ended: the journal (appended per event;
/// see `RunJournal` for what is flushed when), the per-account reports (atomic), and at the end
/// the reports of accounts that did not finish, the summary (JSON, CSV, Markdown), junit.xml,
/// report.html and `latest`. Every event is passed on to `display` (the progress line) after it is recorded.
///
/// A finished account's reports and journal line are written on the recorder's own queue, not
/// the caller's (the batch's admission queue must not wait on the disk): accounts that finish
/// while a write is under way are written next, together, their flushes shared. `finish` waits
/// for them. A run killed before they are written resumes those accounts, as it would had it been
/// killed a moment before they finished.
///
/// Once written, a finished account is kept in short (its `BatchSummary.Account`), and whole
/// only when the `notable` rule picks it (what the command prints in full): the recorder's memory
/// grows by a few hundred bytes per account, not by its whole result. `report.html` reads each
/// account's steps back from its report as the page is written.
public final class RunRecorder: BatchEvents {
    /// The run folder written.
    public let folder: RunFolder
    private let journal: RunJournal
    private let reports: AccountReportWriter
    private let display: any BatchEvents
    private let notable: @Sendable (AccountResult) -> Bool

    private struct State {
        var problems: [String] = []
        var closed = false
        /// Finished accounts waiting for `writer`.
        var finishing: [AccountResult] = []
        /// Every account this run finished and wrote, in short, by account id.
        var finished: [String: BatchSummary.Account] = [:]
        /// The whole results of the finished accounts `notable` picked, by account id.
        var notable: [String: AccountResult] = [:]
        /// The finished accounts' seconds in flight, summed.
        var accountSeconds: Double = 0
    }

    /// Writes finished accounts' reports and journal lines, in the order they finished.
    private let writer = DispatchQueue(label: "onboard.run-recorder")

    private let state = Mutex(State())

    /// A recorder of the run in `folder`, journaling to `journal` and passing every event on to
    /// `display`; `notable` picks the accounts whose whole result `finish` hands back
    /// (``Ending/notable``: what the command prints of each), the others being kept in short.
    public init(
        folder: RunFolder, journal: RunJournal, display: any BatchEvents,
        notable: @escaping @Sendable (AccountResult) -> Bool = { _ in false }
    ) {
        self.folder = folder
        self.journal = journal
        reports = AccountReportWriter(folder: folder)
        self.display = display
        self.notable = notable
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
        let first = state.withLock { state in
            state.finishing.append(result)
            return state.finishing.count == 1
        }
        if first { writer.async { self.writeFinished() } }
    }

    /// On `writer`: the reports, then the journal lines (one shared flush), of every account
    /// that finished since the last call, then the display.
    private func writeFinished() {
        let batch = state.withLock { state in
            defer { state.finishing = [] }
            return state.finishing
        }
        guard !batch.isEmpty else { return }
        writeReports(batch)
        state.withLock { state in
            for result in batch {
                state.finished[result.accountID] = BatchSummary.Account(result)
                if notable(result) { state.notable[result.accountID] = result }
                state.accountSeconds += RunTimeSpent.accountSeconds(of: result)
            }
        }
        let now = Date()
        let events = batch.map { JournalEvent(kind: .accountFinished, time: now, accountID: $0.accountID, result: $0) }
        if !state.withLock({ $0.closed }) {
            do {
                try journal.append(contentsOf: events)
            } catch {
                state.withLock { $0.problems.append("journal: \(error)") }
            }
        }
        for result in batch { display.accountFinished(result) }
    }

    public func accountInterrupted(_ accountID: String) {
        display.accountInterrupted(accountID)
    }

    /// How a run ended, once everything is written.
    public struct Ending: Sendable {
        /// The whole results of the accounts the recorder's `notable` rule picked, in the list's
        /// order (kept from the resumed run, or this run's); every account is in `summary`, in short.
        public var notable: [AccountResult]
        /// Every account of the list, in its order (`accounts`): kept from the resumed run, or this run's.
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
        writer.sync {}  // every finished account's reports and journal line first
        writeReports(outcome.unfinished)
        let unfinished = Dictionary(outcome.unfinished.map { ($0.accountID, $0) }, uniquingKeysWith: { first, _ in first })
        let (finishedHere, notableHere, secondsHere) = state.withLock { ($0.finished, $0.notable, $0.accountSeconds) }
        var inShort: [BatchSummary.Account] = []
        var notable: [AccountResult] = []
        inShort.reserveCapacity(accounts.count)
        for account in accounts {
            let id = account.accountID
            if let result = selection.kept[id] ?? unfinished[id] {
                inShort.append(BatchSummary.Account(result))
                if self.notable(result) { notable.append(result) }
            } else if let finished = finishedHere[id] {
                inShort.append(finished)
                if let whole = notableHere[id] { notable.append(whole) }
            }
        }
        let seconds = outcome.unfinished.reduce(secondsHere) { $0 + RunTimeSpent.accountSeconds(of: $1) }
        let summary = BatchSummary(
            runID: folder.runID, accountList: accountList, started: started, finished: finished, accounts: inShort,
            invalidRows: invalidRows, stopReason: outcome.stopReason?.sentence,
            timeSpent: timeSpent?.withAccountSeconds(seconds))
        let stopDetail = Self.detail(of: outcome.stopReason)
        record(JournalEvent(kind: .runFinished, time: finished, detail: stopDetail))
        state.withLock { $0.closed = true }

        var failures = writeProblems
        do { try journal.finish() } catch { failures.append("journal: \(error)") }
        do { try SummaryWriter(folder: folder).write(summary) } catch { failures.append("summary: \(error)") }
        do { try JUnitReportWriter(folder: folder).write(summary) } catch { failures.append("junit.xml: \(error)") }
        do { try HTMLReportWriter(folder: folder).write(
                summary, readingReportsBesides: unfinished.merging(selection.kept) { first, _ in first }) } catch {
            failures.append("report.html: \(error)")
        }
        do { try folder.markLatest() } catch { failures.append("latest: \(error)") }
        return Ending(notable: notable, summary: summary, stopDetail: stopDetail, writeFailures: failures)
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

    /// Writes the accounts' JSON and Markdown reports together; when that fails, one account
    /// at a time, so each failure names its account and the others are still written.
    private func writeReports(_ results: [AccountResult]) {
        guard !results.isEmpty else { return }
        do {
            try reports.write(results)
            return
        } catch where results.count > 1 {
        } catch {
            state.withLock { $0.problems.append("report of \(results[0].accountID): \(error)") }
            return
        }
        for result in results { writeReports([result]) }
    }
}
