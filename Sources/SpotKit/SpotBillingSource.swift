/// Where a payer's Cost and Usage Report lands, as Billing Engine (cloudBilling) wants it.
public struct SpotBillingSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The S3 bucket of the CUR.
    public var bucket: String
    /// The bucket's region (`us-east-1`, `cn-northwest-1`).
    public var region: String
    /// The report's prefix and name, `<prefix>/<report>`.
    public var pathPrefix: String

    /// - Parameters: see the properties.
    public init(bucket: String, region: String, pathPrefix: String) {
        self.bucket = bucket
        self.region = region
        self.pathPrefix = pathPrefix
    }

    /// `s3://bucket/pathPrefix (region)`.
    public var description: String { "s3://\(bucket)/\(pathPrefix) (\(region))" }
}
