/// One Spot account of the scripted world's Spot organization.
public struct WorldSpotAccount: Sendable, Hashable {
    /// `act-` and 8 hex digits.
    public var id: String
    /// Its name (the row's organization name when onboard made it).
    public var name: String
    /// The AWS account it is connected to (`providerExternalId`), nil while it is not.
    public var linkedAWSAccount: String?
    /// The role it holds (`GET /setup/credentials/aws`), nil when none.
    public var iamRole: String?
    /// The external ids issued for it, oldest first.
    public var externalIDs: [String]

    /// - Parameters: see the properties.
    public init(id: String, name: String, linkedAWSAccount: String? = nil, iamRole: String? = nil, externalIDs: [String] = []) {
        self.id = id
        self.name = name
        self.linkedAWSAccount = linkedAWSAccount
        self.iamRole = iamRole
        self.externalIDs = externalIDs
    }
}
