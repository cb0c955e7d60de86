/// What `onboard run` would do at one step of one account, as `onboard check` found it.
public struct StepCheck: Sendable, Hashable {
    /// The step.
    public var step: WorkflowStep
    /// What the run would do there.
    public var action: CheckAction
    /// What was found and what would be done, in words (the changes and their calls).
    public var detail: String

    /// - Parameters: see the properties.
    public init(step: WorkflowStep, action: CheckAction, detail: String) {
        self.step = step
        self.action = action
        self.detail = detail
    }
}

/// What `onboard run` would do at a step.
public enum CheckAction: Sendable, Hashable {
    /// Make something that is not there (a report, a bucket, a stack, a Spot account, a
    /// registration).
    case create
    /// Take up something that exists and that no earlier run recorded (a compliant report, a
    /// Spot account already connected).
    case adopt
    /// Change something that is there (a stack, a bucket policy, Spot's credentials).
    case update
    /// Nothing: what is there is what the run would leave.
    case noChange
    /// The run would fail here, for the reason given (the failure's code and message): the
    /// steps after it are not looked at.
    case blocked(code: FailureCode, reason: String)

    /// The action's name in reports: `create`, `adopt`, `update`, `no-change`, `blocked`.
    public var name: String {
        switch self {
        case .create: "create"
        case .adopt: "adopt"
        case .update: "update"
        case .noChange: "no-change"
        case .blocked: "blocked"
        }
    }
}
