import Foundation

/// What the Spot stand-in remembers: organizations, their tokens, and their accounts with the
/// external ids, credentials and billing registrations of each.
struct SpotSandboxState: Sendable {
    /// A token's rights in its organization.
    enum Role: String, Sendable, Codable {
        /// May create accounts, list every account, and set up billing.
        case admin
        /// May read, but gets 403 on anything that changes state or lists the whole organization.
        case viewer
    }

    struct Grant: Sendable {
        var organizationID: String
        var role: Role
    }

    struct IssuedExternalID: Sendable {
        var value: String
        var maxValidUntil: Date
    }

    /// A product registration (cloudBilling or cbi).
    struct Registration: Sendable {
        var enabled: Date
        var updated: Date
        var billingSource: [String: String]?
    }

    /// The credentials a Spot account holds: the role Spot assumes and the external id the
    /// link was made with.
    struct Link: Sendable {
        var iamRole: String
        var externalID: String
        var linked: Date
        /// How many external ids had been issued to the account when it was linked: one issued
        /// after that replaces the link's id (``Account/externalIDInForce``).
        var issuedCount: Int
    }

    /// Why the last request about an account was refused, as the sandbox alone tells it
    /// (stderr and `/sandbox/state`; the client only gets a neutral answer).
    struct Refusal: Sendable {
        var operation: String
        var reason: String
        var at: Date
    }

    struct Account: Sendable {
        var id: String
        var name: String
        var organizationID: String
        /// The AWS account id, once credentials are linked.
        var providerExternalID: String?
        var externalIDs: [IssuedExternalID] = []
        var link: Link?
        var cloudBilling: Registration?
        var costIntelligence: Registration?
        var lastRefusal: Refusal?

        /// The external id Spot uses for the account now: the latest one issued, unless none
        /// was issued since the account was linked, when it is the one the link used. Issuing a
        /// new one replaces the old (openapi `createAWSAccountExternalId`: "You should use the
        /// external id when creating your AWS role … and after you create the role you need to
        /// call Set Credentials"; terraform-spotinst-aws-connect v0.3.1: "skip the creation of a
        /// new external ID if the account is already connected").
        var externalIDInForce: String? {
            if let link, externalIDs.count <= link.issuedCount { return link.externalID }
            return externalIDs.last?.value
        }
    }

    var grants: [String: Grant] = [:]
    var organizationNames: [String: String] = [:]
    var accounts: [String: Account] = [:]

    /// A fresh id in Spot's form: `act-` and 8 hex digits.
    mutating func newAccountID() -> String {
        while true {
            let id = "act-" + String(format: "%08x", UInt32.random(in: 0...UInt32.max))
            if accounts[id] == nil { return id }
        }
    }
}
