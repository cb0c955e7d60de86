/// A Cost and Usage Report definition, with the CUR API's member names
/// (../shared/reference/aws-models/cur-2017-01-06.service-2.json, shape `ReportDefinition`).
public struct CostAndUsageReportDefinition: Sendable, Hashable, Codable {
    public var reportName: String
    public var timeUnit: String
    public var format: String
    public var compression: String
    public var additionalSchemaElements: [String]
    public var s3Bucket: String
    public var s3Prefix: String
    public var s3Region: String
    public var additionalArtifacts: [String]?
    public var refreshClosedReports: Bool?
    public var reportVersioning: String?

    enum CodingKeys: String, CodingKey {
        case reportName = "ReportName"
        case timeUnit = "TimeUnit"
        case format = "Format"
        case compression = "Compression"
        case additionalSchemaElements = "AdditionalSchemaElements"
        case s3Bucket = "S3Bucket"
        case s3Prefix = "S3Prefix"
        case s3Region = "S3Region"
        case additionalArtifacts = "AdditionalArtifacts"
        case refreshClosedReports = "RefreshClosedReports"
        case reportVersioning = "ReportVersioning"
    }

    public init(
        reportName: String, timeUnit: String, format: String, compression: String,
        additionalSchemaElements: [String], s3Bucket: String, s3Prefix: String, s3Region: String,
        additionalArtifacts: [String]?, refreshClosedReports: Bool?, reportVersioning: String?
    ) {
        self.reportName = reportName
        self.timeUnit = timeUnit
        self.format = format
        self.compression = compression
        self.additionalSchemaElements = additionalSchemaElements
        self.s3Bucket = s3Bucket
        self.s3Prefix = s3Prefix
        self.s3Region = s3Region
        self.additionalArtifacts = additionalArtifacts
        self.refreshClosedReports = refreshClosedReports
        self.reportVersioning = reportVersioning
    }

    /// The definition Spot needs: hourly, resource ids, data refresh, Athena integration
    /// (Parquet, OVERWRITE_REPORT), delivered to `bucket` in `region`.
    public static func spotCompliant(reportName: String, bucket: String, prefix: String, region: String) -> Self {
        CostAndUsageReportDefinition(
            reportName: reportName, timeUnit: "HOURLY", format: "Parquet", compression: "Parquet",
            additionalSchemaElements: ["RESOURCES"], s3Bucket: bucket, s3Prefix: prefix, s3Region: region,
            additionalArtifacts: ["ATHENA"], refreshClosedReports: true, reportVersioning: "OVERWRITE_REPORT")
    }

    /// Why this (existing) definition does not serve Spot, one reason per item; empty when it does.
    ///
    /// Spot needs hourly data with resource ids, refreshed when AWS restates closed months,
    /// in the Athena-ready shape (Parquet, ATHENA the only artifact, OVERWRITE_REPORT, a prefix).
    public var complianceProblems: [String] {
        var problems: [String] = []
        if timeUnit != "HOURLY" { problems.append("time unit is \(timeUnit), Spot needs HOURLY") }
        if !additionalSchemaElements.contains("RESOURCES") { problems.append("resource ids are not included (RESOURCES)") }
        if format != "Parquet" || compression != "Parquet" {
            problems.append("format is \(format)/\(compression), Spot needs Parquet/Parquet")
        }
        if additionalArtifacts != ["ATHENA"] {
            problems.append("artifacts are \((additionalArtifacts ?? []).joined(separator: ",").nonEmptyOr("none")), Spot needs ATHENA only")
        }
        if refreshClosedReports != true { problems.append("data refresh (RefreshClosedReports) is off") }
        if reportVersioning != "OVERWRITE_REPORT" {
            problems.append("versioning is \(reportVersioning ?? "unset"), Spot needs OVERWRITE_REPORT")
        }
        if s3Prefix.isEmpty { problems.append("the S3 prefix is empty") }
        return problems
    }

    /// Where Spot reads the report: `<prefix>/<report name>`.
    public var pathPrefix: String { "\(s3Prefix)/\(reportName)" }
}

extension String {
    fileprivate func nonEmptyOr(_ fallback: String) -> String { isEmpty ? fallback : self }
}
