import AccountList
import AWSKit
import Foundation

/// `cur`: adopt a compliant Cost and Usage Report, or create one (bucket in the CUR region, owned
/// by the payer, with the policy billing reports need). Never modifies someone else's report.
struct CostAndUsageReportStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        let credentials = try context.credentials()
        let wanted = context.plan.costAndUsageReport.definition
        let request = context.account.costAndUsageReport
        let cur = CostAndUsageReportClient(
            client: services.payerClient, endpoint: services.endpoint(.costAndUsageReport, context.partition, region: context.curRegion))
        let existing: [ReportDefinition]
        do {
            existing = try await cur.describeReportDefinitions(credentials: credentials)
        } catch {
            throw AccountFailure(error, at: .costAndUsageReport)
        }
        if let named = existing.first(where: { $0.reportName == wanted.reportName }) {
            let problems = named.complianceProblems
                + (named.s3Bucket == wanted.s3Bucket ? [] : ["it delivers to bucket \(named.s3Bucket), not \(wanted.s3Bucket)"])
                + (named.s3Prefix == wanted.s3Prefix ? [] : ["its prefix is \(named.s3Prefix), not \(wanted.s3Prefix)"])
            guard problems.isEmpty else {
                throw AccountFailure(
                    step: .costAndUsageReport, code: "NonCompliantReport",
                    message: "the existing report \(named.reportName) does not suit Spot: \(problems.joined(separator: "; ")). It is left unchanged: fix it in the Billing console, or name another report (cur_report_name) in the account list",
                    rerunMayFix: false)
            }
            context.outputs.costAndUsageReport = named
            context.outputs.costAndUsageReportAction = "adopted"
            return "adopted the existing report \(named.reportName) (s3://\(named.s3Bucket)/\(named.pathPrefix))"
        }
        if !request.isNamedInRow, let compliant = existing.first(where: { $0.complianceProblems.isEmpty }) {
            context.outputs.costAndUsageReport = compliant
            context.outputs.costAndUsageReportAction = "adopted"
            return "adopted the compliant report \(compliant.reportName) (s3://\(compliant.s3Bucket)/\(compliant.pathPrefix)) rather than create a second delivery"
        }
        guard existing.count < 5 else {
            throw AccountFailure(
                step: .costAndUsageReport, code: "ReportLimitReached",
                message: "the account already has 5 report definitions (the CUR limit) and none suits Spot: delete one, or name a compliant one in cur_report_name",
                rerunMayFix: false)
        }
        let bucketDetail = try await prepareBucket(wanted.s3Bucket, context: context, credentials: credentials)
        do {
            try await cur.putReportDefinition(wanted, credentials: credentials)
        } catch {
            if error.code == "DuplicateReportNameException" {
                // Created meanwhile (a retried call that had succeeded): read it back and adopt it.
                context.outputs.costAndUsageReport = wanted
                context.outputs.costAndUsageReportAction = "adopted"
                return "\(bucketDetail); report \(wanted.reportName) already there"
            }
            throw AccountFailure(error, at: .costAndUsageReport)
        }
        context.outputs.costAndUsageReport = wanted
        context.outputs.costAndUsageReportAction = "created"
        return "\(bucketDetail); created report \(wanted.reportName) (hourly, resource ids, Athena/Parquet) delivering to s3://\(wanted.s3Bucket)/\(wanted.pathPrefix)"
    }

    /// Makes sure the bucket exists in the CUR region, is the payer's, and lets billing reports write.
    private func prepareBucket(
        _ bucket: String, context: AccountContext, credentials: any CredentialProvider
    ) async throws(AccountFailure) -> String {
        let region = context.curRegion
        let s3 = S3Client(client: services.payerClient, endpoints: services.settings.endpoints, region: region)
        var detail: String
        do {
            switch try await s3.headBucket(bucket, region: region, credentials: credentials) {
            case .reachable(let found) where found == region:
                detail = "bucket \(bucket) exists"
            case .reachable(let found), .inAnotherRegion(let found?):
                throw AccountFailure(
                    step: .costAndUsageReport, code: "BucketInWrongRegion",
                    message: "bucket \(bucket) is in \(found); CUR delivers only to a bucket in \(region): name another bucket (cur_bucket)",
                    rerunMayFix: false)
            case .inAnotherRegion(nil):
                throw AccountFailure(
                    step: .costAndUsageReport, code: "BucketInWrongRegion",
                    message: "bucket \(bucket) is not in \(region): name another bucket (cur_bucket)", rerunMayFix: false)
            case .forbidden:
                throw Self.ownedByAnother(bucket)
            case .notFound:
                switch try await s3.createBucket(name: bucket, region: region, credentials: credentials) {
                case .alreadyExists: throw Self.ownedByAnother(bucket)
                case .created, .alreadyOwnedByYou: detail = "created bucket \(bucket) in \(region)"
                }
            }
            let policy = try await s3.getBucketPolicy(bucket, region: region, credentials: credentials)
            let merged = BillingReportsBucketPolicy(
                bucket: bucket, partition: context.partition, region: region, accountID: context.account.accountID)
                .merged(into: policy)
            if let merged {
                try await s3.putBucketPolicy(bucket: bucket, policyJSON: merged, region: region, credentials: credentials)
                detail += policy == nil ? ", policy for billingreports.amazonaws.com put" : ", billing reports statement added to its policy"
            } else {
                detail += ", policy already lets billing reports deliver"
            }
        } catch {
            throw AccountFailure.from(error, at: .costAndUsageReport)
        }
        return detail
    }

    private static func ownedByAnother(_ bucket: String) -> AccountFailure {
        AccountFailure(
            step: .costAndUsageReport, code: "BucketOwnedByAnotherAccount",
            message: "bucket \(bucket) belongs to another AWS account: name a bucket of the payer's own (cur_bucket), or leave it empty for spot-cur-<account_id>",
            rerunMayFix: false)
    }
}
