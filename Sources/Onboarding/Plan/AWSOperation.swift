import AWSKit

/// The AWS operations the workflow calls, each named as its service's API names it.
public enum AWSOperation: String, Sendable, Hashable, Codable, CaseIterable {
    case assumeRole = "AssumeRole"
    case getCallerIdentity = "GetCallerIdentity"
    case describeOrganization = "DescribeOrganization"
    case describeReportDefinitions = "DescribeReportDefinitions"
    case putReportDefinition = "PutReportDefinition"
    case headBucket = "HeadBucket"
    case getBucketLocation = "GetBucketLocation"
    case listBuckets = "ListBuckets"
    case createBucket = "CreateBucket"
    case getBucketPolicy = "GetBucketPolicy"
    case putBucketPolicy = "PutBucketPolicy"
    case describeStacks = "DescribeStacks"
    case createStack = "CreateStack"
    case updateStack = "UpdateStack"
    case deleteStack = "DeleteStack"
    case describeStackEvents = "DescribeStackEvents"

    /// The service the operation belongs to.
    public var service: AWSService {
        switch self {
        case .assumeRole, .getCallerIdentity: .sts
        case .describeOrganization: .organizations
        case .describeReportDefinitions, .putReportDefinition: .costAndUsageReport
        case .headBucket, .getBucketLocation, .listBuckets, .createBucket, .getBucketPolicy, .putBucketPolicy: .s3
        case .describeStacks, .createStack, .updateStack, .deleteStack, .describeStackEvents: .cloudFormation
        }
    }
}
