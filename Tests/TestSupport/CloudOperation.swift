import Foundation

/// The operations the onboarding workflow calls, named `<service>.<Operation>`
/// (`sts.AssumeRole`, `s3.HeadBucket`, `spot.SetAWSCredentials`), and how a request on the
/// wire is recognised as one.
///
/// AWS requests are told apart by their SigV4 scope's service (the host's first label when
/// unsigned), then: the `Action=` form field (query protocol: STS, IAM, CloudFormation), the
/// `X-Amz-Target` header (JSON 1.1: Organizations, CUR), or method, path and subresource (S3).
/// Spot requests (bearer token) by method and path.
public enum CloudOperation {
    /// `sts.AssumeRole`.
    public static let assumeRole = "sts.AssumeRole"
    /// `sts.GetCallerIdentity`.
    public static let getCallerIdentity = "sts.GetCallerIdentity"
    /// `organizations.DescribeOrganization`.
    public static let describeOrganization = "organizations.DescribeOrganization"
    /// `cur.DescribeReportDefinitions`.
    public static let describeReportDefinitions = "cur.DescribeReportDefinitions"
    /// `cur.PutReportDefinition`.
    public static let putReportDefinition = "cur.PutReportDefinition"
    /// `cur.ModifyReportDefinition`.
    public static let modifyReportDefinition = "cur.ModifyReportDefinition"
    /// `cur.DeleteReportDefinition`.
    public static let deleteReportDefinition = "cur.DeleteReportDefinition"
    /// `s3.HeadBucket`.
    public static let headBucket = "s3.HeadBucket"
    /// `s3.CreateBucket`.
    public static let createBucket = "s3.CreateBucket"
    /// `s3.ListBuckets`.
    public static let listBuckets = "s3.ListBuckets"
    /// `s3.GetBucketLocation`.
    public static let getBucketLocation = "s3.GetBucketLocation"
    /// `s3.GetBucketPolicy`.
    public static let getBucketPolicy = "s3.GetBucketPolicy"
    /// `s3.PutBucketPolicy`.
    public static let putBucketPolicy = "s3.PutBucketPolicy"
    /// `s3.DeleteBucketPolicy`.
    public static let deleteBucketPolicy = "s3.DeleteBucketPolicy"
    /// `cloudformation.DescribeStacks`.
    public static let describeStacks = "cloudformation.DescribeStacks"
    public static let getTemplate = "cloudformation.GetTemplate"
    /// `cloudformation.CreateStack`.
    public static let createStack = "cloudformation.CreateStack"
    /// `cloudformation.UpdateStack`.
    public static let updateStack = "cloudformation.UpdateStack"
    /// `cloudformation.DeleteStack`.
    public static let deleteStack = "cloudformation.DeleteStack"
    /// `cloudformation.DescribeStackEvents`.
    public static let describeStackEvents = "cloudformation.DescribeStackEvents"
    /// `spot.ListAccounts`.
    public static let listAccounts = "spot.ListAccounts"
    /// `spot.CreateAccount`.
    public static let createAccount = "spot.CreateAccount"
    /// `spot.DeleteAccount` (`DELETE /setup/account/{accountId}`).
    public static let deleteAccount = "spot.DeleteAccount"
    /// `spot.GetAWSCredentials`.
    public static let getAWSCredentials = "spot.GetAWSCredentials"
    /// `spot.CreateExternalId`.
    public static let createExternalID = "spot.CreateExternalId"
    /// `spot.SetAWSCredentials`.
    public static let setAWSCredentials = "spot.SetAWSCredentials"
    /// `spot.ListCloudBilling`.
    public static let listCloudBilling = "spot.ListCloudBilling"
    /// `spot.ValidateCloudBilling`.
    public static let validateCloudBilling = "spot.ValidateCloudBilling"
    /// `spot.SetupCloudBilling`.
    public static let setupCloudBilling = "spot.SetupCloudBilling"
    /// `spot.ListCostIntelligence`.
    public static let listCostIntelligence = "spot.ListCostIntelligence"
    /// `spot.ValidateCostIntelligence`.
    public static let validateCostIntelligence = "spot.ValidateCostIntelligence"
    /// `spot.SetupCostIntelligence`.
    public static let setupCostIntelligence = "spot.SetupCostIntelligence"

    /// The operations that change something at Spot.
    public static let spotMutations: Set<String> = [
        createAccount, deleteAccount, createExternalID, setAWSCredentials, setupCloudBilling, setupCostIntelligence,
    ]

    /// The operations that change a stack.
    public static let stackMutations: Set<String> = [createStack, updateStack, deleteStack]

    /// The operation `request` stands for; `<service>.<unknown>` (`s3.GET /a/b?x`) when it is
    /// none of the known shapes.
    public static func name(of request: RecordedRequest) -> String {
        if request.isSpot { return spotName(of: request) }
        let service = request.signingScope?.service ?? String(request.host.split(separator: ".").first ?? "")
        switch service {
        case "sts", "iam", "cloudformation":
            return "\(service).\(request.formFields["Action"] ?? "?")"
        case "organizations", "cur":
            let target = request.header("X-Amz-Target") ?? "?"
            return "\(service).\(target.split(separator: ".").last.map(String.init) ?? target)"
        case "s3":
            return s3Name(of: request)
        default:
            return "\(service).\(request.method) \(request.path)"
        }
    }

    private static func s3Name(of request: RecordedRequest) -> String {
        let path = request.path
        let bucketOnly = path.split(separator: "/").count == 1
        let subresources = Set(request.query.keys)
        switch (request.method, path == "/" || path.isEmpty, bucketOnly) {
        case ("GET", true, _): return listBuckets
        case ("HEAD", false, true): return headBucket
        case ("PUT", false, true) where subresources.isEmpty: return createBucket
        case ("GET", false, true) where subresources.contains("location"): return getBucketLocation
        case ("GET", false, true) where subresources.contains("policy"): return getBucketPolicy
        case ("PUT", false, true) where subresources.contains("policy"): return putBucketPolicy
        case ("DELETE", false, true) where subresources.contains("policy"): return deleteBucketPolicy
        default: return "s3.\(request.method) \(path)\(request.rawQuery.map { "?" + $0 } ?? "")"
        }
    }

    private static func spotName(of request: RecordedRequest) -> String {
        switch (request.method, request.path) {
        case ("GET", "/setup/account"): return listAccounts
        case ("POST", "/setup/account"): return createAccount
        case ("GET", "/setup/credentials/aws"): return getAWSCredentials
        case ("POST", "/setup/credentials/aws"): return setAWSCredentials
        case ("POST", "/setup/credentials/aws/externalId"): return createExternalID
        case ("GET", "/cloudBilling/v1/setup/account"): return listCloudBilling
        case ("POST", "/cloudBilling/v1/setup/account/validation"): return validateCloudBilling
        case ("POST", "/cloudBilling/v1/setup/account"): return setupCloudBilling
        case ("GET", "/cbi/v1/setup/account"): return listCostIntelligence
        case ("POST", "/cbi/v1/setup/account/validation"): return validateCostIntelligence
        case ("POST", "/cbi/v1/setup/account"): return setupCostIntelligence
        case ("DELETE", let path) where path.hasPrefix("/setup/account/"): return deleteAccount
        default: return "spot.\(request.method) \(request.path)"
        }
    }
}
