/// Who a set of credentials belongs to (`sts:GetCallerIdentity`).
public struct CallerIdentity: Sendable, Hashable, Codable {
    public var account: String
    public var arn: String
    public var userID: String

    public init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }

    /// The partition named by the ARN (`aws`, `aws-cn`).
    public var partition: String {
        arn.split(separator: ":", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
    }
}
