import AWSKit
import Foundation

/// The bucket policy statement that lets AWS billing reports deliver the CUR to a bucket, and
/// how to add it to a policy already there without touching the other statements.
struct BillingReportsBucketPolicy {
    static let statementID = "SpotOnboardingBillingReports"

    let bucket: String
    let partition: Partition
    let region: String
    let accountID: String

    /// The statement, conditioned on the payer's CUR definitions (aws:SourceArn, aws:SourceAccount).
    var statement: [String: Any] {
        [
            "Sid": Self.statementID,
            "Effect": "Allow",
            "Principal": ["Service": "billingreports.amazonaws.com"],
            "Action": ["s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:PutObject"],
            "Resource": ["arn:\(partition.rawValue):s3:::\(bucket)", "arn:\(partition.rawValue):s3:::\(bucket)/*"],
            "Condition": [
                "StringLike": ["aws:SourceArn": "arn:\(partition.rawValue):cur:\(region):\(accountID):definition/*"],
                "StringEquals": ["aws:SourceAccount": accountID],
            ],
        ]
    }

    /// The policy to put: `existing` with the statement added, or nil when it already has it.
    func merged(into existing: String?) -> String? {
        var policy: [String: Any] = ["Version": "2012-10-17", "Statement": []]
        if let existing, let parsed = (try? JSONSerialization.jsonObject(with: Data(existing.utf8))) as? [String: Any] {
            policy = parsed
        }
        var statements: [Any]
        if let list = policy["Statement"] as? [Any] {
            statements = list
        } else if let single = policy["Statement"] {
            statements = [single]
        } else {
            statements = []
        }
        if statements.contains(where: { (($0 as? [String: Any])?["Sid"] as? String) == Self.statementID }) { return nil }
        statements.append(statement)
        policy["Statement"] = statements
        guard let data = try? JSONSerialization.data(withJSONObject: policy, options: [.sortedKeys]) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
