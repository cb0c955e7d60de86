/// How long the workflow waits, and how often it looks again, where AWS and Spot take time.
public struct WorkflowTimings: Sendable, Hashable {
    /// The first wait between two looks at a stack in progress, in seconds; doubled each look.
    public var stackPollInitial: Double = 2
    /// The longest wait between two looks at a stack.
    public var stackPollMaximum: Double = 15
    /// How long a stack may stay in progress before the account fails (resumable).
    public var stackTimeout: Double = 1800
    /// How long to wait after the stack created or changed a role before Spot is given it
    /// (IAM propagation). Spot's own Terraform module (terraform-spotinst-aws-connect, main.tf)
    /// sleeps 10 s after creating the role and 5 s after attaching its policies.
    public var propagationFirstWait: Double = 10
    /// The first wait before Spot tries a new role again (IAM propagation), in seconds.
    public var propagationInitial: Double = 2
    /// The longest wait between two tries.
    public var propagationMaximum: Double = 10
    /// How long to keep trying before the account fails (a re-run may fix it).
    public var propagationTimeout: Double = 90
    /// How long `PutReportDefinition` is tried again while CUR cannot yet verify a bucket policy
    /// just put, in seconds.
    public var bucketPolicyVerificationWindow: Double = 30
    /// After Spot's answer to CreateAccount was lost, how long to wait before looking for the
    /// account that call may have made, in seconds (how soon Spot lists a new account is not
    /// published).
    public var spotAccountReconcileWait: Double = 5
    /// How long after connection billing data is expected (Spot: up to 48 hours).
    public var dataExpectedAfter: Double = 48 * 3600

    public init() {}

    /// Short waits for tests against the local cloud.
    public static let quick: WorkflowTimings = {
        var timings = WorkflowTimings()
        timings.stackPollInitial = 0.2
        timings.stackPollMaximum = 1
        timings.stackTimeout = 60
        timings.propagationFirstWait = 0.5
        timings.propagationInitial = 0.3
        timings.propagationMaximum = 1
        timings.propagationTimeout = 30
        timings.spotAccountReconcileWait = 0.3
        return timings
    }()
}
