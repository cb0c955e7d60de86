/// The steps of connecting one payer account, in order (DESIGN.md, "The workflow").
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
}
