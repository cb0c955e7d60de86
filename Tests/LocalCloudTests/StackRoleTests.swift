import AWSKit
import Foundation
import HTTPCore
import TestSupport
import Testing

/// Roles made by CloudFormation are read from their stack's current template and parameters,
/// because moto 5.2.1's IAM keeps the first version of them (update-stack changes nothing,
/// inline policies read back as a Python repr).
@Suite("Stack-made roles: read from the stack's template")
struct StackRoleTests {
    /// A template shaped like onboard's: `SpotRole` trusting Spot with `ExternalId`, the Billing
    /// Engine grants in an `AWS::IAM::ManagedPolicy` attached by `Roles: [Ref SpotRole]` (with
    /// `Fn::Sub` and `Fn::Join`), and an inline policy.
    static func template(grantObjects: Bool = true) -> [String: Any] {
        var statements: [[String: Any]] = [[
            "Effect": "Allow", "Action": "s3:ListBucket",
            "Resource": ["Fn::Join": ["", ["arn:", ["Ref": "AWS::Partition"], ":s3:::", ["Ref": "CostAndUsageReportBucket"]]]],
        ]]
        if grantObjects {
            statements.append([
                "Effect": "Allow", "Action": "s3:GetObject",
                "Resource": ["Fn::Sub": "arn:${AWS::Partition}:s3:::${CostAndUsageReportBucket}/${CostAndUsageReportPathPrefix}/*"],
            ])
        }
        return [
            "AWSTemplateFormatVersion": "2010-09-09",
            "Parameters": [
                "ExternalId": ["Type": "String"],
                "CostAndUsageReportBucket": ["Type": "String"],
                "CostAndUsageReportPathPrefix": ["Type": "String", "Default": "cur/spot-cur-hourly"],
            ],
            "Resources": [
                "SpotRole": [
                    "Type": "AWS::IAM::Role",
                    "Properties": [
                        "RoleName": "SpotRole",
                        "AssumeRolePolicyDocument": [
                            "Version": "2012-10-17",
                            "Statement": [[
                                "Effect": "Allow",
                                "Principal": ["AWS": ["Fn::Sub": "arn:${AWS::Partition}:iam::922761411349:root"]],
                                "Action": "sts:AssumeRole",
                                "Condition": ["StringEquals": ["sts:ExternalId": ["Ref": "ExternalId"]]],
                            ]],
                        ],
                        "Policies": [[
                            "PolicyName": "AccountNames",
                            "PolicyDocument": [
                                "Version": "2012-10-17",
                                "Statement": [["Effect": "Allow", "Action": "ce:GetDimensionValues", "Resource": "*"]],
                            ],
                        ]],
                    ],
                ],
                "BillingEnginePolicy": [
                    "Type": "AWS::IAM::ManagedPolicy",
                    "Properties": [
                        "Roles": [["Ref": "SpotRole"]],
                        "PolicyDocument": ["Version": "2012-10-17", "Statement": statements],
                    ],
                ],
            ],
            "Outputs": ["SpotRoleArn": ["Value": ["Fn::GetAtt": ["SpotRole", "Arn"]]]],
        ]
    }

    @Test("A ManagedPolicy attached by the stack's Roles grants; an update that changes ExternalId is what SetCredentials sees")
    func updateChangesExternalID() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)
        let first = try await cloud.issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: awsAccount)
        let bucket = FreshNames.bucketName("stack", prefix: "lc-test")
        let parameters = ["CostAndUsageReportBucket": bucket]
        try await cloud.stack(
            "CreateStack", name: "spot-onboarding", template: Self.template(), parameters: parameters.merging(["ExternalId": first]) { $1 },
            credentials: credentials)
        try await cloud.createBucket(bucket, allowBillingReports: true, credentials: credentials)
        try await cloud.costAndUsageReports().putReportDefinition(
            LocalCloud.athenaDefinition(name: "spot-cur-hourly", bucket: bucket), credentials: credentials)
        try await Task.sleep(for: .milliseconds(Int((LocalCloud.iamPropagationSeconds + 0.5) * 1000)))
        let role = "arn:aws:iam::\(awsAccount):role/SpotRole"

        #expect(try await cloud.setCredentials(organization, account: account, roleARN: role).status == 200)
        let body = LocalCloud.billingBody(account, bucket: bucket, pathPrefix: "cur/spot-cur-hourly")
        let checks = try await cloud.validation(organization, "/cloudBilling/v1/setup/account/validation", body)
        #expect(checks["s3-list-bucket"]?["status"].string == "success", "\(checks)")
        #expect(checks["s3-get-object"]?["status"].string == "success", "\(checks)")

        // A new external id, and the stack updated to trust it.
        let second = try await cloud.issueExternalID(organization, account: account)
        try await cloud.stack(
            "UpdateStack", name: "spot-onboarding", template: Self.template(), parameters: parameters.merging(["ExternalId": second]) { $1 },
            credentials: credentials)
        // moto's IAM still trusts the first id (the sandbox reads the template instead).
        var getRole = QueryRequest(action: "GetRole", version: "2010-05-08")
        getRole.set("RoleName", "SpotRole")
        let inMoto = try await cloud.send(getRole.call(service: .iam, endpoint: cloud.motoEndpoint(.iam)), credentials: credentials).get()
        let trust = String(decoding: inMoto.body, as: UTF8.self).removingPercentEncoding ?? ""
        #expect(trust.contains(first) && !trust.contains(second), "moto corrected itself? \(trust)")

        let relinked = try await cloud.setCredentials(organization, account: account, roleARN: role)
        #expect(relinked.status == 200, "\(relinked.text)")
        #expect(try await cloud.spotAccountState(account)["credentialsInForce"]["externalId"].string == second)
    }

    @Test("An update that drops the object grant is seen by billing validation")
    func updateDropsGrant() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)
        let externalID = try await cloud.issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: awsAccount)
        let bucket = FreshNames.bucketName("stack", prefix: "lc-test")
        let parameters = ["CostAndUsageReportBucket": bucket, "ExternalId": externalID]
        try await cloud.stack("CreateStack", name: "spot-onboarding", template: Self.template(), parameters: parameters, credentials: credentials)
        try await cloud.createBucket(bucket, allowBillingReports: true, credentials: credentials)
        try await Task.sleep(for: .milliseconds(Int((LocalCloud.iamPropagationSeconds + 0.5) * 1000)))
        #expect(try await cloud.setCredentials(organization, account: account, roleARN: "arn:aws:iam::\(awsAccount):role/SpotRole").status == 200)
        let body = LocalCloud.billingBody(account, bucket: bucket, pathPrefix: "cur/spot-cur-hourly")
        #expect(try await cloud.validation(organization, "/cloudBilling/v1/setup/account/validation", body)["s3-get-object"]?["status"].string
            == "success")

        try await cloud.stack(
            "UpdateStack", name: "spot-onboarding", template: Self.template(grantObjects: false), parameters: parameters,
            credentials: credentials)
        let after = try await cloud.validation(organization, "/cloudBilling/v1/setup/account/validation", body)
        #expect(after["s3-list-bucket"]?["status"].string == "success")
        #expect(after["s3-get-object"]?["status"].string == "failed", "\(after)")
    }
}
