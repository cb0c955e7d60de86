import Foundation
import LocalCloud
import TestSupport
import Testing

/// Linking a Spot account to an AWS account: the sandbox looks the role up in moto (as the
/// role's account) and reads its trust policy the way Spot's AssumeRole would fare. A refusal
/// says nothing a client could match on (``expectNeutralRefusal(_:_:account:because:)``): the
/// reason is in `/sandbox/state` only.
///
/// The scenario makes a role unusable for `iamPropagationSeconds` (2 s) after its creation, so
/// the tests that need a usable role wait that long for real: it is the sandbox's behaviour.
@Suite("Spot API: setting AWS credentials")
struct SpotCredentialTests {
    /// `reply` is Spot's neutral refusal (400, `REQUEST_FAILED`, "The request could not be
    /// completed.", no field), and `/sandbox/state` keeps a reason for `account` containing
    /// `because`.
    static func expectNeutralRefusal(
        _ cloud: LocalCloud, _ reply: LocalCloud.Reply, account: String, because: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        #expect(reply.status == 400, "\(reply.text)", sourceLocation: sourceLocation)
        let error = reply.json["response"]["errors"][0]
        #expect(error["code"].string == "REQUEST_FAILED", "\(reply.text)", sourceLocation: sourceLocation)
        #expect(error["message"].string == "The request could not be completed.", sourceLocation: sourceLocation)
        #expect(!error["field"].exists, sourceLocation: sourceLocation)
        let lower = reply.json["response"].description.lowercased()
        for word in ["credential", "assum", "trust", "external", "role", "propagat", "accessdenied"] {
            #expect(!lower.contains(word), "the refusal mentions \(word): \(reply.text)", sourceLocation: sourceLocation)
        }
        let reason = try await cloud.spotAccountState(account)["lastRefusal"]["reason"].string ?? ""
        #expect(reason.contains(because), "lastRefusal: \(reason)", sourceLocation: sourceLocation)
    }

    @Test("A role that does not exist in moto is refused with 400, neutrally")
    func missingRole() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)
        _ = try await cloud.issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()

        let reply = try await cloud.setCredentials(organization, account: account, roleARN: "arn:aws:iam::\(awsAccount):role/SpotRole")

        try await Self.expectNeutralRefusal(cloud, reply, account: account, because: "does not exist")
        let listed = try await cloud.spot("GET", "/setup/account?cloudAccountId=\(awsAccount)", token: organization.adminToken)
        #expect(listed.json["response"]["count"].int == 0)
    }

    @Test("A role whose trust policy lacks Spot's platform principal with sts:ExternalId is refused with 400")
    func trustPolicyWithoutSpot() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)
        let externalID = try await cloud.issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        // Trusts another account, with the right external id.
        let otherPrincipal = try await cloud.createRole(
            "TrustsSomeoneElse", in: awsAccount,
            trustPolicy: LocalCloud.spotTrustPolicy(externalID: externalID, principal: "arn:aws:iam::\(FreshNames.accountID()):root"))
        // Trusts Spot, without the sts:ExternalId condition.
        let noCondition = try await cloud.createRole(
            "TrustsSpotWithoutExternalId", in: awsAccount,
            trustPolicy: [
                "Version": "2012-10-17",
                "Statement": [[
                    "Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::\(LocalCloud.spotPlatformAccount):root"],
                    "Action": "sts:AssumeRole",
                ]],
            ])
        try await otherPrincipal.waitForPropagation()
        try await noCondition.waitForPropagation()

        for role in [otherPrincipal.arn, noCondition.arn] {
            let reply = try await cloud.setCredentials(organization, account: account, roleARN: role)
            try await Self.expectNeutralRefusal(cloud, reply, account: account, because: "trust policy")
        }
        let listed = try await cloud.spot("GET", "/setup/account?cloudAccountId=\(awsAccount)", token: organization.adminToken)
        #expect(listed.json["response"]["count"].int == 0)
    }

    @Test("Spot's principal with an issued external id links the account; GET ?cloudAccountId lists it")
    func linksAccount() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization, name: "Linked payer")
        let externalID = try await cloud.issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        let role = try await cloud.createRole(
            "SpotRole", in: awsAccount, trustPolicy: LocalCloud.spotTrustPolicy(externalID: externalID))
        #expect(role.arn == "arn:aws:iam::\(awsAccount):role/SpotRole")
        try await role.waitForPropagation()

        let reply = try await cloud.setCredentials(organization, account: account, roleARN: role.arn)
        #expect(reply.status == 200, "\(reply.text)")
        #expect(reply.json["response"]["status"]["code"].int == 200)

        for token in [organization.adminToken, organization.viewerToken] {
            let listed = try await cloud.spot("GET", "/setup/account?cloudAccountId=\(awsAccount)", token: token)
            #expect(listed.status == 200)
            #expect(listed.json["response"]["count"].int == 1)
            let item = listed.json["response"]["items"][0]
            #expect(item["accountId"].string == account)
            #expect(item["name"].string == "Linked payer")
            #expect(item["providerExternalId"].string == awsAccount)
        }
        // Another AWS account lists nothing.
        let other = try await cloud.spot(
            "GET", "/setup/account?cloudAccountId=\(FreshNames.accountID())", token: organization.adminToken)
        #expect(other.json["response"]["count"].int == 0)
    }

    @Test("A trust policy with an external id Spot did not issue to the account is refused with 400, neutrally")
    func wrongExternalID() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)
        _ = try await cloud.issueExternalID(organization, account: account)
        // Issued, but to another Spot account of the same organization.
        let neighbour = try await cloud.createSpotAccount(organization)
        let neighboursID = try await cloud.issueExternalID(organization, account: neighbour)
        let awsAccount = FreshNames.accountID()
        let invented = try await cloud.createRole(
            "InventedExternalId", in: awsAccount,
            trustPolicy: LocalCloud.spotTrustPolicy(externalID: "spotinst:aws:extid:\(UUID().uuidString.lowercased())"))
        let borrowed = try await cloud.createRole(
            "NeighboursExternalId", in: awsAccount, trustPolicy: LocalCloud.spotTrustPolicy(externalID: neighboursID))
        try await invented.waitForPropagation()
        try await borrowed.waitForPropagation()

        for role in [invented.arn, borrowed.arn] {
            let reply = try await cloud.setCredentials(organization, account: account, roleARN: role)
            try await Self.expectNeutralRefusal(cloud, reply, account: account, because: "external id in force")
        }
        let listed = try await cloud.spot("GET", "/setup/account?cloudAccountId=\(awsAccount)", token: organization.adminToken)
        #expect(listed.json["response"]["count"].int == 0)
    }

    @Test("IAM propagation: a role younger than the window is refused, and accepted once the window passed")
    func iamPropagation() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)
        let externalID = try await cloud.issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        // A wide window for this account only, so a loaded machine (slow CreateRole) cannot
        // carry the first attempt past it.
        let window = 25.0
        try await cloud.addFaults([FaultRule(account: awsAccount, action: .iamPropagation, propagationSeconds: window)])
        let role = try await cloud.createRole(
            "FreshSpotRole", in: awsAccount, trustPolicy: LocalCloud.spotTrustPolicy(externalID: externalID))

        let early = try await cloud.setCredentials(organization, account: account, roleARN: role.arn)
        let earlyAge = Date().timeIntervalSince(role.created)
        #expect(earlyAge < window, "the first attempt came \(earlyAge) s after the role's creation")
        try await Self.expectNeutralRefusal(cloud, early, account: account, because: "IAM propagation")

        try await role.waitUntilAge(window + 0.5)
        let later = try await cloud.setCredentials(organization, account: account, roleARN: role.arn)
        #expect(later.status == 200, "\(later.text)")
        let listed = try await cloud.spot("GET", "/setup/account?cloudAccountId=\(awsAccount)", token: organization.adminToken)
        #expect(listed.json["response"]["items"][0]["providerExternalId"].string == awsAccount)
    }
}
