import AWSKit
import HTTPCore

/// Why an account failed: the step, a stable code, the message, and whether a re-run may fix it
/// (a passing fault) or a person must act first.
///
/// The message and a service's code are scrubbed of every secret AWSKit's
/// ``SecretRegistry/shared`` knows (AWS keys, session tokens, Spot tokens, and any piece of one
/// of 12 characters or more) whenever they are set: a text that slipped past a client's own
/// scrubbing still never reaches a report, the journal or a log line.
public struct AccountFailure: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var step: WorkflowStep
    /// A stable code: the workflow's own (``FailureCode/notManagementAccount``…) or the
    /// service's (``FailureCode/service(_:)``: `AccessDenied`, Spot's `FORBIDDEN`).
    public var code: FailureCode {
        didSet { code = Self.scrubbed(code) }
    }
    /// What went wrong and what to do, for a person (never a secret).
    public var message: String {
        didSet { message = SecretRegistry.shared.scrub(message) }
    }
    /// Whether running again, unchanged, may succeed.
    public var rerunMayFix: Bool

    public init(step: WorkflowStep, code: FailureCode, message: String, rerunMayFix: Bool) {
        self.step = step
        self.code = Self.scrubbed(code)
        self.message = SecretRegistry.shared.scrub(message)
        self.rerunMayFix = rerunMayFix
    }

    /// A service's code without known secrets; the workflow's own codes as they are.
    private static func scrubbed(_ code: FailureCode) -> FailureCode {
        guard case .service(let text) = code else { return code }
        let clean = SecretRegistry.shared.scrub(text)
        return clean == text ? code : .service(clean)
    }

    /// The reports' keys.
    enum CodingKeys: String, CodingKey {
        case step, code, message
        case rerunMayFix = "rerun_may_fix"
    }

    /// Decodes a failure, scrubbing its code and message as ``init(step:code:message:rerunMayFix:)`` does.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            step: try container.decode(WorkflowStep.self, forKey: .step),
            code: try container.decode(FailureCode.self, forKey: .code),
            message: try container.decode(String.self, forKey: .message),
            rerunMayFix: try container.decode(Bool.self, forKey: .rerunMayFix))
    }

    /// `step: code` without the message, fit for labels and summaries.
    public var shortDescription: String { "\(step.rawValue): \(code.rawValue)" }

    public var description: String { "\(step.rawValue): \(code.rawValue): \(message)" }
}
