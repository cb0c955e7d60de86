import AWSKit

extension ReportDefinition {
    /// The definition Spot needs: hourly, resource ids, data refresh, Athena integration
    /// (Parquet, ATHENA the only artifact, OVERWRITE_REPORT), delivered to `bucket` in `region`.
    public static func spotCompliant(reportName: String, bucket: String, prefix: String, region: String) -> ReportDefinition {
        ReportDefinition(
            reportName: reportName, timeUnit: .hourly, format: .parquet, compression: .parquet,
            additionalSchemaElements: [.resources], s3Bucket: bucket, s3Prefix: prefix, s3Region: region,
            additionalArtifacts: [.athena], refreshClosedReports: true, reportVersioning: .overwriteReport)
    }

    /// Why this (existing) definition does not serve Spot, one reason per item; empty when it does.
    ///
    /// Spot needs hourly data with resource ids, refreshed when AWS restates closed months, in
    /// the Athena-ready shape (Parquet, ATHENA the only artifact, OVERWRITE_REPORT, a prefix).
    public var complianceProblems: [String] {
        var problems: [String] = []
        if timeUnit != .hourly { problems.append("time unit is \(timeUnit.rawValue), Spot needs HOURLY") }
        if !additionalSchemaElements.contains(.resources) { problems.append("resource ids are not included (RESOURCES)") }
        if format != .parquet || compression != .parquet {
            problems.append("format is \(format.rawValue)/\(compression.rawValue), Spot needs Parquet/Parquet")
        }
        if additionalArtifacts != [.athena] {
            let artifacts = (additionalArtifacts ?? []).map(\.rawValue).joined(separator: ",")
            problems.append("artifacts are \(artifacts.isEmpty ? "none" : artifacts), Spot needs ATHENA only")
        }
        if refreshClosedReports != true { problems.append("data refresh (RefreshClosedReports) is off") }
        if reportVersioning != .overwriteReport {
            problems.append("versioning is \(reportVersioning?.rawValue ?? "unset"), Spot needs OVERWRITE_REPORT")
        }
        if s3Prefix.isEmpty { problems.append("the S3 prefix is empty") }
        if let billingViewArn, !billingViewArn.isEmpty {
            // A BillingViewArn makes a pro-forma report (AWS Billing Conductor): it covers one
            // billing group's pro-forma costs, not what the organization is billed.
            problems.append("it is a pro-forma report of billing view \(billingViewArn) (Billing Conductor), which covers one billing group, not the organization's bill")
        }
        return problems
    }

    /// Where Spot reads the report: `<prefix>/<report name>`.
    public var pathPrefix: String { "\(s3Prefix)/\(reportName)" }
}
