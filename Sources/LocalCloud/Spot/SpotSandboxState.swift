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

    struct Account: Sendable {
        var id: String
        var name: String
        var organizationID: String
        /// The AWS account id, once credentials are linked.
        var providerExternalID: String?
        var iamRole: String?
        var externalIDs: [IssuedExternalID] = []
        /// External ids that a successful credential link used: stay in force after they expire.
        var externalIDsInForce: Set<String> = []
        var cloudBilling: Registration?
        var costIntelligence: Registration?
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
