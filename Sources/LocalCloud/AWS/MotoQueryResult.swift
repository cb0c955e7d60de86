import AWSKit

/// A query-protocol answer from moto (IAM, CloudFormation, STS): its status and XML.
struct MotoQueryResult: Sendable {
    var status: Int
    var root: AWSXMLElement?

    var isSuccess: Bool { (200..<300).contains(status) && root != nil }

    /// The error code of a failed answer (`NoSuchEntity`, `ValidationError`, …).
    var errorCode: String? { root?.string("Error", "Code") }
}
