/// What UpdateStack did.
public enum StackUpdateOutcome: Sendable, Hashable {
    /// The update started; wait for the stack with this id to reach a terminal status.
    case updating(stackID: String)
    /// The template and parameters are those in force ("No updates are to be performed."):
    /// nothing to wait for, and a success.
    case noUpdatesNeeded

    /// The stack id when an update started.
    public var stackID: String? {
        if case .updating(let stackID) = self { return stackID }
        return nil
    }
}
