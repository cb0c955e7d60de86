import Foundation
import HTTPCore

/// IAM, on the query protocol (version 2010-05-08).
///
/// IAM is global per partition: use the endpoint ``EndpointResolver`` gives for `.iam`
/// (`iam.amazonaws.com` signed us-east-1; `iam.cn-north-1.amazonaws.com.cn` signed cn-north-1).
public struct IAMClient: Sendable {
    /// Sends the calls.
    public let client: AWSClient
    /// Where IAM is.
    public let endpoint: ServiceEndpoint

    /// - Parameters:
    ///   - client: sends the calls.
    ///   - endpoint: IAM's endpoint in the partition.
    public init(client: AWSClient, endpoint: ServiceEndpoint) {
        self.client = client
        self.endpoint = endpoint
    }

    static let version = "2010-05-08"

    /// `GetRole`: the role named `name`, with its trust policy URL-decoded, or `nil` when there
    /// is none (`NoSuchEntity`).
    public func getRole(name: String, credentials: any CredentialProvider) async throws(AWSError) -> IAMRole? {
        var query = QueryRequest(action: "GetRole", version: Self.version)
        query.set("RoleName", name)
        let response: AWSResponse
        switch await client.result(of: query.call(service: .iam, endpoint: endpoint), credentials: credentials) {
        case .success(let answer): response = answer
        case .failure(let error) where error.code == "NoSuchEntity": return nil
        case .failure(let error): throw error
        }
        let element = try QueryResponse.result(of: response, action: "GetRole", service: .iam)
        guard let role = element.child("Role"), let arn = role.string("Arn"), let roleName = role.string("RoleName")
        else {
            throw AWSError(
                code: "InvalidResponse", message: "GetRole returned no role", httpStatus: response.status,
                requestID: response.header("x-amzn-RequestId"), service: "iam", operation: "GetRole",
                isRetryable: false)
        }
        return IAMRole(
            name: roleName, arn: arn, roleID: role.string("RoleId") ?? "", path: role.string("Path") ?? "/",
            assumeRolePolicyDocument: Self.decodePolicyDocument(role.string("AssumeRolePolicyDocument") ?? ""))
    }

    /// A policy document as IAM returns it, RFC 3986 percent-encoded, decoded to JSON text
    /// (`+` stays a plus sign). Text that is not validly encoded comes back as it is.
    public static func decodePolicyDocument(_ encoded: String) -> String {
        encoded.removingPercentEncoding ?? encoded
    }
}
