import AWSKit

/// A Cost and Usage Report definition as the reports and the journal lay it out
/// (`outputs.cost_and_usage_report`): snake_case keys, not the CUR API's member names that
/// `ReportDefinition`'s own coding uses on the wire, with `ReportStatus` flattened into
/// `last_delivery` and `last_status`.
struct ReportDefinitionRecord: Codable {
    var reportName: String
    var bucket: String
    var prefix: String
    var region: String
    var timeUnit: ReportDefinition.TimeUnit
    var format: ReportDefinition.Format
    var compression: ReportDefinition.Compression
    var additionalSchemaElements: [ReportDefinition.SchemaElement]
    var additionalArtifacts: [ReportDefinition.Artifact]?
    var refreshClosedReports: Bool?
    var reportVersioning: ReportDefinition.Versioning?
    var billingViewARN: String?
    var lastDelivery: String?
    var lastStatus: String?

    init(_ definition: ReportDefinition) {
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

    var definition: ReportDefinition {
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
