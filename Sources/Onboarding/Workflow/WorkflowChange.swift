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
    /// The Spot registration it makes, when it registers a product with Spot (read by the drift
    /// inspection, so that what a run has just registered is not reported missing). Not in the
    /// reports: `subject` says it in words.
    public var registration: Registration? = nil

    /// A registration of a product with Spot for an account.
    public enum Registration: Sendable, Hashable {
        /// Billing (`/cloudBilling`): the report as the Billing Engine's source.
        case billing
        /// Cost Intelligence (`/cbi`).
        case costIntelligence
    }

    /// - Parameters: see the properties.
    public init(step: WorkflowStep, kind: Kind, subject: String, call: String, registration: Registration? = nil) {
        self.step = step
        self.kind = kind
        self.subject = subject
        self.call = call
        self.registration = registration
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
