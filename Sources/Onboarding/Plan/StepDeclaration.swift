/// What one workflow step will do for an account, worked out without network: the step in
/// words, and every AWS and Spot call it makes or may make, each with when it is made.
///
/// Each step declares itself beside its code (`Workflow/Steps/<Step>+Declaration.swift`);
/// ``AccountPlanner`` builds the plan from the declarations, and a test runs the workflow to
/// hold every step to its declaration.
public struct StepDeclaration: Sendable, Hashable {
    /// The step declared.
    public var step: WorkflowStep
    /// What the step does for the account, in words.
    public var summary: String
    /// The AWS calls, in the order the step makes them.
    public private(set) var awsCalls: [PlannedAWSCall] = []
    /// The Spot calls, in the order the step makes them.
    public private(set) var spotCalls: [SpotCall] = []

    /// A declaration of `step` with no calls yet.
    public init(step: WorkflowStep, summary: String) {
        self.step = step
        self.summary = summary
    }

    /// Declares an AWS call of this step.
    mutating func aws(_ operation: AWSOperation, _ purpose: String, _ condition: CallCondition = .always) {
        awsCalls.append(PlannedAWSCall(step: step, operation: operation, purpose: purpose, condition: condition))
    }

    /// Declares a Spot call of this step.
    mutating func spot(_ method: HTTPMethod, _ path: String, _ purpose: String, _ condition: CallCondition = .always) {
        spotCalls.append(SpotCall(step: step, method: method, path: path, purpose: purpose, condition: condition))
    }
}
