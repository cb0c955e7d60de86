/// An AWS Organization as `organizations:DescribeOrganization` describes it.
public struct OrganizationDescription: Sendable, Hashable, Codable {
    /// The organization id (`o-…`).
    public var id: String
    /// The organization ARN.
    public var arn: String
    /// The management ("master payer") account's id.
    public var managementAccountID: String
    /// The management account's ARN, when given.
    public var managementAccountARN: String?
    /// The management account's email address, when given.
    public var managementAccountEmail: String?
    /// `ALL` or `CONSOLIDATED_BILLING`.
    public var featureSet: String

    /// Creates a description from its parts.
    public init(
        id: String, arn: String, managementAccountID: String, managementAccountARN: String? = nil,
        managementAccountEmail: String? = nil, featureSet: String
    ) {
        self.id = id
        self.arn = arn
        self.managementAccountID = managementAccountID
        self.managementAccountARN = managementAccountARN
        self.managementAccountEmail = managementAccountEmail
        self.featureSet = featureSet
    }

    /// Whether `accountID` is the organization's management account.
    public func isManagementAccount(_ accountID: String) -> Bool {
        managementAccountID == accountID
    }
}
