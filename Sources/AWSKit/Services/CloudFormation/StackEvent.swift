import Foundation

/// One entry of a stack's history (DescribeStackEvents): where failure reasons are read.
public struct StackEvent: Sendable, Hashable, Codable {
    /// `EventId`.
    public var id: String
    /// `StackId`.
    public var stackID: String
    /// `StackName`.
    public var stackName: String
    /// `Timestamp`.
    public var timestamp: Date
    /// `LogicalResourceId`: the resource's name in the template (the stack's own name for
    /// stack-level events).
    public var logicalResourceID: String?
    /// `PhysicalResourceId`, once the resource exists.
    public var physicalResourceID: String?
    /// `ResourceType` (`AWS::IAM::Role`, `AWS::CloudFormation::Stack`).
    public var resourceType: String?
    /// `ResourceStatus` (`CREATE_FAILED`, …). Resource statuses share the stack statuses'
    /// spelling; a few (`DELETE_SKIPPED`) exist only for resources.
    public var status: String?
    /// `ResourceStatusReason`: why a resource failed, in CloudFormation's words.
    public var statusReason: String?
    /// `ClientRequestToken` of the operation that caused the event.
    public var clientRequestToken: String?

    /// An event with the given members (tests, stand-ins).
    public init(
        id: String, stackID: String, stackName: String, timestamp: Date, logicalResourceID: String? = nil,
        physicalResourceID: String? = nil, resourceType: String? = nil, status: String? = nil,
        statusReason: String? = nil, clientRequestToken: String? = nil
    ) {
        self.id = id
        self.stackID = stackID
        self.stackName = stackName
        self.timestamp = timestamp
        self.logicalResourceID = logicalResourceID
        self.physicalResourceID = physicalResourceID
        self.resourceType = resourceType
        self.status = status
        self.statusReason = statusReason
        self.clientRequestToken = clientRequestToken
    }

    /// Whether the event reports a failure (a status ending in `_FAILED`).
    public var isFailure: Bool { status?.hasSuffix("_FAILED") ?? false }
}
