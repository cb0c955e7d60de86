/// Turns the steps a check ran, with the changes its gate recorded, into what the check
/// reports: per step what a run would do, the verdict, and the account's status for the
/// summary (`connected` when in sync, else `failed` with `WouldChange`, `Drifted` or the code
/// the run would fail with).
struct CheckAssembly {
    let gate: ChangeGate
    let recorded: RecordedConnection?

    func assemble(_ result: AccountResult) -> AccountResult {
        var result = result
        let changes = gate.recorded
        let adopted = gate.adopted
        var steps: [StepCheck] = []
        for record in result.steps {
            let here = changes.filter { $0.step == record.step }
            let action: CheckAction
            if record.status == .failed {
                action = .blocked(code: result.error?.code ?? .unexpected, reason: result.error?.message ?? record.detail)
            } else if here.contains(where: { $0.kind == .create }) {
                action = .create
            } else if !here.isEmpty {
                action = .update
            } else if adopted.contains(where: { $0.step == record.step }) {
                action = .adopt
            } else {
                action = .noChange
            }
            let calls = here.map(\.sentence)
            let adoptions = adopted.filter { $0.step == record.step }.map { "adopt \($0.subject)" }
            let detail = ([record.detail] + (calls + adoptions).map { "a run would \($0)" }).joined(separator: "; ")
            steps.append(StepCheck(step: record.step, action: action, detail: detail))
        }
        let blocked = steps.first { if case .blocked = $0.action { true } else { false } }
        let changing = steps.first { $0.action != .noChange }
        let verdict: CheckVerdict =
            !result.drift.isEmpty ? .drifted : blocked != nil ? .blocked : changing != nil ? .wouldChange : .inSync
        result.check = AccountCheck(steps: steps, verdict: verdict, comparedWith: recorded?.runID)
        switch verdict {
        case .inSync:
            result.status = .connected
            result.error = nil
        case .drifted:
            result.status = .failed
            let first = result.drift[0]
            result.error = AccountFailure(
                step: first.step, code: .drifted,
                message: "drifted since the run that connected it: "
                    + result.drift.map { "\($0.kind.rawValue): \($0.detail)" }.joined(separator: "; ")
                    + (result.error.map { ". A run would fail at \($0.step.rawValue) with \($0.code.rawValue): \($0.message)" } ?? ""),
                rerunMayFix: result.error == nil && result.drift.allSatisfy { $0.remedy == .run })
        case .blocked:
            result.status = .failed
        case .wouldChange:
            result.status = .failed
            let summary = steps.filter { $0.action != .noChange }.map { step in
                let made = changes.filter { $0.step == step.step }.map(\.sentence)
                    + adopted.filter { $0.step == step.step }.map { "adopt \($0.subject)" }
                return "\(step.step.rawValue): \(made.joined(separator: ", "))"
            }
            result.error = AccountFailure(
                step: changing?.step ?? .verify, code: .wouldChange,
                message: "a run would change it: " + summary.joined(separator: "; "), rerunMayFix: true)
        }
        return result
    }
}
