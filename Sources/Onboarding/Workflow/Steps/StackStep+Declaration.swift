import AWSKit
import AccountList

extension StackStep {
    /// What `stack` does for `account`: create or update onboard's stack and wait for it, unless
    /// the credentials Spot has in force are kept.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        let name = settings.stackName
        let region = account.partition.defaultRegion
        var declaration = StepDeclaration(
            step: .stack,
            summary: "create or update stack \(name) in \(region) from \(AccountPlanner.templateFile(partition: account.partition, products: account.products)) (CAPABILITY_NAMED_IAM), wait for it, read the role ARNs from its outputs; ROLLBACK_COMPLETE is deleted and created again, ROLLBACK_FAILED/DELETE_FAILED need a person")
        // Without --replace-credentials, a role onboard did not make that Spot has in force is
        // kept, and no stack is deployed at all.
        let deploys = settings.replaceCredentials ? nil : "no role in force is kept"
        if !settings.replaceCredentials {
            declaration.summary += "; no stack when Spot's credentials in force are a role onboard did not make (they are kept)"
        }
        func when(_ condition: String?) -> CallCondition {
            switch (deploys, condition) {
            case (nil, nil): .always
            case (let deploys?, nil): .only(when: deploys)
            case (nil, let condition?): .only(when: condition)
            case (let deploys?, let condition?): .only(when: "\(condition), and \(deploys)")
            }
        }
        declaration.aws(
            .describeStacks, "the stack's status; again with growing waits until it leaves *_IN_PROGRESS (up to the stack timeout)",
            when(nil))
        declaration.aws(
            .deleteStack, "delete a rolled-back stack before creating it again (with the same external id)",
            when("the stack is ROLLBACK_COMPLETE"))
        declaration.aws(
            .createStack, "create the stack with tags managed-by and spot-account and a ClientRequestToken",
            when("no stack of that name exists (or it was just deleted)"))
        declaration.aws(
            .updateStack, "update onboard's stack in place (\"No updates are to be performed\" is success)",
            when("onboard's stack exists"))
        declaration.aws(
            .describeStackEvents, "why the stack failed: the earliest failed event of the operation",
            when("the stack failed, rolled back or needs a person"))
        return declaration
    }
}
