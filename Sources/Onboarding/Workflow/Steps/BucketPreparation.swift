import AccountList
import AWSKit
import Foundation

/// The bucket half of `cur`: the bucket exists in the CUR region, is the payer's own (every call
/// carries `x-amz-expected-bucket-owner`), and its policy lets billing reports deliver; a policy
/// already there is merged into, never replaced, and one that cannot be read is left alone.
struct BucketPreparation {
    let services: WorkflowServices
    let context: AccountContext
    let credentials: any CredentialProvider

    /// Makes the bucket ready; returns what was done.
    func prepare(_ bucket: String) async throws(AccountFailure) -> String {
        let region = context.curRegion
        let payer = context.account.accountID
        let s3 = S3Client(
            client: services.payerClient, endpoints: services.settings.endpoints, region: region, expectedBucketOwner: payer)
        var detail: String
        do {
            switch try await s3.headBucket(bucket, region: region, credentials: credentials) {
            case .reachable(let found) where found == region:
                detail = "bucket \(bucket) exists"
            case .reachable(let found), .inAnotherRegion(let found?):
                throw AccountFailure(
                    step: .costAndUsageReport, code: .bucketInWrongRegion,
                    message: "bucket \(bucket) is in \(found); CUR delivers only to a bucket in \(region): name another bucket (cur_bucket)",
                    rerunMayFix: false)
            case .inAnotherRegion(nil):
                throw AccountFailure(
                    step: .costAndUsageReport, code: .bucketInWrongRegion,
                    message: "bucket \(bucket) is not in \(region): name another bucket (cur_bucket)", rerunMayFix: false)
            case .forbidden:
                // A 403 says nothing of why: the payer's own bucket refusing the access role reads
                // the same as another account's. The payer's bucket list tells them apart.
                if try await s3.listBuckets(credentials: credentials).contains(bucket) {
                    throw AccountFailure(
                        step: .costAndUsageReport, code: .bucketAccessDenied,
                        message: "bucket \(bucket) is the payer's, but refuses the access role (HeadBucket 403): let the role use it (s3:ListBucket, s3:GetBucketPolicy, s3:PutBucketPolicy) or name another bucket",
                        rerunMayFix: false)
                }
                throw Self.ownedByAnother(bucket)
            case .notFound:
                let creation = WorkflowChange(
                    step: .costAndUsageReport, kind: .create, subject: "bucket \(bucket) in \(region)", call: "s3 CreateBucket")
                switch try await context.gate.make(creation, { () async throws(AWSError) in
                    try await s3.createBucket(name: bucket, region: region, credentials: credentials)
                }) {
                case .alreadyExists?: throw Self.ownedByAnother(bucket)
                case .created?, .alreadyOwnedByYou?: detail = "created bucket \(bucket) in \(region)"
                case nil:
                    // A check: the bucket is not there to read a policy from; the run puts one.
                    context.gate.record(WorkflowChange(
                        step: .costAndUsageReport, kind: .create, subject: "policy of bucket \(bucket) for billingreports.amazonaws.com",
                        call: "s3 PutBucketPolicy"))
                    return "would create bucket \(bucket) in \(region) with a policy for billingreports.amazonaws.com"
                }
            }
            let policy = try await s3.getBucketPolicy(bucket, region: region, credentials: credentials)
            let statement = BillingReportsBucketPolicy(bucket: bucket, partition: context.partition, region: region, accountID: payer)
            switch statement.merged(into: policy) {
            case .unreadable:
                throw AccountFailure(
                    step: .costAndUsageReport, code: .bucketPolicyUnreadable,
                    message: "the policy of bucket \(bucket) is not a JSON policy document onboard can read, so it is neither merged into nor replaced: add the \(BillingReportsBucketPolicy.statementID) statement for billingreports.amazonaws.com by hand (see the plan), or name another bucket",
                    rerunMayFix: false)
            case .alreadyThere:
                detail += ", policy already lets billing reports deliver"
            case .merged(let merged):
                let put = WorkflowChange(
                    step: .costAndUsageReport, kind: policy == nil ? .create : .update,
                    subject: "policy of bucket \(bucket) for billingreports.amazonaws.com", call: "s3 PutBucketPolicy")
                let made = try await context.gate.make(put, { () async throws(AWSError) in
                    try await s3.putBucketPolicy(bucket: bucket, policyJSON: merged, region: region, credentials: credentials)
                }) != nil
                let what = policy == nil ? "policy for billingreports.amazonaws.com" : "billing reports statement"
                detail += made ? (policy == nil ? ", \(what) put" : ", \(what) added to its policy") : ", would put the \(what)"
            }
        } catch {
            throw AccountFailure.from(error, at: .costAndUsageReport)
        }
        return detail
    }

    /// For a report an earlier run connected the account with: when its bucket's policy no
    /// longer lets billing reports deliver, puts onboard's statement back (merged into the
    /// policy there, which is otherwise left as it is). Returns what was done, or nil when
    /// nothing was due (or the policy cannot be read: the drift report says so, with the fix).
    func restoreDelivery(_ bucket: String) async -> String? {
        let region = context.curRegion
        let payer = context.account.accountID
        let s3 = S3Client(
            client: services.payerClient, endpoints: services.settings.endpoints, region: region, expectedBucketOwner: payer)
        let read = await Self.reading { () async throws(AWSError) in
            try await s3.getBucketPolicy(bucket, region: region, credentials: credentials)
        }
        guard case .success(let policy) = read, !BillingReportsBucketPolicy.letsBillingReportsDeliver(policy) else { return nil }
        let statement = BillingReportsBucketPolicy(bucket: bucket, partition: context.partition, region: region, accountID: payer)
        guard case .merged(let merged) = statement.merged(into: policy) else { return nil }
        let put = WorkflowChange(
            step: .costAndUsageReport, kind: policy == nil ? .create : .update,
            subject: "billing reports statement in the policy of bucket \(bucket)", call: "s3 PutBucketPolicy")
        let outcome = await Self.attempt { () async throws(AWSError) -> Void? in
            try await context.gate.make(put, { () async throws(AWSError) in
                try await s3.putBucketPolicy(bucket: bucket, policyJSON: merged, region: region, credentials: credentials)
            })
        }
        switch outcome {
        case .success(nil): return "would put back the billing reports statement in the policy of bucket \(bucket)"
        case .success: return "put back the billing reports statement in the policy of bucket \(bucket)"
        case .failure(let error): return "could not put back the billing reports statement in bucket \(bucket): \(error.message)"
        }
    }

    /// A read, as a result.
    private static func reading(_ body: () async throws(AWSError) -> String?) async -> Result<String?, AWSError> {
        do throws(AWSError) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    /// An await kept out of typed catches (Swift 6.3.1 crashes on them).
    private static func attempt(_ body: () async throws(AWSError) -> Void?) async -> Result<Void?, AWSError> {
        do throws(AWSError) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    private static func ownedByAnother(_ bucket: String) -> AccountFailure {
        AccountFailure(
            step: .costAndUsageReport, code: .bucketOwnedByAnotherAccount,
            message: "bucket \(bucket) belongs to another AWS account: name a bucket of the payer's own (cur_bucket), or leave it empty for spot-cur-<account_id>",
            rerunMayFix: false)
    }
}
