/// One call to Spot's API that the workflow makes (or may make) for an account.
public struct SpotCall: Sendable, Hashable, Codable {
    /// The step that makes the call.
    public var step: WorkflowStep
    /// The HTTP method.
    public var method: String
    /// The path and query, with placeholders in angle brackets for values known only at run time.
    public var path: String
    /// Why the call is made, and when it is skipped.
    public var purpose: String

    public init(step: WorkflowStep, method: String, path: String, purpose: String) {
        self.step = step
        self.method = method
        self.path = path
        self.purpose = purpose
    }
}
