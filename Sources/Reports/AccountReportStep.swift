import Foundation
import Onboarding

extension AccountReport {
    /// One step of the account, as the report lays it out.
    public struct Step: Sendable, Hashable, Codable {
        /// The step.
        public var step: WorkflowStep
        /// How it ended.
        public var status: StepRecord.Status
        /// When it started.
        public var started: Date
        /// Seconds it took.
        public var durationSeconds: Double
        /// What it found or did, for a person.
        public var detail: String

        /// The report's view of `record`.
        public init(_ record: StepRecord) {
            step = record.step
            status = record.status
            started = record.started
            durationSeconds = record.duration
            detail = record.detail
        }

        /// The record this step holds.
        public var record: StepRecord {
            StepRecord(step: step, status: status, started: started, duration: durationSeconds, detail: detail)
        }

        enum CodingKeys: String, CodingKey {
            case step, status, started
            case durationSeconds = "duration_seconds"
            case detail
        }
    }
}
