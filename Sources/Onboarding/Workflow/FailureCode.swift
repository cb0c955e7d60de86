/// Why an account failed, as a stable code: one of the workflow's own (the cases), or the code a
/// service answered with (``service(_:)``: AWS's `AccessDenied`, Spot's `FORBIDDEN`, …).
///
/// Reports show ``rawValue``: the case's name with a capital first letter for the workflow's own
/// codes, the service's code unchanged otherwise.
public enum FailureCode: Sendable, Hashable {
    // partition
    /// A China row, and Spot's principals in AWS China are not configured.
    case spotPrincipalsMissing
    // login
    /// The row names no way to log in (no `access_role_arn`, `aws_profile`, or `--access-role-name`).
    case noLoginMethod
    /// A China row, and no operator credentials of the `aws-cn` partition are configured.
    case noChinaCredentials
    /// The credentials belong to another AWS account than the row's.
    case wrongAccount
    /// The account is in no AWS Organization.
    case notInOrganization
    /// The account is a member, not the management account, of its organization.
    case notManagementAccount
    /// A step after `login` ran without the payer's credentials (a resume that lost them).
    case notLoggedIn
    // cur
    /// The named (or only) report does not suit Spot, and onboard does not modify it.
    case nonCompliantReport
    /// The account already has 5 report definitions, none suitable.
    case reportLimitReached
    /// The bucket is outside the CUR region.
    case bucketInWrongRegion
    /// The bucket belongs to another AWS account.
    case bucketOwnedByAnotherAccount
    /// The bucket is the payer's, but refuses the access role.
    case bucketAccessDenied
    /// The bucket's existing policy cannot be read as JSON, so it is not merged into or replaced.
    case bucketPolicyUnreadable
    // spot-account
    /// The Spot account the row names is not in the Spot organization.
    case spotAccountNotFound
    /// The Spot account is connected to another AWS account.
    case spotAccountLinkedElsewhere
    /// The row's `spot_account_id` differs from the one onboard's stack was made for.
    case spotAccountMismatch
    /// A stack of the stack name exists that onboard did not make (no `managed-by` tag).
    case stackNotManagedByOnboard
    /// CreateAccount's answer was lost, and more than one unclaimed Spot account of the row's
    /// name appeared meanwhile: which one the call made cannot be told, so none is used.
    case spotAccountCreationAmbiguous
    // stack
    /// The stack needs a person (`ROLLBACK_FAILED`, `DELETE_FAILED`, `UPDATE_ROLLBACK_FAILED`…).
    case stackNeedsPerson
    /// The stack rolled back; the next run deletes and recreates it.
    case stackRolledBack
    /// The stack ended in another failed state.
    case stackFailed
    /// The stack stayed in progress past the timeout.
    case stackTimeout
    /// The stack disappeared while it was waited for.
    case stackVanished
    /// The stack has no role output.
    case missingOutput
    // register
    /// Spot did not accept the role within the propagation window.
    case credentialsRefused
    /// Spot's billing validation failed.
    case billingValidationFailed
    /// Spot's Cost Intelligence validation failed.
    case costIntelligenceValidationFailed
    /// A step found nothing to work on from the steps before it (a resume that lost outputs).
    case missingOutputs
    // verify
    /// Spot does not list the account as connected to the payer.
    case notLinked
    /// Anything else that went wrong inside the tool.
    case unexpected
    // check (the report of `onboard check`, not a failure of a run)
    /// `onboard run` would create, adopt or update something for the account.
    case wouldChange
    /// Something changed since the run that connected the account.
    case drifted
    /// The code a service answered with.
    case service(String)

    /// The workflow's own codes, for decoding by name and for listing.
    public static let workflowCodes: [FailureCode] = [
        .spotPrincipalsMissing,
        .noLoginMethod,
        .noChinaCredentials,
        .wrongAccount,
        .notInOrganization,
        .notManagementAccount,
        .notLoggedIn,
        .nonCompliantReport,
        .reportLimitReached,
        .bucketInWrongRegion,
        .bucketOwnedByAnotherAccount,
        .bucketAccessDenied,
        .bucketPolicyUnreadable,
        .spotAccountNotFound,
        .spotAccountLinkedElsewhere,
        .spotAccountMismatch,
        .stackNotManagedByOnboard,
        .spotAccountCreationAmbiguous,
        .stackNeedsPerson,
        .stackRolledBack,
        .stackFailed,
        .stackTimeout,
        .stackVanished,
        .missingOutput,
        .credentialsRefused,
        .billingValidationFailed,
        .costIntelligenceValidationFailed,
        .missingOutputs,
        .notLinked,
        .unexpected,
        .wouldChange,
        .drifted,
    ]
}

extension FailureCode: RawRepresentable, Codable, CustomStringConvertible {
    /// The code as reports show it.
    public var rawValue: String {
        switch self {
        case .service(let code): return code
        case .spotPrincipalsMissing: return "SpotPrincipalsMissing"
        case .noLoginMethod: return "NoLoginMethod"
        case .noChinaCredentials: return "NoChinaCredentials"
        case .wrongAccount: return "WrongAccount"
        case .notInOrganization: return "NotInOrganization"
        case .notManagementAccount: return "NotManagementAccount"
        case .notLoggedIn: return "NotLoggedIn"
        case .nonCompliantReport: return "NonCompliantReport"
        case .reportLimitReached: return "ReportLimitReached"
        case .bucketInWrongRegion: return "BucketInWrongRegion"
        case .bucketOwnedByAnotherAccount: return "BucketOwnedByAnotherAccount"
        case .bucketAccessDenied: return "BucketAccessDenied"
        case .bucketPolicyUnreadable: return "BucketPolicyUnreadable"
        case .spotAccountNotFound: return "SpotAccountNotFound"
        case .spotAccountLinkedElsewhere: return "SpotAccountLinkedElsewhere"
        case .spotAccountMismatch: return "SpotAccountMismatch"
        case .stackNotManagedByOnboard: return "StackNotManagedByOnboard"
        case .spotAccountCreationAmbiguous: return "SpotAccountCreationAmbiguous"
        case .stackNeedsPerson: return "StackNeedsPerson"
        case .stackRolledBack: return "StackRolledBack"
        case .stackFailed: return "StackFailed"
        case .stackTimeout: return "StackTimeout"
        case .stackVanished: return "StackVanished"
        case .missingOutput: return "MissingOutput"
        case .credentialsRefused: return "CredentialsRefused"
        case .billingValidationFailed: return "BillingValidationFailed"
        case .costIntelligenceValidationFailed: return "CostIntelligenceValidationFailed"
        case .missingOutputs: return "MissingOutputs"
        case .notLinked: return "NotLinked"
        case .unexpected: return "Unexpected"
        case .wouldChange: return "WouldChange"
        case .drifted: return "Drifted"
        }
    }

    /// A workflow code by its name, or else the service's code.
    public init(rawValue: String) {
        self = Self.byName[rawValue] ?? .service(rawValue)
    }

    // Keyed by name only: hashing a FailureCode goes through `rawValue` (RawRepresentable).
    private static let byName: [String: FailureCode] = Dictionary(
        uniqueKeysWithValues: workflowCodes.map { ($0.rawValue, $0) })

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
