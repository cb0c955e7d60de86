/// Whether the workflow changes the clouds or only looks at them.
public enum WorkflowMode: String, Sendable, Hashable, Codable {
    /// `onboard run`: every step makes the changes it decides on.
    case run
    /// `onboard check`: the same steps read and decide as in a run, and every change they would
    /// make is recorded instead of made (see ``ChangeGate``).
    case check
}
