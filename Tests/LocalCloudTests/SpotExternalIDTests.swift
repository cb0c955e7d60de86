import Foundation
import TestSupport
import Testing

/// Only the external id in force links a role: the latest issued, or, when none was issued since
/// the account was linked, the one the link used (openapi `createAWSAccountExternalId`;
/// terraform-spotinst-aws-connect v0.3.1).
@Suite("Spot API: the external id in force")
struct SpotExternalIDTests {
    @Test("An older issued external id is refused once a newer one is issued; the newest links")
    func olderRefused() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)
        let older = try await cloud.issueExternalID(organization, account: account)
        let newer = try await cloud.issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        let trustsOlder = try await cloud.createRole(
            "TrustsOlder", in: awsAccount, trustPolicy: LocalCloud.spotTrustPolicy(externalID: older))
        let trustsNewer = try await cloud.createRole(
            "TrustsNewer", in: awsAccount, trustPolicy: LocalCloud.spotTrustPolicy(externalID: newer))
        try await trustsNewer.waitForPropagation()

        let refused = try await cloud.setCredentials(organization, account: account, roleARN: trustsOlder.arn)
        try await SpotCredentialTests.expectNeutralRefusal(cloud, refused, account: account, because: "external id in force")
        let state = try await cloud.spotAccountState(account)
        #expect(state["externalIdsIssued"].int == 2)
        #expect(state["externalIdInForce"].string == newer)
        #expect(!state["credentialsInForce"].exists)

        let linked = try await cloud.setCredentials(organization, account: account, roleARN: trustsNewer.arn)
        #expect(linked.status == 200, "\(linked.text)")
        let after = try await cloud.spotAccountState(account)
        #expect(after["credentialsInForce"]["iamRole"].string == trustsNewer.arn)
        #expect(after["credentialsInForce"]["externalId"].string == newer)
    }

    @Test("The link's id stays in force until a new one is issued; then only the new one does")
    func issuingReplacesTheLink() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let (account, awsAccount) = try await cloud.linkedSpotAccount(organization)
        let roleARN = "arn:aws:iam::\(awsAccount):role/SpotRole"

        // Setting the same role again: the link's id is still the one in force.
        let again = try await cloud.setCredentials(organization, account: account, roleARN: roleARN)
        #expect(again.status == 200, "\(again.text)")

        let replacement = try await cloud.issueExternalID(organization, account: account)
        #expect(try await cloud.spotAccountState(account)["externalIdInForce"].string == replacement)
        let refused = try await cloud.setCredentials(organization, account: account, roleARN: roleARN)
        try await SpotCredentialTests.expectNeutralRefusal(cloud, refused, account: account, because: "external id in force")

        // Spot now assumes the linked role with the new id, which the role does not trust.
        let checks = try await cloud.validation(
            organization, "/cloudBilling/v1/setup/account/validation",
            LocalCloud.billingBody(account, bucket: "any-bucket", pathPrefix: "cur/spot-cur-hourly"))
        #expect(checks["credentials"]?["status"].string == "failed")
    }
}
