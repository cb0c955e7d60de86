import Onboarding

/// Where a run stood, rebuilt from its journal: what `--resume` continues from.
///
/// An account with an `account-finished` event (connected or failed) is finished and is not
/// redone. An account with completed steps but no result was interrupted: it continues after
/// its last completed step, with the outputs recorded after that step. An account whose
/// result says it was not started counts as untouched. Events are applied in order, so a later
/// run's events (a resumed run) win over an earlier run's.
///
/// Nothing is taken on trust: every event is checked first (account ids of 12 digits, an
/// event's account id the same as its result's, a step record on a step event, a result the
/// workflow could have produced: a `connected` one with its Spot account, credentials
/// decision, roles and report; see `JournalProblem.Kind`). A line that fails, or that the
/// journal could not read as an event of this run, is a `problem`; every account it names is
/// `distrusted`: neither finished nor interrupted, so `--resume` runs it again from the start.
public struct JournalReplay: Sendable, Hashable {
    /// Accounts named by the journal, in the order it first names them (distrusted ones too).
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
    /// The lines not trusted, in journal order.
    public var problems: [JournalProblem]
    /// Accounts named by a line not trusted: run again from the start.
    public var distrusted: Set<String>

    /// The replay of what `RunJournal.read` found: its events checked with their line numbers,
    /// and its problems (lines that were not events of this run) kept.
    public init(contents: RunJournal.Contents) {
        self.init(entries: zip(contents.lines, contents.events).map { (line: Optional($0.0), event: $0.1) }, problems: contents.problems)
    }

    /// The replay of `events`, in the order they were appended (checked as `init(contents:)`
    /// does; a problem's `line` is then `nil`).
    public init(events: [JournalEvent]) {
        self.init(entries: events.map { (line: nil, event: $0) }, problems: [])
    }

    private init(entries: [(line: Int?, event: JournalEvent)], problems earlier: [JournalProblem]) {
        var problems = earlier
        var trusted: [(line: Int?, event: JournalEvent)] = []
        for entry in entries {
            if let problem = JournalValidation.problem(of: entry.event, line: entry.line) {
                problems.append(problem)
            } else {
                trusted.append(entry)
            }
        }
        problems = problems.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(\.element)
        let distrusted = Set(problems.flatMap(\.accountIDs))

        var order: [String] = []
        var named: Set<String> = []
        func name(_ accountID: String) {
            if named.insert(accountID).inserted { order.append(accountID) }
        }
        var states: [String: State] = [:]
        runsStarted = 0
        lastRunFinished = false
        lastRunFinishedDetail = nil
        var pending = problems.filter { $0.line != nil }[...]
        for entry in trusted {
            // Name the accounts of rejected lines in journal order, as they come.
            while let line = entry.line, let next = pending.first, next.line! < line {
                next.accountIDs.forEach(name)
                pending = pending.dropFirst()
            }
            let event = entry.event
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
                name(accountID)
                guard !distrusted.contains(accountID) else { continue }
                states[accountID, default: State()].apply(event)
            }
        }
        for problem in pending { problem.accountIDs.forEach(name) }
        for problem in problems where problem.line == nil { problem.accountIDs.forEach(name) }
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
        self.problems = problems
        self.distrusted = distrusted
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
