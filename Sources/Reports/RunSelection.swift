import AccountList
import Onboarding

/// Which accounts of the list a run works, and where each starts: new ones from the beginning,
/// those a resumed run left midway from their last completed step, and those it finished kept
/// as they are (with `--only-failed`, its failures are run again and nothing else).
public struct RunSelection: Sendable {
    /// Accounts to run, in the list's order.
    public var toRun: [PayerAccount] = []
    /// Results kept from the run being resumed, by account id.
    public var kept: [String: AccountResult] = [:]
    /// Where interrupted accounts continue, by account id.
    public var resumePoints: [String: ResumePoint] = [:]

    /// The selection from the list's `accounts` and what the journal of run `runID` holds
    /// (`previous`: empty for a new run).
    public init(accounts: [PayerAccount], previous: JournalReplay, onlyFailed: Bool, runID: String) {
        for account in accounts {
            let id = account.accountID
            if let finished = previous.finished[id] {
                if onlyFailed && finished.status == .failed {
                    toRun.append(account)
                } else if finished.status.endedAsAsked || finished.status == .failed {
                    kept[id] = finished
                } else {
                    toRun.append(account)
                }
            } else if onlyFailed {
                // Not failed in that run (never finished): left for a plain --resume.
                kept[id] = .notStarted(
                    account, reason: "not finished in run \(runID); finish it with --resume (without --only-failed)")
            } else {
                if let point = previous.interrupted[id] {
                    resumePoints[id] = ResumePoint(completed: point.completedSteps, outputs: point.outputs)
                }
                toRun.append(account)
            }
        }
    }
}
