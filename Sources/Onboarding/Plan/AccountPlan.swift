import AWSKit
import AccountList

/// What the workflow will do for one payer account, worked out without any network call.
///
/// Encoded (`plan.json`'s accounts) without its endpoints, steps and calls: they are its
/// ``workflow``'s, listed once per plan for every account of the shape, and the account names
/// it by id (`workflow`).
public struct AccountPlan: Sendable, Hashable, Encodable {
    /// How the tool logs in to the payer.
    public struct Login: Sendable, Hashable, Codable {
        /// `assume-role`, `profile`, or `none` (blocked at `login`).
        public var method: String
        /// The role assumed (assume-role), or the profile used.
        public var target: String
        /// Whether an external id is passed to AssumeRole (its value is not secret but not shown).
        public var usesExternalID: Bool
    }

    /// How the Cost and Usage Report is handled.
    public struct CostAndUsageReportPlan: Sendable, Hashable, Codable {
        /// `adopt-or-create-named` (the row names a bucket or report) or
        /// `adopt-any-compliant-or-create` (it names neither).
        public var strategy: String
        /// The definition created when none is adopted.
        public var definition: ReportDefinition
        /// Where Spot reads the report (`<prefix>/<report>`).
        public var pathPrefix: String
        /// What is settled only at run time: the `cur` step may adopt an existing report in
        /// another bucket, and the stack's bucket and prefix parameters follow what it settles.
        public var decidedAtRunTime: String
    }

    /// The CloudFormation stack that holds Spot's roles.
    public struct StackPlan: Sendable, Hashable, Codable {
        public var name: String
        public var region: String
        public var capabilities: [String]
        /// The template's file, relative to the run folder.
        public var templateFile: String
        /// The roles the template makes.
        public var roles: [String]
        /// The outputs read after the stack completes.
        public var outputs: [String]
        /// The stack's parameters; the report's bucket and path prefix are set from the `cur`
        /// step's outcome, the external id from the `spot-account` step's.
        public var parameters: [String]
    }

    /// What one step will do for the account, in words (its calls are in ``awsCalls`` and
    /// ``spotCalls``, by step).
    public struct StepPlan: Sendable, Hashable, Codable {
        /// The step.
        public var step: WorkflowStep
        /// What it does for the account (from its declaration).
        public var summary: String
    }

    public var accountID: String
    public var organizationName: String
    /// The line of the account list the row starts on.
    public var line: Int
    public var partition: Partition
    public var products: [Product]
    /// The endpoint of each service the workflow calls, keyed by service name.
    public var endpoints: [String: ServiceEndpoint]
    public var login: Login
    public var costAndUsageReport: CostAndUsageReportPlan
    /// `nil` when the account cannot be planned past the `partition` step.
    public var stack: StackPlan?
    /// The steps the account will go through (up to the one it is blocked at), each in words.
    public var steps: [StepPlan]
    /// The AWS calls the steps make or may make, in workflow order (from their declarations).
    public var awsCalls: [PlannedAWSCall]
    /// The Spot calls the steps make or may make, in workflow order (from their declarations).
    public var spotCalls: [SpotCall]
    /// Steps a person must take that no API can (such as activating Billing console access).
    public var manualPrerequisites: [String]
    /// Set when the account would fail before any network call, with the step and the reason.
    public var blockedAt: WorkflowStep?
    public var blockedReason: String?
    /// The Spot account the row names, if any (`<spot_account_id>` in the workflow).
    public var spotAccountID: String?
    /// The account's steps and calls as every account of its shape has them, with placeholders
    /// for the values above (``PlannedWorkflow/placeholders``).
    public var workflow: PlannedWorkflow

    enum CodingKeys: String, CodingKey {
        case accountID, organizationName, line, partition, products, login, costAndUsageReport, stack
        case manualPrerequisites, blockedAt, blockedReason, spotAccountID, workflow
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(accountID, forKey: .accountID)
        try container.encode(organizationName, forKey: .organizationName)
        try container.encode(line, forKey: .line)
        try container.encode(partition, forKey: .partition)
        try container.encode(products, forKey: .products)
        try container.encode(login, forKey: .login)
        try container.encode(costAndUsageReport, forKey: .costAndUsageReport)
        try container.encodeIfPresent(stack, forKey: .stack)
        try container.encode(manualPrerequisites, forKey: .manualPrerequisites)
        try container.encodeIfPresent(blockedAt, forKey: .blockedAt)
        try container.encodeIfPresent(blockedReason, forKey: .blockedReason)
        try container.encodeIfPresent(spotAccountID, forKey: .spotAccountID)
        try container.encode(workflow.id, forKey: .workflow)
    }
}
