import Foundation

/// What one step of one account did.
public struct StepRecord: Sendable, Hashable, Codable {
    /// How a step ended.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// It did its work (or found it already done).
        case succeeded
        /// It passed, but left something for a person (a manual prerequisite).
        case attention
        /// It failed; the account stops here.
        case failed
        /// A resumed run found it done by the interrupted run and did not redo it.
        case resumed
    }

    public var step: WorkflowStep
    public var status: Status
    public var started: Date
    /// Seconds the step took.
    public var duration: Double
    /// What the step found or did, for a person (never a secret).
    public var detail: String

    public init(step: WorkflowStep, status: Status, started: Date, duration: Double, detail: String) {
        self.step = step
        self.status = status
        self.started = started
        self.duration = duration
        self.detail = detail
    }

    /// The reports' and the journal's keys.
    enum CodingKeys: String, CodingKey {
        case step, status, started
        case duration = "duration_seconds"
        case detail
    }
}
