import AccountList
import Onboarding

/// What the batch runner runs for each account: `onboard run`'s ``AccountWorkflow`` or
/// `onboard offboard`'s ``OffboardingWorkflow``. The parameters are ``AccountWorkflow``'s:
/// steps an interrupted run completed, a stop asked before each step, the observer of finished
/// steps, the mid-step checkpoint; nil when a stop interrupted the account.
public protocol BatchWorkflow: Sendable {
    func run(
        _ account: PayerAccount, resume: ResumePoint?, shouldStop: @Sendable () -> Bool,
        observer: @Sendable (StepRecord, AccountOutputs) -> Void,
        checkpoint: @escaping @Sendable (AccountOutputs) -> Void
    ) async -> AccountResult?
}

extension AccountWorkflow: BatchWorkflow {}

extension OffboardingWorkflow: BatchWorkflow {}
