/// How a stack the workflow creates or updates in the scripted world ends.
public enum WorldStackOutcome: Sendable, Hashable {
    /// `CREATE_COMPLETE`/`UPDATE_COMPLETE`, with the role outputs.
    case complete
    /// Complete, but without outputs.
    case completeWithoutOutputs
    /// The role fails with `cause`, the other resources are cancelled ("Resource creation
    /// cancelled", newer than the cause), and the stack rolls back (`ROLLBACK_COMPLETE`,
    /// `UPDATE_ROLLBACK_COMPLETE`).
    case rollback(cause: String)
    /// Stays `*_IN_PROGRESS` forever.
    case staysInProgress
}
