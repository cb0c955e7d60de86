/// A Cost and Usage Report definition, coded with the CUR model's member names
/// (`ReportName`, `TimeUnit`, … `BillingViewArn`).
///
/// The enumerated members are open sets (`TimeUnit`, `Format`, …): a value AWS adds later is
/// read and written back as is, so someone else's report never fails to decode.
public struct ReportDefinition: Sendable, Hashable, Codable {
    /// `ReportName`: unique in the account, case-sensitive, no spaces.
    public var reportName: String
    /// `TimeUnit`.
    public var timeUnit: TimeUnit
    /// `Format`.
    public var format: Format
    /// `Compression`.
    public var compression: Compression
    /// `AdditionalSchemaElements` (`RESOURCES` for resource ids).
    public var additionalSchemaElements: [SchemaElement]
    /// `S3Bucket`.
    public var s3Bucket: String
    /// `S3Prefix`.
    public var s3Prefix: String
    /// `S3Region`: the bucket's region.
    public var s3Region: String
    /// `AdditionalArtifacts` (`ATHENA`, `REDSHIFT`, `QUICKSIGHT`).
    public var additionalArtifacts: [Artifact]?
    /// `RefreshClosedReports`: whether closed months are refreshed when late charges arrive.
    public var refreshClosedReports: Bool?
    /// `ReportVersioning`.
    public var reportVersioning: Versioning?
    /// `BillingViewArn`, for reports of a Billing Conductor billing group.
    public var billingViewArn: String?
    /// `ReportStatus`, as DescribeReportDefinitions reports it. Read only: never sent.
    public var reportStatus: Status?

    /// A definition; the optional members default to absent (left out of requests).
    public init(
        reportName: String, timeUnit: TimeUnit, format: Format, compression: Compression,
        additionalSchemaElements: [SchemaElement], s3Bucket: String, s3Prefix: String, s3Region: String,
        additionalArtifacts: [Artifact]? = nil, refreshClosedReports: Bool? = nil, reportVersioning: Versioning? = nil,
        billingViewArn: String? = nil, reportStatus: Status? = nil
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
        self.billingViewArn = billingViewArn
        self.reportStatus = reportStatus
    }

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
        case billingViewArn = "BillingViewArn"
        case reportStatus = "ReportStatus"
    }

    /// Decodes leniently where AWS may leave a required member out of a described report
    /// (no schema elements, no prefix).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        reportName = try container.decode(String.self, forKey: .reportName)
        timeUnit = try container.decode(TimeUnit.self, forKey: .timeUnit)
        format = try container.decode(Format.self, forKey: .format)
        compression = try container.decode(Compression.self, forKey: .compression)
        additionalSchemaElements = try container.decodeIfPresent([SchemaElement].self, forKey: .additionalSchemaElements) ?? []
        s3Bucket = try container.decode(String.self, forKey: .s3Bucket)
        s3Prefix = try container.decodeIfPresent(String.self, forKey: .s3Prefix) ?? ""
        s3Region = try container.decode(String.self, forKey: .s3Region)
        additionalArtifacts = try container.decodeIfPresent([Artifact].self, forKey: .additionalArtifacts)
        refreshClosedReports = try container.decodeIfPresent(Bool.self, forKey: .refreshClosedReports)
        reportVersioning = try container.decodeIfPresent(Versioning.self, forKey: .reportVersioning)
        billingViewArn = try container.decodeIfPresent(String.self, forKey: .billingViewArn)
        reportStatus = try container.decodeIfPresent(Status.self, forKey: .reportStatus)
    }

    /// Encodes the writable members; `ReportStatus` is left out, and so is every optional
    /// member that is `nil`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(reportName, forKey: .reportName)
        try container.encode(timeUnit, forKey: .timeUnit)
        try container.encode(format, forKey: .format)
        try container.encode(compression, forKey: .compression)
        try container.encode(additionalSchemaElements, forKey: .additionalSchemaElements)
        try container.encode(s3Bucket, forKey: .s3Bucket)
        try container.encode(s3Prefix, forKey: .s3Prefix)
        try container.encode(s3Region, forKey: .s3Region)
        try container.encodeIfPresent(additionalArtifacts, forKey: .additionalArtifacts)
        try container.encodeIfPresent(refreshClosedReports, forKey: .refreshClosedReports)
        try container.encodeIfPresent(reportVersioning, forKey: .reportVersioning)
        try container.encodeIfPresent(billingViewArn, forKey: .billingViewArn)
    }

    /// `TimeUnit`: `HOURLY`, `DAILY`, `MONTHLY`.
    public struct TimeUnit: RawRepresentable, Sendable, Hashable, Codable {
        /// The value as the API spells it.
        public let rawValue: String
        /// Wraps any value, listed in the model or not.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `HOURLY`.
        public static let hourly = TimeUnit(rawValue: "HOURLY")
        /// `DAILY`.
        public static let daily = TimeUnit(rawValue: "DAILY")
        /// `MONTHLY`.
        public static let monthly = TimeUnit(rawValue: "MONTHLY")
    }

    /// `Format` (`ReportFormat`): `textORcsv`, `Parquet`.
    public struct Format: RawRepresentable, Sendable, Hashable, Codable {
        /// The value as the API spells it.
        public let rawValue: String
        /// Wraps any value, listed in the model or not.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `textORcsv`.
        public static let textOrCSV = Format(rawValue: "textORcsv")
        /// `Parquet`.
        public static let parquet = Format(rawValue: "Parquet")
    }

    /// `Compression` (`CompressionFormat`): `ZIP`, `GZIP`, `Parquet`.
    public struct Compression: RawRepresentable, Sendable, Hashable, Codable {
        /// The value as the API spells it.
        public let rawValue: String
        /// Wraps any value, listed in the model or not.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `ZIP`.
        public static let zip = Compression(rawValue: "ZIP")
        /// `GZIP`.
        public static let gzip = Compression(rawValue: "GZIP")
        /// `Parquet`.
        public static let parquet = Compression(rawValue: "Parquet")
    }

    /// `SchemaElement`: `RESOURCES`, `SPLIT_COST_ALLOCATION_DATA`, `MANUAL_DISCOUNT_COMPATIBILITY`.
    public struct SchemaElement: RawRepresentable, Sendable, Hashable, Codable {
        /// The value as the API spells it.
        public let rawValue: String
        /// Wraps any value, listed in the model or not.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `RESOURCES`.
        public static let resources = SchemaElement(rawValue: "RESOURCES")
        /// `SPLIT_COST_ALLOCATION_DATA`.
        public static let splitCostAllocationData = SchemaElement(rawValue: "SPLIT_COST_ALLOCATION_DATA")
        /// `MANUAL_DISCOUNT_COMPATIBILITY`.
        public static let manualDiscountCompatibility = SchemaElement(rawValue: "MANUAL_DISCOUNT_COMPATIBILITY")
    }

    /// `AdditionalArtifact`: `REDSHIFT`, `QUICKSIGHT`, `ATHENA`.
    public struct Artifact: RawRepresentable, Sendable, Hashable, Codable {
        /// The value as the API spells it.
        public let rawValue: String
        /// Wraps any value, listed in the model or not.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `REDSHIFT`.
        public static let redshift = Artifact(rawValue: "REDSHIFT")
        /// `QUICKSIGHT`.
        public static let quickSight = Artifact(rawValue: "QUICKSIGHT")
        /// `ATHENA`.
        public static let athena = Artifact(rawValue: "ATHENA")
    }

    /// `ReportVersioning`: `CREATE_NEW_REPORT`, `OVERWRITE_REPORT`.
    public struct Versioning: RawRepresentable, Sendable, Hashable, Codable {
        /// The value as the API spells it.
        public let rawValue: String
        /// Wraps any value, listed in the model or not.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `CREATE_NEW_REPORT`.
        public static let createNewReport = Versioning(rawValue: "CREATE_NEW_REPORT")
        /// `OVERWRITE_REPORT`.
        public static let overwriteReport = Versioning(rawValue: "OVERWRITE_REPORT")
    }

    /// `ReportStatus`: the last delivery of the report.
    public struct Status: Sendable, Hashable, Codable {
        /// `lastDelivery`, as AWS writes it (`20240101T000000Z`).
        public var lastDelivery: String?
        /// `lastStatus`: `SUCCESS`, `ERROR_PERMISSIONS`, `ERROR_NO_BUCKET`.
        public var lastStatus: String?

        /// A status as the API reports it.
        public init(lastDelivery: String? = nil, lastStatus: String? = nil) {
            self.lastDelivery = lastDelivery
            self.lastStatus = lastStatus
        }
    }
}
