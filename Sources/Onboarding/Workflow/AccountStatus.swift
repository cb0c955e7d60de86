/// How one account of a batch ended.
public enum AccountStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every step passed: Spot has the roles and the billing source (data follows within 48 h).
    case connected
    /// A step failed; the report names it, with the error and whether a re-run may fix it.
    case failed
    /// The batch stopped before the account was started (`--max-failures`, a signal, a failed
    /// preflight).
    case notStarted = "not-started"
    /// The batch stopped (a signal's grace ran out) while the account was mid-workflow: some of
    /// its steps completed (a bucket, a report definition or a stack may exist); the report names
    /// the last one, and `--resume` finishes the account from there.
    case interrupted
    /// `onboard offboard --apply`: every offboarding step ended; what onboard made is deleted, or
    /// (where nothing is published to delete it) left for a person as the steps say.
    case offboarded
    /// `onboard offboard` without `--apply`: nothing was changed; each step says what `--apply`
    /// would do.
    case dryRun = "dry-run"

    /// Whether the account ended as its command asked (connected, offboarded, or dry-run):
    /// every other status makes the run's exit status 1.
    public var endedAsAsked: Bool {
        switch self {
        case .connected, .offboarded, .dryRun: true
        case .failed, .notStarted, .interrupted: false
        }
    }
}
