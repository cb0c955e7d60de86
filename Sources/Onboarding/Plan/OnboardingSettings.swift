import AWSKit

/// Batch-wide choices that shape every account's workflow.
public struct OnboardingSettings: Sendable, Hashable {
    /// The role assumed in a payer when the row gives no `access_role_arn` or `aws_profile`.
    public var accessRoleName: String = "OrganizationAccountAccessRole"
    /// The name of the CloudFormation stack that holds Spot's roles.
    public var stackName: String = "spot-onboarding"
    /// Spot's principals in the commercial partition.
    public var commercialPrincipals: SpotPrincipals = .commercial
    /// Spot's principals in AWS China; not public, so configuration. Without them a China row
    /// fails at the `partition` step.
    public var chinaPrincipals: SpotPrincipals?
    /// Where each AWS service is reached.
    public var endpoints: EndpointResolver = EndpointResolver()

    public init() {}

    /// Spot's principals for `partition`, or `nil` when none are configured.
    public func principals(for partition: Partition) -> SpotPrincipals? {
        partition == .aws ? commercialPrincipals : chinaPrincipals
    }
}
