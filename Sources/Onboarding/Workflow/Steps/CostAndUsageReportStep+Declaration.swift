import AWSKit
import AccountList

extension CostAndUsageReportStep {
    /// What `cur` does for `account`: list the payer's reports, then adopt one or make the bucket
    /// ready and create the definition.
    static func declaration(for account: PayerAccount, settings: OnboardingSettings) -> StepDeclaration {
        let request = account.costAndUsageReport
        let region = account.partition.costAndUsageReportRegion
        let target = "report \(request.reportName) to s3://\(request.bucket)/\(request.prefix) in \(region)"
        let creates: String
        var declaration = StepDeclaration(step: .costAndUsageReport, summary: "")
        if request.isNamedInRow {
            declaration.summary = "adopt the \(target) if it exists and complies (a non-compliant one fails the account, left unchanged), or create it"
            creates = "the named report does not exist yet"
        } else {
            declaration.summary = "adopt any compliant existing report (never a pro-forma one), wherever it delivers; or create the \(target)"
            creates = "no compliant report exists to adopt"
        }
        declaration.summary += "; creating it makes sure the bucket is the payer's own, in \(region), with a policy for billingreports.amazonaws.com"
        declaration.aws(.describeReportDefinitions, "the payer's report definitions (paged with NextToken)")
        declaration.aws(.headBucket, "whether bucket \(request.bucket) exists in \(region) and is the payer's (x-amz-expected-bucket-owner)", .only(when: creates))
        declaration.aws(
            .getBucketLocation, "the region of a bucket in another region (the account fails naming it)",
            .only(when: "HeadBucket answers 301"))
        declaration.aws(
            .listBuckets, "whether a bucket that refuses the role is the payer's own or another account's",
            .only(when: "HeadBucket answers 403"))
        declaration.aws(.createBucket, "create bucket \(request.bucket) in \(region)", .only(when: "\(creates) and the bucket does not exist"))
        declaration.aws(.getBucketPolicy, "the bucket's policy, merged into (never replaced)", .only(when: creates))
        declaration.aws(
            .putBucketPolicy, "let billingreports.amazonaws.com deliver (s3:GetBucketAcl, s3:GetBucketPolicy, s3:PutObject)",
            .only(when: "\(creates) and the bucket's policy lacks that statement"))
        declaration.aws(
            .putReportDefinition,
            "create the report (hourly, resource ids, Athena/Parquet, OVERWRITE_REPORT), asked again while CUR cannot yet verify a new bucket policy",
            .only(when: creates))
        return declaration
    }
}
