/// The steps of connecting one payer account, in order (DESIGN.md, "The workflow"), then those
/// of offboarding one (`onboard offboard`): ``onboarding`` and ``offboarding`` list each
/// workflow's steps in order (the first three are shared).
public enum WorkflowStep: String, Sendable, Hashable, Codable, CaseIterable {
    /// The row is valid.
    case input
    /// aws or aws-cn: endpoints, ARN partition, CUR region, Spot's principals.
    case partition
    /// Credentials for the payer; it is the organization's management account.
    case login
    /// IAM access to the Billing console is attested, or listed as a manual prerequisite.
    case billingAccess = "billing-access"
    /// The Cost and Usage Report is adopted or created.
    case costAndUsageReport = "cur"
    /// The Spot account is found or created, and its external id known.
    case spotAccount = "spot-account"
    /// The CloudFormation stack with Spot's roles is created or updated.
    case stack
    /// The roles and the billing source are handed to Spot.
    case register
    /// The registration is read back.
    case verify
    /// Offboarding: the Spot account onboard created is deleted (with what Spot holds for it);
    /// one it found or was given is left for a person (Spot publishes no deregistration).
    case deregister
    /// Offboarding: onboard's stack (its `managed-by` tag) is deleted.
    case deleteStack = "delete-stack"
    /// Offboarding: the report definition onboard created is deleted (`--delete-cur-definition`
    /// only; never an adopted one, never the bucket or its objects).
    case deleteCostAndUsageReport = "delete-cur"

    /// The steps of `onboard run`, in order.
    public static let onboarding: [WorkflowStep] = [
        .input, .partition, .login, .billingAccess, .costAndUsageReport, .spotAccount, .stack, .register, .verify,
    ]

    /// The steps of `onboard offboard`, in order.
    public static let offboarding: [WorkflowStep] = [.input, .partition, .login, .deregister, .deleteStack, .deleteCostAndUsageReport]
}
