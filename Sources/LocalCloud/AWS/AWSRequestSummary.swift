import Foundation
import AWSKit

/// What the sandbox reads off an AWS request: who signed it for which service, region and
/// operation, and in which wire protocol errors must be answered.
struct AWSRequestSummary: Sendable {
    /// The signing name from the SigV4 credential scope (`sts`, `s3`, `cur`, …).
    var service: String
    /// The signing region from the credential scope.
    var region: String
    /// The access key id that signed the request, when it is signed.
    var accessKeyID: String?
    /// The operation (`CreateStack`, `PutReportDefinition`, `HeadBucket`, …).
    var operation: String
    /// The protocol the service speaks, for errors in its own format.
    var wireProtocol: AWSProtocol
    /// The S3 bucket named in the path (path-style requests), if any.
    var bucket: String?

    /// Reads `request`; nil when it is not a SigV4-signed AWS request.
    init?(_ request: SandboxRequest) {
        guard let authorization = request.header("Authorization"), authorization.hasPrefix("AWS4-HMAC-SHA256"),
            let credentialRange = authorization.range(of: "Credential=")
        else { return nil }
        let credential = authorization[credentialRange.upperBound...].prefix { $0 != "," && $0 != " " }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard scope.count >= 5 else { return nil }
        accessKeyID = String(scope[0])
        region = String(scope[2])
        service = String(scope[3])
        bucket = nil
        if let target = request.header("X-Amz-Target") {
            wireProtocol = .json
            operation = String(target.split(separator: ".").last ?? Substring(target))
        } else if service == "s3" {
            wireProtocol = .restXML
            let parts = request.path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: true)
            bucket = parts.first.map(String.init)
            operation = Self.s3Operation(request, hasKey: parts.count > 1)
        } else {
            wireProtocol = .query
            operation = request.formFields()["Action"] ?? request.queryValue("Action") ?? "Unknown"
        }
    }

    private static func s3Operation(_ request: SandboxRequest, hasKey: Bool) -> String {
        let names = Set(request.query.map(\.name))
        let isRoot = request.path == "/" || request.path.isEmpty
        switch (request.method, isRoot, hasKey) {
        case ("GET", true, _): return "ListBuckets"
        case ("HEAD", false, false): return "HeadBucket"
        case ("PUT", false, false):
            if names.contains("policy") { return "PutBucketPolicy" }
            if names.isEmpty { return "CreateBucket" }
            return "PutBucket" + (names.sorted().first?.capitalized ?? "")
        case ("GET", false, false):
            if names.contains("location") { return "GetBucketLocation" }
            if names.contains("policy") { return "GetBucketPolicy" }
            if names.contains("acl") { return "GetBucketAcl" }
            return "ListObjects"
        case ("DELETE", false, false): return names.contains("policy") ? "DeleteBucketPolicy" : "DeleteBucket"
        case ("PUT", false, true): return "PutObject"
        case ("GET", false, true): return "GetObject"
        case ("HEAD", false, true): return "HeadObject"
        case ("DELETE", false, true): return "DeleteObject"
        default: return request.method
        }
    }
}
