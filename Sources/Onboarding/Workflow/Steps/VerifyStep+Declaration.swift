import AWSKit
import AccountList

extension VerifyStep {
    /// What `verify` does for `account`: read back that Spot lists it as connected.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        var declaration = StepDeclaration(
            step: .verify,
            summary: "read back that Spot lists the Spot account as connected to \(account.accountID); data processing follows within 48 hours")
        declaration.spot(
            .get, "/setup/account?cloudAccountId=\(account.accountID)", "Spot must list the Spot account as connected to the payer")
        return declaration
    }
}
