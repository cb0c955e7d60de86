import Foundation
import Testing

/// Cost Intelligence validation checks the linked role against the actions Spot publishes
/// (../shared/reference/spot-policies/cost-intelligence.json), and registration refuses when
/// that check fails.
@Suite("Spot API: Cost Intelligence needs the published actions")
struct SpotCostIntelligenceAccessTests {
    static let prefix = "cur/spot-cur-hourly"

    @Test("Billing Engine grants only: permissions fail with the count and examples; registration is refused neutrally")
    func missingActions() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, _, bucket, _) = try await cloud.linkedAccountWithReport(organization) { bucket in
            ["BillingEngine": LocalCloud.billingEnginePolicy(bucket: bucket, pathPrefix: Self.prefix)]
        }
        let billing = try await cloud.spot(
            "POST", "/cloudBilling/v1/setup/account", token: organization.adminToken,
            json: LocalCloud.billingBody(account, bucket: bucket, pathPrefix: Self.prefix))
        #expect(billing.status == 200, "\(billing.text)")
        let body: [String: Any] = ["account": ["accountId": account]]

        let checks = try await cloud.validation(organization, "/cbi/v1/setup/account/validation", body)
        #expect(checks["credentials"]?["status"].string == "success")
        #expect(checks["billing-source"]?["status"].string == "success")
        let permissions = try #require(checks["permissions"])
        #expect(permissions["status"].string == "failed")
        let info = permissions["validationInfo"].string ?? ""
        #expect(info.contains("131 of the 131"), "\(info)")
        #expect(info.contains("access-analyzer:List*"), "\(info)")

        let setup = try await cloud.spot("POST", "/cbi/v1/setup/account", token: organization.adminToken, json: body)
        try await SpotCredentialTests.expectNeutralRefusal(cloud, setup, account: account, because: "permissions")
    }

    @Test("The published policy (as a managed policy) passes; one action denied fails it again")
    func publishedPolicy() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, awsAccount, bucket, credentials) = try await cloud.linkedAccountWithReport(organization) { bucket in
            ["BillingEngine": LocalCloud.billingEnginePolicy(bucket: bucket, pathPrefix: Self.prefix)]
        }
        try await cloud.attachManagedPolicy(
            "SpotRole", name: "CostIntelligence-\(awsAccount)", document: try LocalCloud.costIntelligencePolicy(),
            credentials: credentials)
        let billing = try await cloud.spot(
            "POST", "/cloudBilling/v1/setup/account", token: organization.adminToken,
            json: LocalCloud.billingBody(account, bucket: bucket, pathPrefix: Self.prefix))
        #expect(billing.status == 200, "\(billing.text)")
        let body: [String: Any] = ["account": ["accountId": account]]

        let checks = try await cloud.validation(organization, "/cbi/v1/setup/account/validation", body)
        #expect(checks["permissions"]?["status"].string == "success", "\(checks)")
        let setup = try await cloud.spot("POST", "/cbi/v1/setup/account", token: organization.adminToken, json: body)
        #expect(setup.status == 200, "\(setup.text)")

        try await cloud.putRolePolicy(
            "SpotRole", name: "NoTables", document: LocalCloud.policy(["dynamodb:ListTables"], on: ["*"], effect: "Deny"),
            credentials: credentials)
        let denied = try await cloud.validation(organization, "/cbi/v1/setup/account/validation", body)
        #expect(denied["permissions"]?["status"].string == "failed")
        #expect(denied["permissions"]?["validationInfo"].string?.contains("dynamodb:ListTables") == true)
        #expect(denied["permissions"]?["validationInfo"].string?.contains("1 explicitly denied") == true)
    }
}
