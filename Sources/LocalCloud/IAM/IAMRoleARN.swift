/// An IAM role ARN taken apart: `arn:<partition>:iam::<account>:role/<path/><name>`.
struct IAMRoleARN: Sendable, Hashable {
    var arn: String
    /// `aws` or `aws-cn`.
    var partition: String
    var account: String
    /// The role's name (the last path element).
    var name: String

    /// nil when `arn` is not a role ARN of `aws` or `aws-cn` with a 12-digit account.
    init?(_ arn: String) {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[1] == "aws" || fields[1] == "aws-cn", fields[2] == "iam",
            fields[3].isEmpty, fields[4].count == 12, fields[4].allSatisfy(\.isNumber), fields[5].hasPrefix("role/")
        else { return nil }
        let name = fields[5].split(separator: "/").last.map(String.init) ?? ""
        guard !name.isEmpty else { return nil }
        self.arn = arn
        partition = String(fields[1])
        account = String(fields[4])
        self.name = name
    }
}
