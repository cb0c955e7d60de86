/// How one account stands, as `onboard check` found it.
public enum CheckVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every step would make no change, and nothing drifted since the run that connected it.
    case inSync = "in-sync"
    /// `onboard run` would create, adopt or update something (and nothing drifted).
    case wouldChange = "would-change"
    /// Something changed since the run that connected it (see the findings).
    case drifted
    /// `onboard run` would fail at a step (and the findings, if any, say what drifted).
    case blocked
}

/// What `onboard check` found for one account: per step what the run would do, the drift since
/// the run that connected it, and the verdict.
public struct AccountCheck: Sendable, Hashable {
    /// The steps looked at, in order (up to the one that would block).
    public var steps: [StepCheck]
    /// The account's standing: in sync, would change, drifted or blocked.
    public var verdict: CheckVerdict
    /// The run whose report of the account (connected) the drift was compared with, when there was one.
    public var comparedWith: String?

    /// - Parameters: see the properties.
    public init(steps: [StepCheck], verdict: CheckVerdict, comparedWith: String?) {
        self.steps = steps
        self.verdict = verdict
        self.comparedWith = comparedWith
    }
}
