import AWSKit
import Foundation
import TestSupport
import Testing

/// Cloud billing and Cost Intelligence registration: the sandbox checks them against the CUR
/// definitions the linked AWS account has in the sandbox's CUR API.
@Suite("Spot API: cloudBilling and Cost Intelligence")
struct SpotBillingTests {
    @Test("cloudBilling validation fails cur-definition until a matching CUR definition exists; setup then lists PENDING; cbi needs billing first")
    func billingLifecycle() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, awsAccount) = try await cloud.linkedSpotAccount(organization)
        let bucket = FreshNames.bucketName("billing", prefix: "lc-test")
        let billing: [String: Any] = [
            "accountId": account,
            "config": ["billingSource": ["bucket": bucket, "region": "us-east-1", "pathPrefix": "cur/spot-cur-hourly"]],
        ]
        let cbi: [String: Any] = ["account": ["accountId": account]]
        // What Spot publishes for the two products, on the linked role.
        let credentials = try await cloud.credentials(in: awsAccount)
        try await cloud.putRolePolicy(
            "SpotRole", name: "BillingEngine", document: LocalCloud.billingEnginePolicy(bucket: bucket, pathPrefix: "cur/spot-cur-hourly"),
            credentials: credentials)
        try await cloud.attachManagedPolicy(
            "SpotRole", name: "CostIntelligence-\(awsAccount)", document: try LocalCloud.costIntelligencePolicy(), credentials: credentials)

        // No CUR definition yet.
        let before = try await cloud.spot(
            "POST", "/cloudBilling/v1/setup/account/validation", token: organization.adminToken, json: billing)
        #expect(before.status == 200, "\(before.text)")
        #expect(before.json["response"]["kind"].string == "spotinst:cloudBilling:validation")
        let checksBefore = try #require(before.json["response"]["items"].array)
        #expect(checksBefore.first { $0["id"].string == "credentials" }?["status"].string == "success")
        #expect(checksBefore.first { $0["id"].string == "cur-definition" }?["status"].string == "failed")

        let refusedSetup = try await cloud.spot(
            "POST", "/cloudBilling/v1/setup/account", token: organization.adminToken, json: billing)
        #expect(refusedSetup.status == 400, "\(refusedSetup.text)")

        let cbiValidation = try await cloud.spot(
            "POST", "/cbi/v1/setup/account/validation", token: organization.adminToken, json: cbi)
        #expect(cbiValidation.status == 200)
        #expect(
            cbiValidation.json["response"]["items"].array?.first { $0["id"].string == "billing-source" }?["status"].string
                == "failed")
        let cbiBefore = try await cloud.spot("POST", "/cbi/v1/setup/account", token: organization.adminToken, json: cbi)
        #expect(cbiBefore.status == 400, "Cost Intelligence before billing: \(cbiBefore.text)")

        // The payer makes the bucket (with the billing policy) and the definition, through the
        // sandbox's CUR API as that account.
        try await cloud.createBucket(bucket, allowBillingReports: true, credentials: credentials)
        try await cloud.costAndUsageReports().putReportDefinition(
            LocalCloud.athenaDefinition(name: "spot-cur-hourly", bucket: bucket, prefix: "cur"), credentials: credentials)

        // A definition elsewhere (another prefix) does not match.
        var elsewhere = billing
        elsewhere["config"] = ["billingSource": ["bucket": bucket, "region": "us-east-1", "pathPrefix": "other/spot-cur-hourly"]]
        let mismatch = try await cloud.spot(
            "POST", "/cloudBilling/v1/setup/account/validation", token: organization.adminToken, json: elsewhere)
        #expect(
            mismatch.json["response"]["items"].array?.first { $0["id"].string == "cur-definition" }?["status"].string
                == "failed")

        let after = try await cloud.spot(
            "POST", "/cloudBilling/v1/setup/account/validation", token: organization.adminToken, json: billing)
        #expect(after.status == 200)
        let checksAfter = try #require(after.json["response"]["items"].array)
        #expect(checksAfter.compactMap { $0["id"].string } == [
            "credentials", "s3-list-bucket", "s3-get-object", "report-delivery", "cur-definition",
        ])
        // No file delivered yet: a warning only.
        #expect(checksAfter.allSatisfy { $0["status"].string == ($0["id"].string == "report-delivery" ? "warning" : "success") },
            "\(after.text)")

        let setup = try await cloud.spot("POST", "/cloudBilling/v1/setup/account", token: organization.adminToken, json: billing)
        #expect(setup.status == 200, "\(setup.text)")
        #expect(setup.json["response"]["items"][0]["accountId"].string == account)
        #expect(setup.json["response"]["items"][0]["externalProviderId"].string == awsAccount)
        #expect(setup.json["response"]["items"][0]["config"]["billingSource"]["bucket"].string == bucket)

        let list = try await cloud.spot("GET", "/cloudBilling/v1/setup/account", token: organization.adminToken)
        #expect(list.status == 200)
        #expect(list.json["response"]["count"].int == 1)
        let registered = list.json["response"]["items"][0]
        #expect(registered["accountId"].string == account)
        #expect(registered["statusSummary"].string == "partiallyConnected")
        let status = registered["status"][0]
        #expect(status["statusType"].string == "dataProcessing")
        #expect(status["statusCode"].string == "PENDING")
        #expect(list.json["response"]["paginationInfo"]["totalCount"].int == 1)

        // Cost Intelligence once billing is registered.
        let cbiAfter = try await cloud.spot("POST", "/cbi/v1/setup/account", token: organization.adminToken, json: cbi)
        #expect(cbiAfter.status == 200, "\(cbiAfter.text)")
        #expect(cbiAfter.json["response"]["items"][0]["externalProviderId"].string == awsAccount)
        let cbiList = try await cloud.spot("GET", "/cbi/v1/setup/account", token: organization.adminToken)
        #expect(cbiList.json["response"]["items"].array?.compactMap { $0["accountId"].string } == [account])
    }

    @Test("cloudBilling validation of an account without credentials fails the credentials check")
    func billingWithoutCredentials() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)

        let reply = try await cloud.spot(
            "POST", "/cloudBilling/v1/setup/account/validation", token: organization.adminToken,
            json: ["accountId": account, "config": ["billingSource": ["bucket": "b", "region": "us-east-1", "pathPrefix": "p/r"]]])

        #expect(reply.status == 200)
        let checks = try #require(reply.json["response"]["items"].array)
        #expect(checks.first { $0["id"].string == "credentials" }?["status"].string == "failed")
        #expect(checks.first { $0["id"].string == "cur-definition" }?["status"].string == "failed")
    }
}
