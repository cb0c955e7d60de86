import AWSKit

/// One AWS payer account of the scripted world: who it says it is, its organization, its Cost
/// and Usage Reports and its stack.
public struct WorldPayer: Sendable {
    /// The 12-digit account id.
    public var accountID: String
    /// What `GetCallerIdentity` answers as the account (another id makes a wrong login).
    public var callerAccountID: String
    /// The organization's id.
    public var organizationID: String
    /// The organization's management account; nil when the account is in no organization
    /// (`AWSOrganizationsNotInUseException`).
    public var managementAccountID: String?
    /// Whether the operator may assume roles in the account (`AccessDenied` otherwise).
    public var allowsAssumeRole: Bool
    /// The report definitions, in creation order.
    public var reports: [ReportDefinition]
    /// The stack of the onboarding stack name, if any.
    public var stack: WorldStack?

    /// A management account of its own organization, with no reports and no stack.
    public init(
        accountID: String, organizationID: String = "o-a1b2c3d4e5", managementAccountID: String? = nil,
        reports: [ReportDefinition] = [], stack: WorldStack? = nil
    ) {
        self.accountID = accountID
        self.callerAccountID = accountID
        self.organizationID = organizationID
        self.managementAccountID = managementAccountID ?? accountID
        self.allowsAssumeRole = true
        self.reports = reports
        self.stack = stack
    }
}
