import AWSKit
import Foundation

/// What connecting an account produced: the values an operator (or Spot support) needs.
/// Every member is optional: a failed account has only what its steps reached.
public struct AccountOutputs: Sendable, Hashable {
    /// The Spot account (`act-…`).
    public var spotAccountID: String?
    /// Where the Spot account came from.
    public var spotAccountSource: SpotAccountSource?
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
    /// Whether the CUR definition was adopted or created.
    public var costAndUsageReportAction: CostAndUsageReportAction?
    /// The stack's name and id.
    public var stackName: String?
    public var stackID: String?
    /// What was done with the stack (`skipped` when the credentials in force were kept).
    public var stackAction: StackAction?
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
    /// Spot's data-processing status as last read, with when it was read.
    public var dataStatus: DataStatus?
    public var dataStatusCheckedAt: Date?
    /// A `CreateAccount` sent whose answer this account has not recorded yet (journaled before
    /// the call, cleared once the new account's id is known): a run killed in between looks for
    /// the account that call made instead of making a second one. In a report only when the
    /// account ended before its answer was recorded.
    public var pendingSpotAccountCreation: SpotAccountCreationIntent?
    /// What `onboard offboard` did (or, dry run, would do) with what onboard made; only in an
    /// offboard run's reports.
    public var offboarding: OffboardingOutputs?

    public init() {}
}

/// A `CreateAccount` about to be sent: the name it gives, when, and the unlinked accounts of
/// that name that existed already (so they are never taken for the one it made).
public struct SpotAccountCreationIntent: Sendable, Hashable, Codable {
    /// The name given to the new Spot account.
    public var name: String
    /// When the call was about to be sent.
    public var requestedAt: Date
    /// Unlinked Spot accounts of that name known before the call (`act-…`).
    public var namesakesBefore: [String]

    /// - Parameters: see the properties.
    public init(name: String, requestedAt: Date, namesakesBefore: [String]) {
        self.name = name
        self.requestedAt = requestedAt
        self.namesakesBefore = namesakesBefore
    }

    enum CodingKeys: String, CodingKey {
        case name
        case requestedAt = "requested_at"
        case namesakesBefore = "namesakes_before"
    }
}
