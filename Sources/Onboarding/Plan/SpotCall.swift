/// One call to Spot's API that a workflow step makes (or may make) for an account.
public struct SpotCall: Sendable, Hashable, Codable {
    /// The step that makes the call.
    public var step: WorkflowStep
    /// The HTTP method.
    public var method: HTTPMethod
    /// The path and query, with placeholders in angle brackets for values known only at run
    /// time (`/setup/credentials/aws?accountId=<act-id>`). Spot's paging parameters
    /// (`paginationSize`, `paginationKey`) are left out.
    public var path: String
    /// Why the call is made.
    public var purpose: String
    /// When it is made.
    public var condition: CallCondition

    /// A call of `step`.
    public init(step: WorkflowStep, method: HTTPMethod, path: String, purpose: String, condition: CallCondition = .always) {
        self.step = step
        self.method = method
        self.path = path
        self.purpose = purpose
        self.condition = condition
    }
}
