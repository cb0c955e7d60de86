import BatchRunner
import Onboarding

/// How a run ended, for its exit status: decided here once, from what the reports say.
public enum RunDisposition: Sendable, Hashable {
    /// Every account connected (or, for `offboard`, was offboarded or dry-run) and every row was valid.
    case allConnected
    /// Some accounts failed, were interrupted or were not started.
    case someUnfinished
    /// Every valid row's account connected, but some rows were invalid.
    case invalidRows
    /// Reports or journal lines could not be written: what the folder holds is incomplete.
    case writeFailed(count: Int)
    /// A signal stopped the run.
    case signaled(Int32)

    /// The disposition of a run that ended as `ending` says, after `stopReason`, with
    /// `invalidRows` invalid rows in its list. A signal comes first, then write failures, then
    /// unfinished accounts, then invalid rows.
    public init(_ ending: RunRecorder.Ending, stopReason: BatchOutcome.StopReason?, invalidRows: Int) {
        if case .signal(let number)? = stopReason {
            self = .signaled(number)
        } else if !ending.writeFailures.isEmpty {
            self = .writeFailed(count: ending.writeFailures.count)
        } else if ending.summary.accounts.contains(where: { !$0.status.endedAsAsked }) {
            self = .someUnfinished
        } else if invalidRows > 0 {
            self = .invalidRows
        } else {
            self = .allConnected
        }
    }
}
