/// Something that changed, behind onboard's back, since the run that connected an account.
///
/// Found by ``DriftInspection``: the clouds as they are against that run's report
/// (`accounts/<id>.json`) and against Spot's published policies.
public struct DriftFinding: Sendable, Hashable {
    /// What kind of drift.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The report definition the account was connected with is gone.
        case reportDefinitionGone = "report-definition-gone"
        /// The report definition differs from the one recorded (format, time unit, bucket, …).
        case reportDefinitionChanged = "report-definition-changed"
        /// The report's bucket policy no longer lets `billingreports.amazonaws.com` deliver.
        case bucketPolicyBlocksDelivery = "bucket-policy-blocks-delivery"
        /// The stack is gone.
        case stackGone = "stack-gone"
        /// The stack rolled back or failed (`ROLLBACK_COMPLETE`, `*_FAILED`).
        case stackRolledBack = "stack-rolled-back"
        /// The stack's template differs from the one onboard deploys for the account.
        case stackTemplateChanged = "stack-template-changed"
        /// The stack's parameters (external id, bucket, path prefix) differ from those recorded.
        case stackParametersChanged = "stack-parameters-changed"
        /// A role of the stack is gone.
        case roleGone = "role-gone"
        /// A role's trust policy no longer trusts exactly Spot's principals with the external id.
        case roleTrustChanged = "role-trust-changed"
        /// What a role may do (its managed and inline policies) differs from what Spot's published
        /// policies grant it: a permission gone, or one added.
        case rolePermissionsChanged = "role-permissions-changed"
        /// Spot's AWS credentials for the account point at another role than the one recorded.
        case spotCredentialsElsewhere = "spot-credentials-elsewhere"
        /// Billing was registered, and Spot no longer lists it.
        case billingNotRegistered = "billing-not-registered"
        /// Cost Intelligence was registered, and Spot no longer lists it.
        case costIntelligenceNotRegistered = "cost-intelligence-not-registered"
        /// More than 48 hours after connecting, billing data is still not ready.
        case noDataAfter48Hours = "no-data-after-48-hours"
    }

    /// Who puts it right.
    public enum Remedy: Sendable, Hashable {
        /// `onboard run` repairs it (recreates the stack, puts the policy statement back,
        /// registers again): safe, because onboard made what it repairs.
        case run
        /// A person must: onboard does not change it (a customer's change, or nothing it can
        /// safely redo). `fix` says how.
        case person(fix: String)
    }

    public var kind: Kind
    /// The step the drifted thing belongs to.
    public var step: WorkflowStep
    /// What drifted, in words, with the recorded and the found values.
    public var detail: String
    public var remedy: Remedy

    /// - Parameters: see the properties.
    public init(kind: Kind, step: WorkflowStep, detail: String, remedy: Remedy) {
        self.kind = kind
        self.step = step
        self.detail = detail
        self.remedy = remedy
    }
}
