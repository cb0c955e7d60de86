import AWSKit
import Foundation
import TestSupport
import Testing

/// Billing Engine validation reads the bucket as Spot would, as the linked role: `s3:ListBucket`
/// on the bucket and `s3:GetObject` under the path prefix, by IAM's rules over the role's
/// effective policies.
@Suite("Spot API: Billing Engine reads the report as the linked role")
struct SpotBillingAccessTests {
    static let prefix = "cur/spot-cur-hourly"

    @Test("Without s3:GetObject on the prefix: s3-get-object fails naming it, and registration is refused neutrally")
    func missingGetObject() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, _, bucket, _) = try await cloud.linkedAccountWithReport(organization) { bucket in
            // Objects elsewhere in the bucket only.
            ["Partial": LocalCloud.policy(
                ["s3:ListBucket", "s3:GetObject"], on: ["arn:aws:s3:::\(bucket)", "arn:aws:s3:::\(bucket)/other/*"])]
        }
        let body = LocalCloud.billingBody(account, bucket: bucket, pathPrefix: Self.prefix)

        let checks = try await cloud.validation(organization, "/cloudBilling/v1/setup/account/validation", body)
        #expect(checks["credentials"]?["status"].string == "success")
        #expect(checks["s3-list-bucket"]?["status"].string == "success")
        let get = try #require(checks["s3-get-object"])
        #expect(get["status"].string == "failed")
        #expect(get["validationInfo"].string?.contains("s3:GetObject") == true, "\(get)")
        #expect(get["validationInfo"].string?.contains("arn:aws:s3:::\(bucket)/\(Self.prefix)/*") == true, "\(get)")
        #expect(checks["cur-definition"]?["status"].string == "success")

        let setup = try await cloud.spot("POST", "/cloudBilling/v1/setup/account", token: organization.adminToken, json: body)
        try await SpotCredentialTests.expectNeutralRefusal(cloud, setup, account: account, because: "s3:GetObject")
    }

    @Test("A wildcard action (s3:Get*, S3:list*) grants; a new report without files is a warning that does not stop registration")
    func wildcardGrants() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, _, bucket, _) = try await cloud.linkedAccountWithReport(organization) { bucket in
            ["Wildcards": LocalCloud.policy(["s3:Get*", "S3:list*"], on: ["arn:aws:s3:::\(bucket)*"])]
        }
        let body = LocalCloud.billingBody(account, bucket: bucket, pathPrefix: Self.prefix)

        let checks = try await cloud.validation(organization, "/cloudBilling/v1/setup/account/validation", body)
        #expect(checks["s3-list-bucket"]?["status"].string == "success", "\(checks)")
        #expect(checks["s3-get-object"]?["status"].string == "success", "\(checks)")
        // A brand-new report: AWS has delivered nothing yet (up to 24 h).
        #expect(checks["report-delivery"]?["status"].string == "warning", "\(checks)")
        #expect(checks.values.allSatisfy { ["success", "warning"].contains($0["status"].string ?? "") })

        let setup = try await cloud.spot("POST", "/cloudBilling/v1/setup/account", token: organization.adminToken, json: body)
        #expect(setup.status == 200, "\(setup.text)")
    }

    @Test("An explicit Deny wins over an Allow, and a conditional Allow does not grant")
    func denyWins() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, _, bucket, _) = try await cloud.linkedAccountWithReport(organization) { bucket in
            [
                "BillingEngine": LocalCloud.billingEnginePolicy(bucket: bucket, pathPrefix: Self.prefix),
                "NoReading": LocalCloud.policy(["s3:GetObject"], on: ["arn:aws:s3:::\(bucket)/*"], effect: "Deny"),
                "ListOnlyFromTheOffice": [
                    "Version": "2012-10-17",
                    "Statement": [[
                        "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::\(bucket)",
                        "Condition": ["IpAddress": ["aws:SourceIp": "203.0.113.0/24"]],
                    ]],
                ],
            ]
        }
        let checks = try await cloud.validation(
            organization, "/cloudBilling/v1/setup/account/validation",
            LocalCloud.billingBody(account, bucket: bucket, pathPrefix: Self.prefix))
        // The Billing Engine policy grants ListBucket unconditionally; the conditional one adds nothing.
        #expect(checks["s3-list-bucket"]?["status"].string == "success")
        let get = try #require(checks["s3-get-object"])
        #expect(get["status"].string == "failed")
        #expect(get["validationInfo"].string?.contains("denied") == true, "\(get)")
        #expect(get["validationInfo"].string?.contains("NoReading") == true, "\(get)")
    }

    @Test("A conditional Allow alone does not grant")
    func conditionalAllow() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, _, bucket, _) = try await cloud.linkedAccountWithReport(organization) { bucket in
            [
                "OnlyWithTls": [
                    "Version": "2012-10-17",
                    "Statement": [[
                        "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetObject"],
                        "Resource": ["arn:aws:s3:::\(bucket)", "arn:aws:s3:::\(bucket)/*"],
                        "Condition": ["Bool": ["aws:SecureTransport": "true"]],
                    ]],
                ]
            ]
        }
        let checks = try await cloud.validation(
            organization, "/cloudBilling/v1/setup/account/validation",
            LocalCloud.billingBody(account, bucket: bucket, pathPrefix: Self.prefix))
        #expect(checks["s3-list-bucket"]?["status"].string == "failed")
        #expect(checks["s3-get-object"]?["status"].string == "failed")
    }

    @Test("A bucket that does not exist fails both reads")
    func missingBucket() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, _, _, _) = try await cloud.linkedAccountWithReport(organization) { _ in
            ["Everything": LocalCloud.policy(["s3:*"], on: ["*"])]
        }
        let missing = FreshNames.bucketName("missing", prefix: "lc-test")
        let checks = try await cloud.validation(
            organization, "/cloudBilling/v1/setup/account/validation",
            LocalCloud.billingBody(account, bucket: missing, pathPrefix: Self.prefix))
        #expect(checks["s3-list-bucket"]?["status"].string == "failed")
        #expect(checks["s3-list-bucket"]?["validationInfo"].string?.contains("does not exist") == true)
        #expect(checks["report-delivery"]?["status"].string == "skipped")
    }
}
