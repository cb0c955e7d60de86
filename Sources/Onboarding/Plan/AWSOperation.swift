import AWSKit

/// The AWS operations the workflow calls, each named as its service's API names it.
public enum AWSOperation: String, Sendable, Hashable, Codable, CaseIterable {
    /// `AssumeRole`.
    case assumeRole = "AssumeRole"
    /// `GetCallerIdentity`.
    case getCallerIdentity = "GetCallerIdentity"
    /// `DescribeOrganization`.
    case describeOrganization = "DescribeOrganization"
    /// `DescribeReportDefinitions`.
    case describeReportDefinitions = "DescribeReportDefinitions"
    /// `PutReportDefinition`.
    case putReportDefinition = "PutReportDefinition"
    /// `HeadBucket`.
    case headBucket = "HeadBucket"
    /// `GetBucketLocation`.
    case getBucketLocation = "GetBucketLocation"
    /// `ListBuckets`.
    case listBuckets = "ListBuckets"
    /// `CreateBucket`.
    case createBucket = "CreateBucket"
    /// `GetBucketPolicy`.
    case getBucketPolicy = "GetBucketPolicy"
    /// `PutBucketPolicy`.
    case putBucketPolicy = "PutBucketPolicy"
    /// `DescribeStacks`.
    case describeStacks = "DescribeStacks"
    /// `CreateStack`.
    case createStack = "CreateStack"
    /// `UpdateStack`.
    case updateStack = "UpdateStack"
    /// `DeleteStack`.
    case deleteStack = "DeleteStack"
    /// `DescribeStackEvents`.
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
