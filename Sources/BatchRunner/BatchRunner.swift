import AccountList
import Dispatch
import Foundation
import Onboarding

/// Runs the workflow for every account of a batch on Dispatch: at most `concurrency` accounts in
/// flight, admission on a serial queue, completion tracked by a group. No thread waits on the
/// network or a timer: each account's workflow awaits callbacks and timers, and the runner reacts
/// to its end on its queue.
public final class BatchRunner: @unchecked Sendable {
    /// How the batch runs.
    public struct Configuration: Sendable {
        /// Accounts in flight at once.
        public var concurrency: Int = 16
        /// Stop starting accounts after this many failures (nil: never).
        public var maxFailures: Int?
        /// After a stop, how long in-flight accounts get to reach a safe point, in seconds.
        public var stopGrace: Double = 30

        public init(concurrency: Int = 16, maxFailures: Int? = nil) {
            self.concurrency = concurrency
            self.maxFailures = maxFailures
        }
    }

    public let configuration: Configuration
    private let workflow: AccountWorkflow
    private let events: any BatchEvents
    private let queue = DispatchQueue(label: "onboard.batch-runner")
    private let group = DispatchGroup()

    // State, on `queue` only.
    private var accounts: [PayerAccount] = []
    private var resumePoints: [String: ResumePoint] = [:]
    private var next = 0
    private var inFlight = 0
    private var failures = 0
    private var results: [String: AccountResult] = [:]
    private var interrupted: Set<String> = []
    private var stopReason: BatchOutcome.StopReason?
    private let stopFlag = StopFlag()

    public init(configuration: Configuration, workflow: AccountWorkflow, events: any BatchEvents) {
        self.configuration = configuration
        self.workflow = workflow
        self.events = events
    }

    /// Runs `accounts` (resuming those with a resume point), then calls `completion` once on a
    /// Dispatch worker with the outcome.
    public func run(
        _ accounts: [PayerAccount], resume: [String: ResumePoint] = [:],
        completion: @escaping @Sendable (BatchOutcome) -> Void
    ) {
        queue.async { [self] in
            self.accounts = accounts
            resumePoints = resume
            group.enter()  // held until admission ends, so an empty batch still completes
            admit()
            group.notify(queue: queue) { [self] in completion(outcome()) }
        }
    }

    /// Stops starting accounts; those in flight stop at their next safe point (between steps),
    /// and after `stopGrace` seconds the batch ends without them.
    public func stop(signal: Int32) {
        stopFlag.set()
        queue.async { [self] in
            if stopReason == nil { stopReason = .signal(signal) }
            finishAdmission()
            queue.asyncAfter(deadline: .now() + configuration.stopGrace) { [self] in
                // Whatever is still in flight is left to the journal: resume continues it.
                while inFlight > 0 {
                    inFlight -= 1
                    group.leave()
                }
            }
        }
    }

    // MARK: - On `queue`

    private var admissionOpen = true

    private func admit() {
        while admissionOpen && inFlight < max(1, configuration.concurrency) && next < accounts.count {
            if let limit = configuration.maxFailures, failures >= limit {
                if stopReason == nil { stopReason = .maxFailures(limit) }
                stopFlag.set()
                break
            }
            let account = accounts[next]
            next += 1
            inFlight += 1
            group.enter()
            start(account)
        }
        if next >= accounts.count || stopFlag.isSet { finishAdmission() }
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
        let resume = resumePoints[account.accountID]
        events.accountStarted(account.accountID)
        Task {
            let result = await workflow.run(
                account, resume: resume, shouldStop: { stopFlag.isSet },
                observer: { record, outputs in events.stepFinished(account.accountID, record: record, outputs: outputs) })
            queue.async { [self] in finished(account, result) }
        }
    }

    private func finished(_ account: PayerAccount, _ result: AccountResult?) {
        guard results[account.accountID] == nil, !interrupted.contains(account.accountID) else { return }
        if let result {
            results[account.accountID] = result
            if result.status == .failed { failures += 1 }
            events.accountFinished(result)
        } else {
            interrupted.insert(account.accountID)
            events.accountInterrupted(account.accountID)
        }
        guard inFlight > 0 else { return }  // the grace period already let it go
        inFlight -= 1
        admit()
        group.leave()
    }

    private func outcome() -> BatchOutcome {
        let reason = stopReason.map { reason -> String in
            switch reason {
            case .maxFailures(let limit): "the batch stopped after \(limit) failures (--max-failures)"
            case .signal: "the run was interrupted; resume it with --resume"
            }
        } ?? "the batch ended before it"
        var ordered: [AccountResult] = []
        var stopped: [String] = []
        for account in accounts {
            if let result = results[account.accountID] {
                ordered.append(result)
            } else if interrupted.contains(account.accountID) || resumePoints[account.accountID] != nil && stopReason != nil {
                stopped.append(account.accountID)
                ordered.append(.notStarted(account, reason: "interrupted mid-workflow; resume it with --resume"))
            } else {
                ordered.append(.notStarted(account, reason: reason))
            }
        }
        return BatchOutcome(results: ordered, interrupted: stopped, stopReason: stopReason)
    }
}

/// A flag set once from any thread, read from any thread.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
