import Onboarding

extension JournalReplay {
    /// An account a killed run left midway.
    public struct Interrupted: Sendable, Hashable {
        /// The payer account's id.
        public var accountID: String
        /// The steps that completed (succeeded, attention or resumed), in workflow order.
        public var completedSteps: [StepRecord]
        /// The outputs recorded after the last step that recorded any.
        public var outputs: AccountOutputs

        /// An interrupted account.
        public init(accountID: String, completedSteps: [StepRecord], outputs: AccountOutputs) {
            self.accountID = accountID
            self.completedSteps = completedSteps
            self.outputs = outputs
        }

        /// Where the account's workflow picks up (`AccountWorkflow.run(_:resume:…)`).
        public var resumePoint: ResumePoint { ResumePoint(completed: completedSteps, outputs: outputs) }

        /// The step to continue with: the one after the last completed step of its workflow
        /// (offboarding's when a completed step is one of its own, else onboarding's); `nil` when
        /// every step completed (only the account's result is missing).
        public var nextStep: WorkflowStep? {
            let offboarding = completedSteps.contains { !WorkflowStep.onboarding.contains($0.step) }
            let steps = offboarding ? WorkflowStep.offboarding : WorkflowStep.onboarding
            guard let last = completedSteps.last?.step else { return steps.first }
            guard let index = steps.firstIndex(of: last) else { return nil }
            let next = steps.index(after: index)
            return next < steps.endIndex ? steps[next] : nil
        }
    }
}
