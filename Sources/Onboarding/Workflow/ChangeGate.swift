import Synchronization

/// The one door every change of the workflow goes through: each step reads and decides the same
/// way in a run and in a check, and hands each create, update or delete it decided on to
/// ``make(_:madeWhen:_:)``. In ``WorkflowMode/run`` the gate makes the call and records the
/// change made; in ``WorkflowMode/check`` it makes no call and records the change that would be
/// made. So `onboard check` cannot drift from `onboard run`: they are the same code but for this
/// door.
///
/// One gate per account (a class, so the step helpers that hold a copy of the account's context
/// record into the same list).
final class ChangeGate: Sendable {
    let mode: WorkflowMode
    private let changes = Mutex<[WorkflowChange]>([])
    private let adoptions = Mutex<[(step: WorkflowStep, subject: String)]>([])

    init(mode: WorkflowMode) {
        self.mode = mode
    }

    /// Whether changes are only recorded (a check).
    var isChecking: Bool { mode == .check }

    /// Makes `change` with `body` in a run (recording it when `madeWhen` says the call changed
    /// something) and returns the call's answer; in a check records it and returns nil.
    func make<Value, Failure: Error>(
        _ change: WorkflowChange, madeWhen: (Value) -> Bool = { _ in true },
        _ body: () async throws(Failure) -> Value
    ) async throws(Failure) -> Value? {
        if isChecking {
            record(change)
            return nil
        }
        let value = try await body()
        if madeWhen(value) { record(change) }
        return value
    }

    /// Records a change decided without a call of its own (a check's finding that an update is
    /// due).
    func record(_ change: WorkflowChange) {
        changes.withLock { $0.append(change) }
    }

    /// Records that `step` takes up `subject`, which exists and which no earlier run recorded
    /// for the account (a compliant report, a Spot account): no call changes anything, but what
    /// onboard uses changes.
    func adopt(_ subject: String, at step: WorkflowStep) {
        adoptions.withLock { $0.append((step, subject)) }
    }

    /// What was (or would be) adopted, per step.
    var adopted: [(step: WorkflowStep, subject: String)] { adoptions.withLock { $0 } }

    /// The changes made (run) or that would be made (check), in order.
    var recorded: [WorkflowChange] { changes.withLock { $0 } }
}
