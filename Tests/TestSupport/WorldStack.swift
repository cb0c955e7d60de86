import AWSKit
import Foundation

/// One CloudFormation stack of the scripted world, with its history.
///
/// A stack in progress shows its status for ``pollsBeforeNext`` more `DescribeStacks`, then
/// moves to ``next`` (a stack reaching `DELETE_COMPLETE` is gone).
public struct WorldStack: Sendable {
    /// `StackName`.
    public var name: String
    /// `StackId`, the stack's ARN.
    public var id: String
    /// `StackStatus` as `DescribeStacks` shows it now.
    public var status: StackStatus
    /// `StackStatusReason`.
    public var statusReason: String?
    /// The parameters in force.
    public var parameters: [StackParameter]
    /// The outputs (`SpotRoleArn`, `SpotFinOpsRoleArn`).
    public var outputs: [StackOutput]
    /// The tags (`managed-by`, `spot-account` for onboard's).
    public var tags: [StackTag]
    /// The template in force (nil for a stack seeded by a test: any update changes it).
    public var templateBody: String?
    /// The events, oldest first (DescribeStackEvents lists them newest first).
    public var events: [StackEvent]
    /// The status after the current one, while in progress.
    public var next: StackStatus?
    /// How many more `DescribeStacks` show the current status before ``next``.
    public var pollsBeforeNext: Int
    /// When the stack was made.
    public var creationTime: Date

    /// - Parameters: see the properties; `accountID`, `region` and `serial` make the stack id.
    public init(
        name: String = "spot-onboarding", accountID: String, region: String = "us-east-1", status: StackStatus,
        statusReason: String? = nil, parameters: [StackParameter] = [], outputs: [StackOutput] = [], tags: [StackTag] = [],
        templateBody: String? = nil, events: [StackEvent] = [], creationTime: Date = Date(timeIntervalSince1970: 1_740_000_000),
        serial: Int = 0
    ) {
        self.name = name
        self.id = Self.stackID(name: name, accountID: accountID, region: region, serial: serial)
        self.status = status
        self.statusReason = statusReason
        self.parameters = parameters
        self.outputs = outputs
        self.tags = tags
        self.templateBody = templateBody
        self.events = events
        self.next = nil
        self.pollsBeforeNext = 0
        self.creationTime = creationTime
    }

    /// A stack ARN: `arn:aws:cloudformation:us-east-1:<account>:stack/<name>/<uuid>`.
    public static func stackID(name: String, accountID: String, region: String, serial: Int) -> String {
        let partition = region.hasPrefix("cn-") ? "aws-cn" : "aws"
        return "arn:\(partition):cloudformation:\(region):\(accountID):stack/\(name)/"
            + String(format: "5e1f0a00-7c3b-4d2e-9f10-%012d", serial)
    }

    /// An event of this stack at `date`.
    public func event(
        _ logicalID: String, _ type: String, _ status: String, reason: String? = nil, token: String? = nil, at date: Date
    ) -> StackEvent {
        StackEvent(
            id: "\(logicalID)-\(status)-\(Int(date.timeIntervalSince1970))", stackID: id, stackName: name, timestamp: date,
            logicalResourceID: logicalID, physicalResourceID: logicalID == name ? id : nil, resourceType: type, status: status,
            statusReason: reason, clientRequestToken: token)
    }

    /// Appends events (oldest first), each a second after the one before (and not before `now`).
    public mutating func record(_ entries: [(logicalID: String, type: String, status: String, reason: String?)], token: String?, now: Date) {
        var date = max(now, (events.last?.timestamp ?? now).addingTimeInterval(1))
        for entry in entries {
            events.append(event(entry.logicalID, entry.type, entry.status, reason: entry.reason, token: token, at: date))
            date = date.addingTimeInterval(1)
        }
    }
}
