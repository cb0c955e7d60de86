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
        var builder = Builder()
        var problems = contents.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) }[...]
        for (line, event) in zip(contents.lines, contents.events) {
            while let next = problems.first, (next.line ?? 0) < line {
                builder.add(next)
                problems = problems.dropFirst()
            }
            builder.add(event, line: line)
        }
        problems.forEach { builder.add($0) }
        self = builder.replay()
    }

    /// The replay of `events`, in the order they were appended (checked as `init(contents:)`
    /// does; a problem's `line` is then `nil`).
    public init(events: [JournalEvent]) {
        var builder = Builder()
        for event in events { builder.add(event, line: nil) }
        self = builder.replay()
    }

    /// The replay of `folder`'s journal, read a part at a time and applied as it is read
    /// (`RunJournal.readEach`): what it keeps is each account's state, not the journal's
    /// lines, so a long run's journal (about 13 KB an account) is never all in memory.
    ///
    /// - Throws: `ReportReadError` when the journal cannot be read.
    public static func read(folder: RunFolder) throws -> JournalReplay {
        var builder = Builder()
        _ = try RunJournal.readEach(
            folder: folder, event: { line, event in builder.add(event, line: line) }, problem: { builder.add($0) })
        return builder.replay()
    }

    /// A replay built an event at a time, in the journal's order.
    struct Builder {
        private var order: [String] = []
        private var named: Set<String> = []
        private var states: [String: State] = [:]
        /// Problems with a line, in line order; then those without (events given without lines).
        private var problems: [JournalProblem] = []
        private var unlinedProblems: [JournalProblem] = []
        private var runsStarted = 0
        private var lastRunFinished = false
        private var lastRunFinishedDetail: String?

        private mutating func name(_ accountID: String) {
            if named.insert(accountID).inserted { order.append(accountID) }
        }

        /// A line that is not an event of this run: its accounts are named now (in the
        /// journal's order) and distrusted at the end.
        mutating func add(_ problem: JournalProblem) {
            if problem.line == nil {
                unlinedProblems.append(problem)
            } else {
                problems.append(problem)
                problem.accountIDs.forEach { name($0) }
            }
        }

        /// The next event (on `line`, when read from a file), checked first.
        mutating func add(_ event: JournalEvent, line: Int?) {
            if let problem = JournalValidation.problem(of: event, line: line) {
                add(problem)
                return
            }
            switch event.kind {
            case .runStarted:
                runsStarted += 1
                lastRunFinished = false
                lastRunFinishedDetail = nil
            case .runFinished:
                lastRunFinished = true
                lastRunFinishedDetail = event.detail
            case .stepFinished, .accountFinished:
                guard let accountID = event.accountID ?? event.result?.accountID else { return }
                name(accountID)
                // Applied even for an account a problem will distrust: its state is dropped at
                // the end, which leaves every other account's as if it had been skipped.
                states[accountID, default: State()].apply(event)
            }
        }

        /// The replay of every event and problem added.
        func replay() -> JournalReplay {
            var order = order
            var named = named
            for problem in unlinedProblems {
                for accountID in problem.accountIDs where named.insert(accountID).inserted { order.append(accountID) }
            }
            let problems = unlinedProblems + problems
            let distrusted = Set(problems.flatMap(\.accountIDs))
            var finished: [String: AccountResult] = [:]
            var interrupted: [String: Interrupted] = [:]
            for (accountID, state) in states where !distrusted.contains(accountID) {
                if let result = state.result {
                    finished[accountID] = result
                } else if !state.steps.isEmpty || state.outputs != nil {
                    interrupted[accountID] = Interrupted(
                        accountID: accountID,
                        completedSteps: WorkflowStep.allCases.compactMap { state.steps[$0] },
                        outputs: state.outputs ?? AccountOutputs())
                }
            }
            return JournalReplay(
                accountIDs: order, finished: finished, interrupted: interrupted, runsStarted: runsStarted,
                lastRunFinished: lastRunFinished, lastRunFinishedDetail: lastRunFinishedDetail, problems: problems,
                distrusted: distrusted)
        }
    }

    private init(
        accountIDs: [String], finished: [String: AccountResult], interrupted: [String: Interrupted], runsStarted: Int,
        lastRunFinished: Bool, lastRunFinishedDetail: String?, problems: [JournalProblem], distrusted: Set<String>
    ) {
        self.accountIDs = accountIDs
        self.finished = finished
        self.interrupted = interrupted
        self.runsStarted = runsStarted
        self.lastRunFinished = lastRunFinished
        self.lastRunFinishedDetail = lastRunFinishedDetail
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
                // The result alone: its steps and outputs are taken up again (`reopen`) only
                // if a later run continues the account.
                steps = [:]
                outputs = nil
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
