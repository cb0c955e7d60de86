import AWSKit
import AccountList

extension BillingAccessStep {
    /// What `billing-access` does for `account`: nothing over the network (the setting has no API).
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        StepDeclaration(
            step: .billingAccess,
            summary: account.billingAccessConfirmed
                ? "attested in the account list (billing_access_confirmed)"
                : "not attested: listed as a manual prerequisite (IAM access to the Billing console is a root-only setting, no API)")
    }
}
