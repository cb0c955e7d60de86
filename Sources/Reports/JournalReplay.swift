import Onboarding

/// Where a run stood, rebuilt from its journal: what `--resume` continues from.
///
/// An account with an `account-finished` event (connected or failed) is finished and is not
/// redone. An account with completed steps but no result was interrupted: it continues after
/// its last completed step, with the outputs recorded after that step. An account whose
/// result says it was not started counts as untouched. Events are applied in order, so a later
/// run's events (a resumed run) win over an earlier run's.
public struct JournalReplay: Sendable, Hashable {
    /// Accounts named by the journal, in the order it first names them.
    public var accountIDs: [String]
    /// Finished accounts (connected or failed) and their results, by account id.
    public var finished: [String: AccountResult]
    /// Interrupted accounts, by account id.
    public var interrupted: [String: Interrupted]
    /// How many runs (the first and each resume) the journal records.
    public var runsStarted: Int
    /// Whether the last run recorded its end; `false` when it was killed.
    public var lastRunFinished: Bool
    /// The last run's `run-finished` detail (completed, interrupted by a signal, …).
    public var lastRunFinishedDetail: String?

    /// The replay of `events`, in the order they were appended.
    public init(events: [JournalEvent]) {
        var order: [String] = []
        var states: [String: State] = [:]
        runsStarted = 0
        lastRunFinished = false
        lastRunFinishedDetail = nil
        for event in events {
            switch event.kind {
            case .runStarted:
                runsStarted += 1
                lastRunFinished = false
                lastRunFinishedDetail = nil
            case .runFinished:
                lastRunFinished = true
                lastRunFinishedDetail = event.detail
            case .stepFinished, .accountFinished:
                guard let accountID = event.accountID ?? event.result?.accountID else { continue }
                if states[accountID] == nil {
                    order.append(accountID)
                    states[accountID] = State()
                }
                states[accountID]!.apply(event)
            }
        }
        accountIDs = order
        var finished: [String: AccountResult] = [:]
        var interrupted: [String: Interrupted] = [:]
        for (accountID, state) in states {
            if let result = state.result {
                finished[accountID] = result
            } else if !state.steps.isEmpty || state.outputs != nil {
                interrupted[accountID] = Interrupted(
                    accountID: accountID,
                    completedSteps: WorkflowStep.allCases.compactMap { state.steps[$0] },
                    outputs: state.outputs ?? AccountOutputs())
            }
        }
        self.finished = finished
        self.interrupted = interrupted
    }

    /// Whether `accountID` is finished (and must not be redone).
    public func isFinished(_ accountID: String) -> Bool { finished[accountID] != nil }

    /// Where an interrupted account continues; `nil` for an account finished or never started.
    public func resumePoint(for accountID: String) -> ResumePoint? { interrupted[accountID]?.resumePoint }

    /// One account's state while the events are applied.
    private struct State {
        var steps: [WorkflowStep: StepRecord] = [:]
        var outputs: AccountOutputs?
        var result: AccountResult?

        mutating func apply(_ event: JournalEvent) {
            switch event.kind {
            case .stepFinished:
                if let result {
                    // A later run took the finished account up again: continue from its result.
                    reopen(from: result)
                }
                if let record = event.record {
                    switch record.status {
                    case .succeeded, .attention:
                        steps[record.step] = record
                    case .resumed:
                        if steps[record.step] == nil { steps[record.step] = record }
                    case .failed:
                        steps[record.step] = nil
                    }
                }
                if let outputs = event.outputs { self.outputs = outputs }
            case .accountFinished:
                guard let result = event.result, result.status != .notStarted else { return }
                reopen(from: result)
                self.result = result
            case .runStarted, .runFinished:
                return
            }
        }

        private mutating func reopen(from result: AccountResult) {
            steps = [:]
            for record in result.steps where record.status != .failed { steps[record.step] = record }
            outputs = result.outputs
            self.result = nil
        }
    }
}
