import Foundation
import Onboarding

/// The one message `onboard run --notify URL` posts when a run ends: a `text` line for a person
/// (what Slack's and Teams' incoming webhooks show) and the same facts as fields for a machine.
///
/// It holds counts, the run's id and folder, the failures by step (counts only), the stop
/// reason and the exit status: never an account's error message, a credential, a token, the
/// account list's content, or the URL it is posted to.
public struct RunNotice: Sendable, Hashable, Codable {
    /// How the run ended.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Every account connected and every row was valid (exit 0).
        case allConnected = "all-connected"
        /// Some accounts failed, were interrupted or were not started.
        case someUnfinished = "some-unfinished"
        /// Every valid row connected, but some rows were invalid.
        case invalidRows = "invalid-rows"
        /// Some reports or journal lines could not be written.
        case writeFailed = "write-failed"
        /// A signal stopped the run.
        case signaled
        /// The run stopped before any account (see `stage`).
        case notStarted = "not-started"
    }

    /// Where a run that started no account stopped.
    public enum Stage: String, Sendable, Hashable, Codable {
        /// The account list is missing, unreadable or not a list.
        case accountList = "account-list"
        /// Another onboard holds the reports folder's lock.
        case reportsLocked = "reports-locked"
        /// The reports folder or the run folder cannot be made or written.
        case reportsFolder = "reports-folder"
        /// The run to resume does not exist.
        case resume
        /// A run of the name `--run-id` gave exists already.
        case runNameTaken = "run-name-taken"
        /// The operator's AWS credentials could not be had.
        case operatorCredentials = "operator-credentials"
        /// The preflight failed (the operator's credentials or a Spot token do not work).
        case preflight

        /// Words for the text line.
        var words: String {
            switch self {
            case .accountList: "the account list could not be read"
            case .reportsLocked: "another onboard holds the reports folder"
            case .reportsFolder: "the reports folder could not be written"
            case .resume: "the run to resume was not found"
            case .runNameTaken: "a run of that name exists already (finish it with --resume)"
            case .operatorCredentials: "the operator's AWS credentials could not be had"
            case .preflight: "the preflight failed"
            }
        }
    }

    /// Failed accounts at one step.
    public struct StepFailures: Sendable, Hashable, Codable {
        /// The step (`login`, `cur`, `stack`, …).
        public var step: WorkflowStep
        /// How many accounts failed there.
        public var accounts: Int
    }

    /// The layout's version.
    public var schemaVersion = 1
    /// What this message is: always `onboard.run.finished`.
    public var event = "onboard.run.finished"
    /// One line for a person: the run, the counts, the exit status, the folder.
    public var text: String
    /// The run's id; `nil` when it stopped before its folder was made.
    public var runID: String?
    /// The run's folder (`Reports/<run-id>`); `nil` as for `runID`.
    public var folder: String?
    /// How the run ended.
    public var outcome: Outcome
    /// Where a run that started no account stopped; `nil` for one that ran.
    public var stage: Stage?
    /// The process's exit status.
    public var exitStatus: Int32
    /// Accounts by how they ended; `nil` for a run that started no account.
    public var counts: BatchSummary.Counts?
    /// The failed accounts by the step that failed, in workflow order.
    public var failuresByStep: [StepFailures]
    /// Why the batch stopped starting accounts early, when it did.
    public var stopReason: String?
    /// When the run started; `nil` for a run that started no account.
    public var started: Date?
    /// When the run ended.
    public var finished: Date?

    /// The notice of a run that ended as `summary` says, in `folder`, as `disposition`
    /// decided, exiting with `exitStatus`.
    public init(summary: BatchSummary, folder: String, disposition: RunDisposition, exitStatus: Int32) {
        runID = summary.runID
        self.folder = folder
        outcome = switch disposition {
        case .allConnected: .allConnected
        case .someUnfinished: .someUnfinished
        case .invalidRows: .invalidRows
        case .writeFailed: .writeFailed
        case .signaled: .signaled
        }
        self.exitStatus = exitStatus
        counts = summary.counts
        failuresByStep = summary.failuresByStep.map { StepFailures(step: $0.step, accounts: $0.accounts.count) }
        stopReason = summary.stopReason
        started = summary.started
        finished = summary.finished
        let counts = summary.counts
        var line = "onboard run \(summary.runID): \(counts.connected) connected, \(counts.failed) failed"
        if !failuresByStep.isEmpty {
            line += " (" + failuresByStep.map { "\($0.step.rawValue): \($0.accounts)" }.joined(separator: ", ") + ")"
        }
        line += ", \(counts.notStarted) not started, \(counts.interrupted) interrupted of \(counts.total)"
        if counts.invalid > 0 { line += "; \(counts.invalid) invalid row\(counts.invalid == 1 ? "" : "s")" }
        if let stopReason = summary.stopReason { line += "; stopped early: \(stopReason)" }
        line += "; exit \(exitStatus); reports in \(folder)"
        text = Self.escapedForChat(line)
    }

    /// The notice of a run that stopped at `stage` before any account, exiting with
    /// `exitStatus`; `runID` when it was known (a `--resume` or `--run-id`).
    public init(notStartedAt stage: Stage, runID: String?, exitStatus: Int32, at date: Date) {
        self.runID = runID
        outcome = .notStarted
        self.stage = stage
        self.exitStatus = exitStatus
        failuresByStep = []
        finished = date
        let name = runID.map { " \($0)" } ?? ""
        text = Self.escapedForChat("onboard run\(name) stopped before any account: \(stage.words); exit \(exitStatus) (see its log)")
    }

    /// `text` with `&`, `<` and `>` as entities: Slack reads `<…>` as a link or mention and
    /// asks for these three to be escaped in message text (its "Formatting text" guide); Teams
    /// shows the entities as the characters.
    static func escapedForChat(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The notice as the compact JSON body posted (UTF-8, keys sorted, dates in ISO 8601).
    public func body() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case event, text
        case runID = "run_id"
        case folder, outcome, stage
        case exitStatus = "exit_status"
        case counts
        case failuresByStep = "failures_by_step"
        case stopReason = "stop_reason"
        case started, finished
    }

    /// Every key is written, `null` for what is not known, so a consumer sees one layout.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(event, forKey: .event)
        try container.encode(text, forKey: .text)
        try container.encode(runID, forKey: .runID)
        try container.encode(folder, forKey: .folder)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(stage, forKey: .stage)
        try container.encode(exitStatus, forKey: .exitStatus)
        try container.encode(counts, forKey: .counts)
        try container.encode(failuresByStep, forKey: .failuresByStep)
        try container.encode(stopReason, forKey: .stopReason)
        try container.encode(started, forKey: .started)
        try container.encode(finished, forKey: .finished)
    }
}
