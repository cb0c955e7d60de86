import AWSKit

/// One AWS call that a workflow step makes (or may make) for an account.
public struct PlannedAWSCall: Sendable, Hashable, Codable {
    /// The step that makes the call.
    public var step: WorkflowStep
    /// The operation's service (`sts`, `cur`, `cloudformation`, …).
    public let service: AWSService
    /// The operation (`AssumeRole`, `DescribeReportDefinitions`, …).
    public let operation: AWSOperation
    /// Why the call is made.
    public var purpose: String
    /// When it is made.
    public var condition: CallCondition

    /// A call of `step`; the service is the operation's.
    public init(step: WorkflowStep, operation: AWSOperation, purpose: String, condition: CallCondition = .always) {
        self.step = step
        service = operation.service
        self.operation = operation
        self.purpose = purpose
        self.condition = condition
    }

    /// `<service> <Operation>`, as IAM policies and CloudTrail name it (`sts AssumeRole`).
    public var name: String { "\(service.rawValue) \(operation.rawValue)" }
}
