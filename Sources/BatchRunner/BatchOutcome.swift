import Onboarding

/// How a batch ended.
public struct BatchOutcome: Sendable {
    /// Why the runner stopped starting accounts, if it did.
    public enum StopReason: Sendable, Hashable {
        /// `--max-failures` was reached.
        case maxFailures(Int)
        /// A signal (SIGINT, SIGTERM) asked it to stop.
        case signal(Int32)
        /// Most calls to one service kept failing (see ``ServiceHealth``): `detail` says how.
        case serviceFailing(service: String, detail: String)
        /// A service refused the batch's credentials mid-run (HTTP 401: a revoked or expired
        /// Spot token); `detail` names which.
        case credentialsRejected(service: String, detail: String)

        /// The reason in a sentence, for the summary and the accounts it left unstarted.
        public var sentence: String {
            switch self {
            case .maxFailures(let limit):
                "the batch stopped after \(limit) failures (--max-failures)"
            case .signal(let number):
                "the run was interrupted by signal \(number); resume it with --resume"
            case .serviceFailing(let service, let detail):
                "the batch stopped starting accounts because most calls to \(service) kept failing (\(detail)); run again with --resume when it is back"
            case .credentialsRejected(let service, let detail):
                "the batch stopped starting accounts because \(service) refused its credentials (\(detail)); replace them and run again with --resume"
            }
        }
    }

    /// The accounts of the batch that did not finish, in the list's order: `interrupted`
    /// mid-workflow, or `not-started`. A finished account's result is not here: it went to
    /// ``BatchEvents/accountFinished(_:)`` when it finished, once.
    public var unfinished: [AccountResult]
    /// Accounts interrupted mid-workflow by a stop (resumable), in the list's order.
    public var interrupted: [String]
    /// How many accounts finished (their results given to ``BatchEvents/accountFinished(_:)``).
    public var finishedCount: Int
    /// Why the runner stopped starting accounts, if it did.
    public var stopReason: StopReason?

    /// An outcome: `unfinished` and `interrupted` in the list's order.
    public init(unfinished: [AccountResult], interrupted: [String], finishedCount: Int, stopReason: StopReason?) {
        self.unfinished = unfinished
        self.interrupted = interrupted
        self.finishedCount = finishedCount
        self.stopReason = stopReason
    }
}
