import AWSKit

/// Batch-wide choices that shape every account's workflow.
public struct OnboardingSettings: Sendable, Hashable {
    /// The role assumed in a payer when the row gives no `access_role_arn` or `aws_profile`.
    ///
    /// No default: `OrganizationAccountAccessRole` is made by Organizations in *member*
    /// accounts and trusts the management account, so it does not exist in a management account.
    /// A row without any way to log in is blocked at `login` before any network call.
    public var accessRoleName: String?
    /// The name of the CloudFormation stack that holds Spot's roles.
    public var stackName: String = "spot-onboarding"
    /// Spot's principals in the commercial partition.
    public var commercialPrincipals: SpotPrincipals = .commercial
    /// Spot's principals in AWS China; not public, so configuration. Without them a China row
    /// fails at the `partition` step.
    public var chinaPrincipals: SpotPrincipals?
    /// Where each AWS service is reached.
    public var endpoints: EndpointResolver = EndpointResolver()
    /// Replace AWS credentials a Spot account already has in force (a role onboard did not make)
    /// with onboard's role. Off by default: replacing a working role can stop a customer's
    /// Elastigroup clusters.
    public var replaceCredentials = false

    public init() {}

    /// Spot's principals for `partition`, or `nil` when none are configured.
    public func principals(for partition: Partition) -> SpotPrincipals? {
        partition == .aws ? commercialPrincipals : chinaPrincipals
    }
}
