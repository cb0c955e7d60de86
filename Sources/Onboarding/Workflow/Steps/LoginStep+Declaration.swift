import AWSKit
import AccountList

extension LoginStep {
    /// What `login` does for `account`: its credentials, then who they belong to.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        let partition = account.partition
        var declaration = StepDeclaration(step: .login, summary: "")
        let checks = "; the caller must be \(account.accountID), the management account of its organization"
        switch PayerLogin.resolve(account, partition: partition, settings: settings) {
        case .none:
            declaration.summary = "blocked: \(PayerLogin.noneReason)"
            return declaration
        case .assumeRole(let roleARN, let externalID):
            declaration.summary = "assume \(roleARN) from the operator's \(partition.rawValue) credentials"
                + (externalID == nil ? "" : " with the row's external id") + checks
            declaration.aws(
                .assumeRole,
                "the payer's credentials, from the operator's (one-hour sessions, assumed again before they end, in whichever step is running then)")
        case .profile(let name):
            declaration.summary = "the credentials of profile \(name)" + checks
            declaration.aws(
                .assumeRole, "the payer's credentials, from the profile's source_profile (again before they expire)",
                .only(when: "the profile names a role_arn"))
        }
        declaration.aws(.getCallerIdentity, "the credentials must belong to \(account.accountID)")
        declaration.aws(.describeOrganization, "\(account.accountID) must be the organization's management account")
        return declaration
    }
}
