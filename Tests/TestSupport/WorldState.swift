import AWSKit
import Foundation
import SpotKit

/// Everything the scripted world holds: the payers (AWS accounts), the S3 buckets, and one Spot
/// organization with its accounts, registrations and validation answers.
///
/// ``happy(payer:)`` is the world where everything works: a management account of its own
/// organization, no reports, the default bucket name free, no stack, a Spot organization with
/// no accounts, every validation `success`.
public struct WorldState: Sendable {
    /// The operator's own account (the source of every assume-role).
    public var operatorAccountID = "444455556666"
    /// The payers, by account id.
    public var payers: [String: WorldPayer] = [:]
    /// The buckets, by name.
    public var buckets: [String: WorldBucket] = [:]
    /// The Spot organization's id.
    public var spotOrganizationID = "606079861123"
    /// The Spot organization's accounts, in creation order.
    public var spotAccounts: [WorldSpotAccount] = []
    /// Spot accounts with billing (Billing Engine) set up.
    public var billingRegistered: Set<String> = []
    /// Spot accounts with Cost Intelligence set up.
    public var costIntelligenceRegistered: Set<String> = []
    /// What `POST /cloudBilling/v1/setup/account/validation` answers.
    public var billingValidation: [SpotValidationCheck] = [
        SpotValidationCheck(id: "bucketAccess", checkDescription: "Spot can read the CUR bucket", status: .success),
        SpotValidationCheck(id: "curExists", checkDescription: "The CUR exists", status: .success),
    ]
    /// What `POST /cbi/v1/setup/account/validation` answers.
    public var costIntelligenceValidation: [SpotValidationCheck] = [
        SpotValidationCheck(id: "readOnlyPolicy", checkDescription: "The role can read cost data", status: .success),
    ]
    /// Whether `POST /setup/credentials/aws` connects the Spot account to the role's AWS account.
    public var setCredentialsLinks = true
    /// How stacks the workflow creates or updates end.
    public var stackOutcome: WorldStackOutcome = .complete
    /// How many `DescribeStacks` show a stack operation in progress before it ends.
    public var stackPolls = 1
    /// The name of the role the onboarding template makes for Spot's platform (`SpotRoleArn`).
    public var spotRoleName = "SpotOnboardingRole"
    /// The name of the FinOps role (`SpotFinOpsRoleArn`), made when the template holds `SpotFinOpsRole`.
    public var finOpsRoleName = "SpotOnboardingFinOpsRole"

    /// How many Spot accounts the world made (the next id is `act-` and 0x5e1f0a00 plus it, in hex).
    public var madeSpotAccounts = 0
    /// How many external ids the world issued.
    public var madeExternalIDs = 0
    /// How many stacks the world made (their ids' serials).
    public var madeStacks = 0

    /// An empty world.
    public init() {}

    /// The world where everything works for `payer` (see the type's documentation).
    public static func happy(payer: String = "123456789012") -> WorldState {
        var state = WorldState()
        state.payers[payer] = WorldPayer(accountID: payer)
        return state
    }

    /// The Spot account `id`.
    public func spotAccount(_ id: String) -> WorldSpotAccount? {
        spotAccounts.first { $0.id == id }
    }

    /// Changes the Spot account `id`, when there is one.
    public mutating func updateSpotAccount(_ id: String, _ change: (inout WorldSpotAccount) -> Void) {
        guard let index = spotAccounts.firstIndex(where: { $0.id == id }) else { return }
        change(&spotAccounts[index])
    }
}
