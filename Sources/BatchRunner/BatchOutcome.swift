import Onboarding

/// How a batch ended.
public struct BatchOutcome: Sendable {
    /// Why the runner stopped starting accounts, if it did.
    public enum StopReason: Sendable, Hashable {
        /// `--max-failures` was reached.
        case maxFailures(Int)
        /// A signal (SIGINT, SIGTERM) asked it to stop.
        case signal(Int32)
    }

    /// Every account of the batch, in the list's order: finished, or `not-started`.
    public var results: [AccountResult]
    /// Accounts interrupted mid-workflow by a stop (resumable), in the list's order.
    public var interrupted: [String]
    public var stopReason: StopReason?
}
