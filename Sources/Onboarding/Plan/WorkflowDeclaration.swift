import AccountList

/// Every step's declaration for one account, in workflow order: what ``AccountPlanner`` puts in
/// the plan and what the workflow is held to.
enum WorkflowDeclaration {
    /// The declarations of all steps for `account` under `settings`.
    static func steps(for account: PayerAccount, settings: OnboardingSettings) -> [StepDeclaration] {
        WorkflowStep.onboarding.map { declaration(of: $0, for: account, settings: settings) }
    }

    /// The declaration of `step` (the switch keeps every step declared).
    static func declaration(of step: WorkflowStep, for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        switch step {
        case .input: InputStep.declaration(for: account, settings: settings)
        case .partition: PartitionStep.declaration(for: account, settings: settings)
        case .login: LoginStep.declaration(for: account, settings: settings)
        case .billingAccess: BillingAccessStep.declaration(for: account, settings: settings)
        case .costAndUsageReport: CostAndUsageReportStep.declaration(for: account, settings: settings)
        case .spotAccount: SpotAccountStep.declaration(for: account, settings: settings)
        case .stack: StackStep.declaration(for: account, settings: settings)
        case .register: RegisterStep.declaration(for: account, settings: settings)
        case .verify: VerifyStep.declaration(for: account, settings: settings)
        case .deregister, .deleteStack, .deleteCostAndUsageReport:
            preconditionFailure("\(step.rawValue) is an offboarding step: `plan` plans onboarding")
        }
    }
}
