import AWSKit
import Foundation

/// What connecting an account produced: the values an operator (or Spot support) needs.
/// Every member is optional: a failed account has only what its steps reached.
public struct AccountOutputs: Sendable, Hashable, Codable {
    /// The Spot account (`act-…`).
    public var spotAccountID: String?
    /// Whether the Spot account was `created`, `found` (by cloud account id) or `given` (row).
    public var spotAccountSource: String?
    /// The profile of the Spot credentials file whose token (organization) holds the account
    /// (`onboard status` reads with it).
    public var spotProfile: String?
    /// What was done with the AWS credentials the Spot account holds.
    public var credentialsAction: SpotCredentialsAction?
    /// The external id in the roles' trust policies (not a secret: it guards against confused
    /// deputies).
    public var externalID: String?
    /// The CUR definition in use.
    public var costAndUsageReport: ReportDefinition?
    /// `adopted` or `created`.
    public var costAndUsageReportAction: String?
    /// The stack's name and id.
    public var stackName: String?
    public var stackID: String?
    /// `created`, `updated`, `unchanged` or `recreated` (after a rollback).
    public var stackAction: String?
    /// The role Spot assumes: the stack's `SpotRoleArn` output, or the role in force that was kept.
    public var spotRoleARN: String?
    /// `SpotFinOpsRoleArn` output (eco).
    public var finOpsRoleARN: String?
    /// Products registered with Spot (`cloudBilling`, `cbi`); eco is recorded only (no public
    /// endpoint).
    public var registeredProducts: [String]?
    /// When the connection was made, and when billing data is expected (48 h later).
    public var connectedAt: Date?
    public var dataExpectedBy: Date?
    /// Spot's data-processing status as last read (`pending`, `ready`), with when it was read.
    public var dataStatus: String?
    public var dataStatusCheckedAt: Date?

    public init() {}
}
