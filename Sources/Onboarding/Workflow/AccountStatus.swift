/// How one account of a batch ended.
public enum AccountStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every step passed: Spot has the roles and the billing source (data follows within 48 h).
    case connected
    /// A step failed; the report names it, with the error and whether a re-run may fix it.
    case failed
    /// The batch stopped before the account was started (`--max-failures`, a signal, a failed
    /// preflight).
    case notStarted = "not-started"
}
