/// The AWS accounts of Spot by NetApp that the onboarding roles trust.
///
/// The commercial partition's accounts are public (``commercial``). Spot's accounts for AWS
/// China (`aws-cn`) are not: they are configuration the caller supplies.
public struct SpotPrincipals: Sendable, Hashable, Codable {
    /// The Spot platform account trusted by `SpotRole` (12 digits).
    public var platformAccountID: String
    /// The Spot FinOps accounts trusted by `SpotFinOpsRole` (12 digits each).
    public var finOpsAccountIDs: [String]

    /// Principals with the given account ids.
    public init(platformAccountID: String, finOpsAccountIDs: [String]) {
        self.platformAccountID = platformAccountID
        self.finOpsAccountIDs = finOpsAccountIDs
    }

    /// Spot's accounts in the commercial partition (`aws`): platform 922761411349, FinOps
    /// 884866656237 and 627743545735.
    public static let commercial = SpotPrincipals(
        platformAccountID: "922761411349",
        finOpsAccountIDs: ["884866656237", "627743545735"])

    /// Whether every id is a 12-digit AWS account id and there is at least one FinOps account,
    /// so that both roles can be rendered with valid trust policies.
    public var isComplete: Bool {
        Self.isAccountID(platformAccountID)
            && !finOpsAccountIDs.isEmpty
            && finOpsAccountIDs.allSatisfy(Self.isAccountID)
    }

    private static func isAccountID(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
