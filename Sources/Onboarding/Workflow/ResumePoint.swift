/// Where an interrupted account's workflow picks up: the steps a killed run completed, and the
/// outputs it had gathered.
public struct ResumePoint: Sendable, Hashable {
    public var completed: [StepRecord]
    public var outputs: AccountOutputs

    public init(completed: [StepRecord], outputs: AccountOutputs) {
        self.completed = completed
        self.outputs = outputs
    }
}
