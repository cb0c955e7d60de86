import BatchRunner
import Foundation
import Logging
import Onboarding
import Reports

/// Writes what the batch does as it happens: the journal (appended and flushed per event), the
/// per-account reports (atomic), and the progress display.
final class RunRecorder: BatchEvents, @unchecked Sendable {
    let folder: RunFolder
    private let journal: RunJournal
    private let reports: AccountReportWriter
    private let progress: ProgressDisplay
    private let logger: Logger
    private let lock = NSLock()
    private var problems: [String] = []
    private var closed = false

    init(folder: RunFolder, journal: RunJournal, progress: ProgressDisplay, logger: Logger) {
        self.logger = logger
        self.folder = folder
        self.journal = journal
        reports = AccountReportWriter(folder: folder)
        self.progress = progress
    }

    /// Write failures seen (the batch goes on; the run ends non-zero).
    var writeProblems: [String] { lock.withLock { problems } }

    /// Ends recording: what an account let go after the stop's grace still does is not
    /// recorded (the journal is about to be closed; resume looks at the clouds again).
    func close() {
        lock.withLock { closed = true }
    }

    func record(_ event: JournalEvent) {
        guard !lock.withLock({ closed }) else { return }
        do {
            try journal.append(event)
        } catch {
            lock.withLock { problems.append("journal: \(error)") }
        }
    }

    func accountStarted(_ accountID: String) {
        progress.accountStarted(accountID)
    }

    func stepFinished(_ accountID: String, record: StepRecord, outputs: AccountOutputs) {
        self.record(JournalEvent(kind: .stepFinished, time: Date(), accountID: accountID, record: record, outputs: outputs))
        logger.debug(
            "\(record.step.rawValue) \(record.status.rawValue): \(record.detail)",
            metadata: ["account": "\(accountID)", "seconds": "\(String(format: "%.2f", record.duration))"])
    }

    func outputsRecorded(_ accountID: String, outputs: AccountOutputs) {
        // A step-finished line without a record: the outputs so far, mid-step (the replay
        // takes them up for the interrupted account).
        record(JournalEvent(kind: .stepFinished, time: Date(), accountID: accountID, outputs: outputs))
    }

    func accountFinished(_ result: AccountResult) {
        writeReport(result)
        record(JournalEvent(kind: .accountFinished, time: Date(), accountID: result.accountID, result: result))
        let detail = result.status == .connected
            ? "connected (Spot account \(result.outputs.spotAccountID ?? "-"))"
            : "failed at \(result.error?.step.rawValue ?? "?"): \(result.error?.code.rawValue ?? "") \(result.error?.message ?? "")"
        progress.accountFinished(result.accountID, failed: result.status == .failed, detail: detail)
    }

    func accountInterrupted(_ accountID: String) {
        progress.accountInterrupted(accountID)
    }

    /// Writes an account's JSON and Markdown reports.
    func writeReport(_ result: AccountResult) {
        do {
            try reports.write(result)
        } catch {
            lock.withLock { problems.append("report of \(result.accountID): \(error)") }
        }
    }
}
