import Onboarding

extension AccountResult {
    /// The record of `step`, when the run reached it.
    func step(_ step: WorkflowStep) -> StepRecord? {
        steps.last { $0.step == step }
    }

    /// The detail of `step`, or "" when the run did not reach it.
    func detail(_ step: WorkflowStep) -> String {
        self.step(step)?.detail ?? ""
    }
}
