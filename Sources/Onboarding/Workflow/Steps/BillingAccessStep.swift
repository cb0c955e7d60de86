import AWSKit
import AccountList
/// `billing-access`: IAM access to the Billing console is a root-only setting with no API, so
/// the row attests it; otherwise it stays a manual prerequisite in the report (the plan lists it).
struct BillingAccessStep {
    /// The detail, and whether a person still has to act.
    func run(_ context: AccountContext) -> (detail: String, needsPerson: Bool) {
        if context.account.billingAccessConfirmed {
            return ("attested in the account list (billing_access_confirmed)", false)
        }
        return ("not attested: listed as a manual prerequisite (Spot cannot read billing data until it is done)", true)
    }
}
