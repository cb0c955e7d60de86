/// One change a step makes to the clouds (in a run) or would make (in a check): what kind, to
/// what, through which call.
public struct WorkflowChange: Sendable, Hashable, Codable {
    /// What the change does to its subject.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// Makes something that is not there (a bucket, a report, a stack, a Spot account, a
        /// registration).
        case create
        /// Changes something that is there (a bucket policy, a stack, Spot's credentials).
        case update
        /// Removes something (a rolled-back stack, before it is made again).
        case delete
    }

    /// The step that makes it.
    public var step: WorkflowStep
    public var kind: Kind
    /// What it changes, in words: `stack spot-onboarding`, `bucket policy of spot-cur-…`.
    public var subject: String
    /// The call that makes it: `cloudformation CreateStack`, `POST /setup/account`.
    public var call: String

    /// - Parameters: see the properties.
    public init(step: WorkflowStep, kind: Kind, subject: String, call: String) {
        self.step = step
        self.kind = kind
        self.subject = subject
        self.call = call
    }

    enum CodingKeys: String, CodingKey {
        case step, subject, call
        case kind = "change"
    }

    /// What a check puts in the outputs for a value only the change it would make gives (a new
    /// Spot account's id, a new external id): `(new Spot account)`.
    public static func pending(_ what: String) -> String { "(new \(what))" }

    /// The change in words: `create stack spot-onboarding (cloudformation CreateStack)`.
    public var sentence: String { "\(kind.rawValue) \(subject) (\(call))" }
}
