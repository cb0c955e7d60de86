/// Why an account failed: the step, a stable code, the message, and whether a re-run may fix it
/// (a passing fault) or a person must act first.
public struct AccountFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var step: WorkflowStep
    /// A stable code: the workflow's own (``FailureCode/notManagementAccount``…) or the
    /// service's (``FailureCode/service(_:)``: `AccessDenied`, Spot's `FORBIDDEN`).
    public var code: FailureCode
    /// What went wrong and what to do, for a person (never a secret).
    public var message: String
    /// Whether running again, unchanged, may succeed.
    public var rerunMayFix: Bool

    public init(step: WorkflowStep, code: FailureCode, message: String, rerunMayFix: Bool) {
        self.step = step
        self.code = code
        self.message = message
        self.rerunMayFix = rerunMayFix
    }

    /// `step: code` without the message, fit for labels and summaries.
    public var shortDescription: String { "\(step.rawValue): \(code.rawValue)" }

    public var description: String { "\(step.rawValue): \(code.rawValue): \(message)" }
}
