import AWSKit
import AccountList

extension PartitionStep {
    /// What `partition` does for `account`: nothing over the network.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        let partition = account.partition
        guard let principals = settings.principals(for: partition), principals.isComplete else {
            return StepDeclaration(step: .partition, summary: "blocked: \(AccountPlanner.missingChinaPrincipals)")
        }
        return StepDeclaration(
            step: .partition,
            summary: detail(partition) + "; Spot's platform account \(principals.platformAccountID)")
    }
}
