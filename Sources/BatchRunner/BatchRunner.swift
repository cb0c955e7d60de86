import AccountList
import Dispatch
import Foundation
import Onboarding
import Synchronization

/// Runs a workflow (``BatchWorkflow``: onboarding or offboarding) for every account of a batch on Dispatch: at most `concurrency` accounts in
/// flight, admission on a serial queue, completion tracked by a group. No thread waits on the
/// network or a timer: each account's workflow is async (requests and sleeps), and the runner reacts
/// to its end on its queue.
///
/// A finished account's result goes to `events` (``BatchEvents/accountFinished(_:)``) and is not
/// kept: the runner holds only which accounts finished, so its memory does not grow with the
/// list (an account's result is several kilobytes; a list may hold tens of thousands).
///
/// `@unchecked Sendable`: every mutable property is read and written on `queue` only (the
/// stop flag has its own lock).
public final class BatchRunner: @unchecked Sendable {
    /// How the batch runs.
    public struct Configuration: Sendable {
        /// Accounts in flight at once.
        public var concurrency: Int = 16
        /// Stop starting accounts after this many failures (nil: never).
        public var maxFailures: Int?
        /// After a stop, how long in-flight accounts get to reach a safe point, in seconds.
        public var stopGrace: Double = 30
        /// Asked before each account starts; a reason stops admission (nil: nothing asked).
        public var gate: (any AdmissionGate)?

        public init(concurrency: Int = 16, maxFailures: Int? = nil, gate: (any AdmissionGate)? = nil) {
            self.concurrency = concurrency
            self.maxFailures = maxFailures
            self.gate = gate
        }
    }

    public let configuration: Configuration
    private let workflow: any BatchWorkflow
    private let events: any BatchEvents
    private let queue = DispatchQueue(label: "onboard.batch-runner")
    private let group = DispatchGroup()

    /// What an account in flight has done so far (its completed steps and outputs).
    private struct Progress {
        var started: Date
        var completed: [StepRecord]
        var outputs: AccountOutputs
    }

    // State, on `queue` only.
    private var accounts: [PayerAccount] = []
    private var resumePoints: [String: ResumePoint] = [:]
    private var next = 0
    private var inFlight = 0
    private var failures = 0
    /// Accounts whose workflow ended with a result (given to `events`, not kept).
    private var finishedIDs: Set<String> = []
    /// Accounts the stop's grace let go, as interrupted.
    private var releasedResults: [String: AccountResult] = [:]
    private var progress: [String: Progress] = [:]
    /// Each account's workflow task while it runs: cancelled when the stop's grace lets it go.
    private var tasks: [String: Task<Void, Never>] = [:]
    private var stopReason: BatchOutcome.StopReason?
    private var admissionOpen = false
    private var ran = false
    private let stopFlag = StopFlag()
    /// Accounts the stop's grace let go: what they still do is neither reported nor journaled.
    private let released = ReleasedAccounts()

    public init(configuration: Configuration, workflow: any BatchWorkflow, events: any BatchEvents) {
        self.configuration = configuration
        self.workflow = workflow
        self.events = events
    }

    /// Runs `accounts` (resuming those with a resume point), then calls `completion` once on a
    /// Dispatch worker with the outcome. A stop that came before starts none of them.
    public func run(
        _ accounts: [PayerAccount], resume: [String: ResumePoint] = [:],
        completion: @escaping @Sendable (BatchOutcome) -> Void
    ) {
        queue.async { [self] in
            precondition(!ran, "a BatchRunner runs one batch")
            ran = true
            self.accounts = accounts
            resumePoints = resume
            group.enter()  // held until admission ends, so an empty batch still completes
            admissionOpen = true
            if stopFlag.isSet { finishAdmission() } else { admit() }
            group.notify(queue: queue) { [self] in completion(outcome()) }
        }
    }

    /// Stops starting accounts; those in flight stop at their next safe point (between steps),
    /// and after `stopGrace` seconds the batch ends without them. Safe before `run`.
    public func stop(signal: Int32) {
        stopFlag.set()
        queue.async { [self] in
            if stopReason == nil { stopReason = .signal(signal) }
            finishAdmission()
            queue.asyncAfter(deadline: .now() + configuration.stopGrace) { [self] in
                // Whatever is still in flight is left to the journal: resume continues it.
                for account in accounts[..<next] where !hasEnded(account.accountID) {
                    released.insert(account.accountID)
                    releasedResults[account.accountID] = interrupted(account)
                    events.accountInterrupted(account.accountID)
                    // Its sleeps and requests end now: nothing it does is recorded any more.
                    tasks.removeValue(forKey: account.accountID)?.cancel()
                }
                while inFlight > 0 {
                    inFlight -= 1
                    group.leave()
                }
            }
        }
    }

    // MARK: - On `queue`

    private func admit() {
        while admissionOpen && inFlight < max(1, configuration.concurrency) && next < accounts.count {
            if let limit = configuration.maxFailures, failures >= limit {
                if stopReason == nil { stopReason = .maxFailures(limit) }
                stopFlag.set()
                break
            }
            if let reason = configuration.gate?.stopReason() {
                if stopReason == nil { stopReason = reason }
                break
            }
            let account = accounts[next]
            next += 1
            inFlight += 1
            group.enter()
            start(account)
        }
        if next >= accounts.count || stopFlag.isSet || stopReason != nil { finishAdmission() }
    }

    private func finishAdmission() {
        guard admissionOpen else { return }
        admissionOpen = false
        group.leave()
    }

    private func start(_ account: PayerAccount) {
        let workflow = workflow
        let events = events
        let stopFlag = stopFlag
        let id = account.accountID
        let resume = resumePoints[id]
        let released = released
        let isReleased: @Sendable () -> Bool = { released.contains(id) }
        progress[id] = Progress(
            started: Date(), completed: (resume?.completed ?? []).filter { $0.status != .failed },
            outputs: resume?.outputs ?? AccountOutputs())
        events.accountStarted(id)
        tasks[id] = Task {
            let result = await workflow.run(
                account, resume: resume, shouldStop: { stopFlag.isSet },
                observer: { record, outputs in
                    guard !isReleased() else { return }
                    events.stepFinished(id, record: record, outputs: outputs)
                    self.queue.async { self.stepFinished(id, record, outputs) }
                },
                checkpoint: { outputs in
                    guard !isReleased() else { return }
                    events.outputsRecorded(id, outputs: outputs)
                    self.queue.async { self.progress[id]?.outputs = outputs }
                })
            queue.async { [self] in finished(account, result) }
        }
    }

    private func stepFinished(_ id: String, _ record: StepRecord, _ outputs: AccountOutputs) {
        guard record.status != .failed else { return }
        progress[id]?.completed.removeAll { $0.step == record.step }
        progress[id]?.completed.append(record)
        progress[id]?.outputs = outputs
    }

    private func finished(_ account: PayerAccount, _ result: AccountResult?) {
        let id = account.accountID
        tasks[id] = nil
        // Once the grace period let an account go, it is interrupted: what it does later is
        // in the journal only, for resume.
        guard !hasEnded(id) else { return }
        if let result {
            finishedIDs.insert(id)
            progress[id] = nil
            if result.status == .failed { failures += 1 }
            events.accountFinished(result)
        } else {
            releasedResults[id] = interrupted(account)
            events.accountInterrupted(id)
        }
        guard inFlight > 0 else { return }  // the grace period already let it go
        inFlight -= 1
        admit()
        group.leave()
    }

    /// `account` as interrupted: what it completed (here and in the run it resumed).
    private func interrupted(_ account: PayerAccount) -> AccountResult {
        let id = account.accountID
        let state = progress[id]
        let resume = resumePoints[id]
        return .interrupted(
            account, completed: state?.completed ?? (resume?.completed ?? []).filter { $0.status != .failed },
            outputs: state?.outputs ?? resume?.outputs ?? AccountOutputs(), started: state?.started, finished: Date())
    }

    /// Whether `id`'s workflow finished, or the stop's grace let it go.
    private func hasEnded(_ id: String) -> Bool {
        finishedIDs.contains(id) || releasedResults[id] != nil
    }

    private func outcome() -> BatchOutcome {
        let reason = stopReason?.sentence ?? "the batch ended before it"
        var unfinished: [AccountResult] = []
        var stopped: [String] = []
        for account in accounts {
            let id = account.accountID
            if finishedIDs.contains(id) { continue }
            if releasedResults[id] != nil || progress[id] != nil || resumePoints[id] != nil {
                // Stopped mid-workflow now, or left so by the run this one resumed.
                stopped.append(id)
                unfinished.append(releasedResults[id] ?? interrupted(account))
            } else {
                unfinished.append(.notStarted(account, reason: reason))
            }
        }
        return BatchOutcome(
            unfinished: unfinished, interrupted: stopped, finishedCount: finishedIDs.count, stopReason: stopReason)
    }
}

/// A flag set once from any thread, read from any thread.
final class StopFlag: Sendable {
    private let value = Mutex(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}

/// The accounts a stop's grace let go, readable from any thread.
final class ReleasedAccounts: Sendable {
    private let ids = Mutex<Set<String>>([])
    func insert(_ id: String) { ids.withLock { _ = $0.insert(id) } }
    func contains(_ id: String) -> Bool { ids.withLock { $0.contains(id) } }
}
