import AWSKit

extension AccountReport {
    /// The Cost and Usage Report in use, as the report lays it out (snake_case, not the CUR
    /// API's member names).
    public struct CostAndUsageReport: Sendable, Hashable, Codable {
        /// `ReportName`.
        public var reportName: String
        /// `S3Bucket`.
        public var bucket: String
        /// `S3Prefix`.
        public var prefix: String
        /// `S3Region`.
        public var region: String
        /// `TimeUnit`.
        public var timeUnit: ReportDefinition.TimeUnit
        /// `Format`.
        public var format: ReportDefinition.Format
        /// `Compression`.
        public var compression: ReportDefinition.Compression
        /// `AdditionalSchemaElements`.
        public var additionalSchemaElements: [ReportDefinition.SchemaElement]
        /// `AdditionalArtifacts`.
        public var additionalArtifacts: [ReportDefinition.Artifact]?
        /// `RefreshClosedReports`.
        public var refreshClosedReports: Bool?
        /// `ReportVersioning`.
        public var reportVersioning: ReportDefinition.Versioning?
        /// `BillingViewArn`.
        public var billingViewARN: String?
        /// `ReportStatus.lastDelivery`, when the definition was read from AWS.
        public var lastDelivery: String?
        /// `ReportStatus.lastStatus`, when the definition was read from AWS.
        public var lastStatus: String?

        /// The report's view of `definition`.
        public init(_ definition: ReportDefinition) {
            reportName = definition.reportName
            bucket = definition.s3Bucket
            prefix = definition.s3Prefix
            region = definition.s3Region
            timeUnit = definition.timeUnit
            format = definition.format
            compression = definition.compression
            additionalSchemaElements = definition.additionalSchemaElements
            additionalArtifacts = definition.additionalArtifacts
            refreshClosedReports = definition.refreshClosedReports
            reportVersioning = definition.reportVersioning
            billingViewARN = definition.billingViewArn
            lastDelivery = definition.reportStatus?.lastDelivery
            lastStatus = definition.reportStatus?.lastStatus
        }

        /// The definition this holds.
        public var definition: ReportDefinition {
            ReportDefinition(
                reportName: reportName, timeUnit: timeUnit, format: format, compression: compression,
                additionalSchemaElements: additionalSchemaElements, s3Bucket: bucket, s3Prefix: prefix, s3Region: region,
                additionalArtifacts: additionalArtifacts, refreshClosedReports: refreshClosedReports,
                reportVersioning: reportVersioning, billingViewArn: billingViewARN,
                reportStatus: lastDelivery == nil && lastStatus == nil
                    ? nil : ReportDefinition.Status(lastDelivery: lastDelivery, lastStatus: lastStatus))
        }

        enum CodingKeys: String, CodingKey {
            case reportName = "report_name"
            case bucket, prefix, region
            case timeUnit = "time_unit"
            case format, compression
            case additionalSchemaElements = "additional_schema_elements"
            case additionalArtifacts = "additional_artifacts"
            case refreshClosedReports = "refresh_closed_reports"
            case reportVersioning = "report_versioning"
            case billingViewARN = "billing_view_arn"
            case lastDelivery = "last_delivery"
            case lastStatus = "last_status"
        }
    }
}
