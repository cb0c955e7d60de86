import AWSKit
import AccountList

/// How onboard logs in to a payer account: the row's role or profile, or the role named by
/// `--access-role-name`; ``none`` when the row gives no way in (no default role: see
/// ``OnboardingSettings/accessRoleName``).
public enum PayerLogin: Sendable, Hashable {
    /// Assume `roleARN` from the operator's credentials of the payer's partition.
    case assumeRole(roleARN: String, externalID: String?)
    /// Use a named profile of the shared AWS config files.
    case profile(String)
    /// Neither the row nor the options name a way to log in.
    case none

    /// The login for `account` in `partition` under `settings`.
    public static func resolve(_ account: PayerAccount, partition: Partition, settings: OnboardingSettings) -> PayerLogin {
        switch account.login {
        case .profile(let name):
            return .profile(name)
        case .assumeRole(let roleARN?, let externalID):
            return .assumeRole(roleARN: roleARN, externalID: externalID)
        case .assumeRole(nil, let externalID):
            guard let name = settings.accessRoleName else { return .none }
            return .assumeRole(
                roleARN: "arn:\(partition.rawValue):iam::\(account.accountID):role/\(name)", externalID: externalID)
        }
    }

    /// Why a row with ``none`` cannot run, and how to fix it.
    public static let noneReason =
        "the row names no way to log in to the payer: give access_role_arn (a role in the management account that trusts the operator) or aws_profile, or pass --access-role-name for every row (there is no default: OrganizationAccountAccessRole exists only in member accounts)"
}
