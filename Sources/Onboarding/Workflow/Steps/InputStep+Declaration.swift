import AWSKit
import AccountList

extension InputStep {
    /// What `input` does for `account`: nothing over the network.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        StepDeclaration(step: .input, summary: "its row of the account list is valid (checked as the list was read)")
    }
}
