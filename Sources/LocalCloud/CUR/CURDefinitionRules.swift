import AWSKit

/// The checks the CUR service makes on a report definition before it stores it: the model's
/// patterns and enums, and the combinations AWS refuses (Athena's rules among them).
enum CURDefinitionRules {
    static let regions: Set<String> = [
        "af-south-1", "ap-east-1", "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "eu-central-1", "eu-central-2",
        "eu-west-1", "eu-west-2", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2", "me-central-1", "me-south-1",
        "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2", "cn-north-1", "cn-northwest-1",
    ]

    /// The first rule `definition` breaks, as the ValidationException message AWS gives; nil
    /// when it complies.
    static func problem(with definition: ReportDefinition) -> String? {
        if let problem = nameProblem(definition.reportName) { return problem }
        if !["HOURLY", "DAILY", "MONTHLY"].contains(definition.timeUnit.rawValue) {
            return enumProblem("timeUnit", definition.timeUnit.rawValue, ["HOURLY", "DAILY", "MONTHLY"])
        }
        if !["textORcsv", "Parquet"].contains(definition.format.rawValue) {
            return enumProblem("format", definition.format.rawValue, ["textORcsv", "Parquet"])
        }
        if !["ZIP", "GZIP", "Parquet"].contains(definition.compression.rawValue) {
            return enumProblem("compression", definition.compression.rawValue, ["ZIP", "GZIP", "Parquet"])
        }
        for element in definition.additionalSchemaElements
        where !["RESOURCES", "SPLIT_COST_ALLOCATION_DATA", "MANUAL_DISCOUNT_COMPATIBILITY"].contains(element.rawValue) {
            return enumProblem("additionalSchemaElements", element.rawValue, ["RESOURCES", "SPLIT_COST_ALLOCATION_DATA", "MANUAL_DISCOUNT_COMPATIBILITY"])
        }
        if definition.s3Bucket.isEmpty || definition.s3Bucket.count > 256
            || !definition.s3Bucket.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) })
        {
            return "Value '\(definition.s3Bucket)' at 's3Bucket' failed to satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9_\\.\\-]+"
        }
        if definition.s3Prefix.count > 256
            || !definition.s3Prefix.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "!-_.*'()/".contains($0)) })
        {
            return "Value '\(definition.s3Prefix)' at 's3Prefix' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9A-Za-z!\\-_.*\\'()/]*"
        }
        if !regions.contains(definition.s3Region) {
            return "Value '\(definition.s3Region)' at 's3Region' failed to satisfy constraint: Member must satisfy enum value set"
        }
        if let versioning = definition.reportVersioning, !["CREATE_NEW_REPORT", "OVERWRITE_REPORT"].contains(versioning.rawValue) {
            return enumProblem("reportVersioning", versioning.rawValue, ["CREATE_NEW_REPORT", "OVERWRITE_REPORT"])
        }
        if let view = definition.billingViewArn, let problem = billingViewProblem(view) { return problem }
        let isParquetFormat = definition.format.rawValue == "Parquet"
        let isParquetCompression = definition.compression.rawValue == "Parquet"
        if isParquetFormat != isParquetCompression {
            return "Invalid compression type \(definition.compression.rawValue) for format \(definition.format.rawValue)."
        }
        let artifacts = (definition.additionalArtifacts ?? []).map(\.rawValue)
        for artifact in artifacts where !["REDSHIFT", "QUICKSIGHT", "ATHENA"].contains(artifact) {
            return enumProblem("additionalArtifacts", artifact, ["REDSHIFT", "QUICKSIGHT", "ATHENA"])
        }
        if artifacts.contains("ATHENA") {
            if artifacts.count > 1 { return "Athena integration cannot be combined with other additional artifacts." }
            if !isParquetFormat { return "Athena integration requires Parquet format and compression." }
            if definition.reportVersioning?.rawValue != "OVERWRITE_REPORT" {
                return "Athena integration requires report versioning OVERWRITE_REPORT."
            }
            if definition.s3Prefix.isEmpty { return "Athena integration requires a non-empty S3 prefix." }
        }
        if (artifacts.contains("REDSHIFT") || artifacts.contains("QUICKSIGHT")) && isParquetFormat {
            return "Redshift and QuickSight integrations require the textORcsv format."
        }
        return nil
    }

    /// The ReportName rule (pattern and length).
    static func nameProblem(_ name: String) -> String? {
        if name.isEmpty || name.count > 256
            || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "!-_.*'()".contains($0)) })
        {
            return "Value '\(name)' at 'reportName' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9A-Za-z!\\-_.*\\'()]+"
        }
        return nil
    }

    /// The `BillingViewArn` shape: at most 128 characters, pattern
    /// `(arn:aws(-cn)?:billing::[0-9]{12}:billingview/)?[a-zA-Z0-9_\+=\.\-@].{1,30}`.
    static func billingViewProblem(_ arn: String) -> String? {
        if arn.count <= 128, arn.wholeMatch(of: /(arn:aws(-cn)?:billing::[0-9]{12}:billingview\/)?[a-zA-Z0-9_+=.\-@].{1,30}/) != nil {
            return nil
        }
        return "Value '\(arn)' at 'billingViewArn' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:aws(-cn)?:billing::[0-9]{12}:billingview/)?[a-zA-Z0-9_\\+=\\.\\-@].{1,30}"
    }

    private static func enumProblem(_ member: String, _ value: String, _ allowed: [String]) -> String {
        "Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]"
    }
}
