import Foundation

/// A stack as DescribeStacks reports it.
public struct Stack: Sendable, Hashable, Codable {
    /// `StackId`: the stack's ARN.
    public var id: String
    /// `StackName`.
    public var name: String
    /// `StackStatus`.
    public var status: StackStatus
    /// `StackStatusReason`, when CloudFormation gives one.
    public var statusReason: String?
    /// `Description` from the template.
    public var description: String?
    /// `Parameters` in force, in the order CloudFormation lists them.
    public var parameters: [StackParameter]
    /// `Outputs`, once the stack has been made.
    public var outputs: [StackOutput]
    /// `Tags`.
    public var tags: [StackTag]
    /// `CreationTime`.
    public var creationTime: Date?
    /// `LastUpdatedTime`, once the stack has been updated.
    public var lastUpdatedTime: Date?

    /// A stack with the given members (tests, stand-ins).
    public init(
        id: String, name: String, status: StackStatus, statusReason: String? = nil, description: String? = nil,
        parameters: [StackParameter] = [], outputs: [StackOutput] = [], tags: [StackTag] = [],
        creationTime: Date? = nil, lastUpdatedTime: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.status = status
        self.statusReason = statusReason
        self.description = description
        self.parameters = parameters
        self.outputs = outputs
        self.tags = tags
        self.creationTime = creationTime
        self.lastUpdatedTime = lastUpdatedTime
    }

    /// The value in force of parameter `key` (`ExternalId`), or `nil`.
    public func parameter(_ key: String) -> String? {
        parameters.first { $0.key == key }?.value
    }

    /// The value of output `key` (`SpotRoleArn`), or `nil`.
    public func output(_ key: String) -> String? {
        outputs.first { $0.key == key }?.value
    }
}
