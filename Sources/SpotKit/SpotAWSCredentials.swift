/// The AWS credentials a Spot account holds: the IAM role Spot assumes in the AWS account.
public struct SpotAWSCredentials: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The role's ARN (`arn:aws:iam::123456789012:role/SpotRole`).
    public var iamRole: String

    /// - Parameter iamRole: the role's ARN.
    public init(iamRole: String) {
        self.iamRole = iamRole
    }

    /// The role's ARN.
    public var description: String { iamRole }
}
