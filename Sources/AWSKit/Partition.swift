/// An AWS partition: the commercial one or AWS China.
///
/// The partition decides endpoint domains, the `arn:` prefix, and the region where Cost and
/// Usage Reports live (the CUR API exists only in us-east-1 and cn-northwest-1).
public enum Partition: String, Sendable, Hashable, Codable, CaseIterable {
    /// The commercial partition (`arn:aws:`).
    case aws = "aws"
    /// AWS China, operated by Sinnet and NWCD (`arn:aws-cn:`).
    case awsChina = "aws-cn"

    /// The DNS suffix of the partition's endpoints.
    public var dnsSuffix: String {
        switch self {
        case .aws: "amazonaws.com"
        case .awsChina: "amazonaws.com.cn"
        }
    }

    /// The only region of the partition that serves the Cost and Usage Report API; CUR buckets
    /// are created there as well.
    public var costAndUsageReportRegion: String {
        switch self {
        case .aws: "us-east-1"
        case .awsChina: "cn-northwest-1"
        }
    }

    /// The region that serves the partition's global IAM endpoint and signs its requests.
    public var iamRegion: String {
        switch self {
        case .aws: "us-east-1"
        case .awsChina: "cn-north-1"
        }
    }

    /// The region that serves AWS Organizations in the partition.
    public var organizationsRegion: String {
        switch self {
        case .aws: "us-east-1"
        case .awsChina: "cn-northwest-1"
        }
    }

    /// The region used for regional calls (STS, CloudFormation) when none is chosen.
    public var defaultRegion: String { costAndUsageReportRegion }

    /// The partition a region belongs to (`cn-*` regions are AWS China).
    public init(region: String) {
        self = region.hasPrefix("cn-") ? .awsChina : .aws
    }
}
