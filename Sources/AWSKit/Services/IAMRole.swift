/// An IAM role as `iam:GetRole` describes it.
public struct IAMRole: Sendable, Hashable, Codable {
    /// The role name.
    public var name: String
    /// The role ARN (`arn:<partition>:iam::<account>:role/<path><name>`).
    public var arn: String
    /// The stable unique id (`AROA…`).
    public var roleID: String
    /// The path (`/` unless the role was created with one).
    public var path: String
    /// The trust policy (who may assume the role), as JSON text, URL-decoded.
    public var assumeRolePolicyDocument: String

    /// Creates a role description from its parts.
    public init(name: String, arn: String, roleID: String = "", path: String = "/", assumeRolePolicyDocument: String) {
        self.name = name
        self.arn = arn
        self.roleID = roleID
        self.path = path
        self.assumeRolePolicyDocument = assumeRolePolicyDocument
    }
}
