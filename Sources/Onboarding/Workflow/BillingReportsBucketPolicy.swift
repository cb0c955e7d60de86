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

    /// What adding the statement to a bucket's policy comes to.
    enum Merge: Equatable {
        /// The policy to put: the existing one (or none) with the statement added.
        case merged(String)
        /// The policy already holds the statement.
        case alreadyThere
        /// The existing policy is not a JSON object with statements: it is left alone.
        case unreadable
    }

    /// `existing` (nil when the bucket has no policy) with the statement added.
    func merged(into existing: String?) -> Merge {
        var policy: [String: Any] = ["Version": "2012-10-17", "Statement": []]
        if let existing {
            guard let parsed = (try? JSONSerialization.jsonObject(with: Data(existing.utf8))) as? [String: Any] else {
                return .unreadable
            }
            policy = parsed
        }
        var statements: [Any]
        if let list = policy["Statement"] as? [Any] {
            statements = list
        } else if let single = policy["Statement"] as? [String: Any] {
            statements = [single]
        } else if policy["Statement"] == nil {
            statements = []
        } else {
            return .unreadable
        }
        if statements.contains(where: { (($0 as? [String: Any])?["Sid"] as? String) == Self.statementID }) { return .alreadyThere }
        statements.append(statement)
        policy["Statement"] = statements
        guard let data = try? JSONSerialization.data(withJSONObject: policy, options: [.sortedKeys]) else { return .unreadable }
        return .merged(String(decoding: data, as: UTF8.self))
    }

    /// Whether `policy` (nil: the bucket has none) has a statement that lets
    /// `billingreports.amazonaws.com` put objects: Allow, that service among its principals, and
    /// `s3:PutObject` (or `s3:*`, `*`) among its actions. Onboard's own statement is one such;
    /// a customer's own wording of it counts too.
    static func letsBillingReportsDeliver(_ policy: String?) -> Bool {
        guard let policy, let parsed = (try? JSONSerialization.jsonObject(with: Data(policy.utf8))) as? [String: Any] else {
            return false
        }
        let statements = (parsed["Statement"] as? [Any]) ?? [parsed["Statement"] as Any]
        func strings(_ value: Any?) -> [String] {
            if let one = value as? String { return [one] }
            return (value as? [Any])?.compactMap { $0 as? String } ?? []
        }
        return statements.compactMap { $0 as? [String: Any] }.contains { statement in
            guard (statement["Effect"] as? String) == "Allow" else { return false }
            let principal = statement["Principal"]
            let services = strings((principal as? [String: Any])?["Service"]) + strings(principal as? String)
            guard services.contains("billingreports.amazonaws.com") || services.contains("*") else { return false }
            return strings(statement["Action"]).contains { ["s3:putobject", "s3:*", "*"].contains($0.lowercased()) }
        }
    }
}
