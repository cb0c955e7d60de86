import AWSKit
import Foundation
import HTTPCore
import TestSupport
import Testing

/// Roles, policies, stacks and Spot validations for the tests of what Spot meets in AWS.
extension LocalCloud {
    /// Keys of `account` in aws-cn: STS AssumeRole in cn-north-1 with the China operator's fake
    /// key (`testing-cn`, the scenario's `behaviour.chinaAccessKeyIds`).
    func chinaCredentials(in account: String, role: String = "x") async throws -> StaticCredentialProvider {
        let sts = STSClient(client: client(), endpoint: endpoint(.sts, region: "cn-north-1"))
        let operator_ = StaticCredentialProvider(AWSCredentials(accessKeyID: "testing-cn", secretAccessKey: "testing"))
        return StaticCredentialProvider(try await sts.assumeRole(
            AssumeRoleRequest(roleARN: "arn:aws-cn:iam::\(account):role/\(role)", sessionName: "local-cloud-tests"),
            credentials: operator_))
    }

    /// A policy document: `Allow` (or `effect`) `actions` on `resources`.
    static func policy(_ actions: [String], on resources: [String], effect: String = "Allow") -> [String: Any] {
        ["Version": "2012-10-17", "Statement": [["Effect": effect, "Action": actions, "Resource": resources]]]
    }

    /// Spot's published Billing Engine grants for `bucket` and `pathPrefix`
    /// (../shared/reference/spot-policies/billing-engine.json, filled in).
    static func billingEnginePolicy(bucket: String, pathPrefix: String) -> [String: Any] {
        [
            "Version": "2012-10-17",
            "Statement": [
                ["Sid": "BillingEngineReadCUR", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
                 "Resource": ["arn:aws:s3:::\(bucket)/\(pathPrefix)/*", "arn:aws:s3:::\(bucket)"]],
                ["Sid": "BillingEngineAccountNames", "Effect": "Allow", "Action": ["ce:GetDimensionValues"], "Resource": "*"],
            ],
        ]
    }

    /// Spot's published Cost Intelligence policy (../shared/reference/spot-policies/cost-intelligence.json).
    static func costIntelligencePolicy() throws -> [String: Any] {
        let url = SpotConformanceTests.packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/reference/spot-policies/cost-intelligence.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        return try #require(object as? [String: Any])
    }

    static func text(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// IAM PutRolePolicy (an inline policy) on `role` in the credentials' account.
    func putRolePolicy(_ role: String, name: String, document: [String: Any], credentials: any CredentialProvider) async throws {
        _ = try await query(
            .iam, "PutRolePolicy", version: "2010-05-08",
            parameters: [("RoleName", role), ("PolicyName", name), ("PolicyDocument", try Self.text(document))],
            credentials: credentials
        ).get()
    }

    /// IAM CreatePolicy and AttachRolePolicy: a customer managed policy on `role`.
    func attachManagedPolicy(_ role: String, name: String, document: [String: Any], credentials: any CredentialProvider)
        async throws
    {
        let created = try await query(
            .iam, "CreatePolicy", version: "2010-05-08",
            parameters: [("PolicyName", name), ("PolicyDocument", try Self.text(document))], credentials: credentials
        ).get()
        let arn = try #require(AWSXMLElement.parse(created.body)?.string("CreatePolicyResult", "Policy", "Arn"))
        _ = try await query(
            .iam, "AttachRolePolicy", version: "2010-05-08", parameters: [("RoleName", role), ("PolicyArn", arn)],
            credentials: credentials
        ).get()
    }

    /// CloudFormation CreateStack or UpdateStack (`action`) through the sandbox with `template`
    /// and `parameters`.
    func stack(
        _ action: String, name: String, template: [String: Any], parameters: [String: String],
        credentials: any CredentialProvider
    ) async throws {
        var fields: [(String, String)] = [
            ("StackName", name), ("TemplateBody", try Self.text(template)), ("Capabilities.member.1", "CAPABILITY_NAMED_IAM"),
        ]
        for (index, (key, value)) in parameters.sorted(by: { $0.key < $1.key }).enumerated() {
            fields += [("Parameters.member.\(index + 1).ParameterKey", key), ("Parameters.member.\(index + 1).ParameterValue", value)]
        }
        _ = try await query(.cloudFormation, action, version: "2010-05-15", parameters: fields, credentials: credentials).get()
    }

    /// `GET /sandbox/state`'s entry for Spot account `id`.
    func spotAccountState(_ id: String) async throws -> JSON {
        let reply = try await http("GET", sandboxURL + "/sandbox/state")
        guard reply.status == 200 else { throw Failure(description: "GET /sandbox/state answered \(reply.status)") }
        return reply.json["spotAccounts"].array?.first { $0["accountId"].string == id } ?? .missing
    }

    /// The cloudBilling body for `account`'s report at `bucket`/`pathPrefix` in us-east-1.
    static func billingBody(_ account: String, bucket: String, pathPrefix: String) -> [String: Any] {
        ["accountId": account, "config": ["billingSource": ["bucket": bucket, "region": "us-east-1", "pathPrefix": pathPrefix]]]
    }

    /// `POST <path>` with `body` as the admin; the validation items by id.
    func validation(_ organization: SpotOrganization, _ path: String, _ body: [String: Any]) async throws -> [String: JSON] {
        let reply = try await spot("POST", path, token: organization.adminToken, json: body)
        guard reply.status == 200, let items = reply.json["response"]["items"].array else {
            throw Failure(description: "POST \(path) answered \(reply.status): \(reply.text)")
        }
        var checks: [String: JSON] = [:]
        for item in items { if let id = item["id"].string { checks[id] = item } }
        return checks
    }

    /// A Spot account linked to a fresh AWS account's role `SpotRole` with `policies` (inline,
    /// by name), plus that account's bucket with a compliant report at `cur/spot-cur-hourly`.
    func linkedAccountWithReport(
        _ organization: SpotOrganization, policies: (_ bucket: String) throws -> [String: [String: Any]]
    ) async throws -> (spotAccount: String, awsAccount: String, bucket: String, credentials: StaticCredentialProvider) {
        let account = try await createSpotAccount(organization)
        let externalID = try await issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        let credentials = try await self.credentials(in: awsAccount)
        let bucket = FreshNames.bucketName("access", prefix: "lc-test")
        let role = try await createRole("SpotRole", in: awsAccount, trustPolicy: Self.spotTrustPolicy(externalID: externalID))
        for (name, document) in try policies(bucket) {
            try await putRolePolicy("SpotRole", name: name, document: document, credentials: credentials)
        }
        try await createBucket(bucket, allowBillingReports: true, credentials: credentials)
        try await costAndUsageReports().putReportDefinition(
            Self.athenaDefinition(name: "spot-cur-hourly", bucket: bucket, prefix: "cur"), credentials: credentials)
        try await role.waitForPropagation()
        let reply = try await setCredentials(organization, account: account, roleARN: role.arn)
        guard reply.status == 200 else { throw Failure(description: "POST /setup/credentials/aws answered \(reply.status): \(reply.text)") }
        return (account, awsAccount, bucket, credentials)
    }
}
