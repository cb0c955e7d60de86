/// What the `stack` step did with the CloudFormation stack (`outputs.stack_action`).
public enum StackAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// The stack was created.
    case created
    /// A `ROLLBACK_COMPLETE` stack was deleted and created again.
    case recreated
    /// The stack was updated.
    case updated
    /// The update was a no-op ("No updates are to be performed").
    case unchanged
    /// No stack was deployed: the credentials Spot has in force were kept
    /// (``SpotCredentialsAction/keepExisting``).
    case skipped

    /// Whether the stack made or changed the role in this run (so it may not be usable yet).
    public var changedRole: Bool {
        switch self {
        case .created, .recreated, .updated: return true
        case .unchanged, .skipped: return false
        }
    }
}
