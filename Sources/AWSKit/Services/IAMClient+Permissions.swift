import Foundation
import HTTPCore

/// A managed policy attached to a role, as `ListAttachedRolePolicies` lists it.
public struct AttachedRolePolicy: Sendable, Hashable {
    /// The policy's name (for a stack's `AWS::IAM::ManagedPolicy` without a
    /// `ManagedPolicyName`: `<stack>-<logical id>-<suffix>`).
    public var name: String
    /// The policy's ARN.
    public var arn: String

    /// A policy named `name` at `arn`.
    public init(name: String, arn: String) {
        self.name = name
        self.arn = arn
    }
}

/// The reads of what a role may do: its attached managed policies and its inline policies, with
/// their documents (IAM API Reference: ListAttachedRolePolicies, ListRolePolicies,
/// GetRolePolicy, GetPolicy, GetPolicyVersion; all paginated lists follow `Marker` while
/// `IsTruncated`). Documents come back URL-decoded (``IAMClient/decodePolicyDocument(_:)``).
extension IAMClient {
    /// `ListAttachedRolePolicies`, every page: the managed policies attached to role `roleName`.
    public func attachedPolicies(roleName: String, credentials: any CredentialProvider) async throws(AWSError) -> [AttachedRolePolicy] {
        var policies: [AttachedRolePolicy] = []
        for page in try await pages(of: "ListAttachedRolePolicies", roleName: roleName, credentials: credentials) {
            for member in QueryResponse.members(of: page.child("AttachedPolicies")) {
                guard let arn = member.string("PolicyArn") else { continue }
                policies.append(AttachedRolePolicy(name: member.string("PolicyName") ?? "", arn: arn))
            }
        }
        return policies
    }

    /// `ListRolePolicies`, every page: the names of role `roleName`'s inline policies.
    public func inlinePolicyNames(roleName: String, credentials: any CredentialProvider) async throws(AWSError) -> [String] {
        var names: [String] = []
        for page in try await pages(of: "ListRolePolicies", roleName: roleName, credentials: credentials) {
            names += QueryResponse.members(of: page.child("PolicyNames")).map(\.text)
        }
        return names
    }

    /// `GetRolePolicy`: the document of role `roleName`'s inline policy `policyName`, or `nil`
    /// when there is none (`NoSuchEntity`).
    public func inlinePolicyDocument(
        roleName: String, policyName: String, credentials: any CredentialProvider
    ) async throws(AWSError) -> String? {
        var query = QueryRequest(action: "GetRolePolicy", version: Self.version)
        query.set("RoleName", roleName)
        query.set("PolicyName", policyName)
        guard let element = try await optionalResult(query, action: "GetRolePolicy", credentials: credentials) else { return nil }
        return element.string("PolicyDocument").map(Self.decodePolicyDocument)
    }

    /// The document of the default version of managed policy `arn` (`GetPolicy` for its
    /// `DefaultVersionId`, then `GetPolicyVersion`), or `nil` when the policy is gone
    /// (`NoSuchEntity`).
    public func managedPolicyDocument(arn: String, credentials: any CredentialProvider) async throws(AWSError) -> String? {
        var policy = QueryRequest(action: "GetPolicy", version: Self.version)
        policy.set("PolicyArn", arn)
        guard let described = try await optionalResult(policy, action: "GetPolicy", credentials: credentials),
            let version = described.string("Policy", "DefaultVersionId")
        else { return nil }
        var query = QueryRequest(action: "GetPolicyVersion", version: Self.version)
        query.set("PolicyArn", arn)
        query.set("VersionId", version)
        guard let element = try await optionalResult(query, action: "GetPolicyVersion", credentials: credentials) else { return nil }
        return element.string("PolicyVersion", "Document").map(Self.decodePolicyDocument)
    }

    /// The result element of `query`, or `nil` when IAM answers `NoSuchEntity`.
    private func optionalResult(
        _ query: QueryRequest, action: String, credentials: any CredentialProvider
    ) async throws(AWSError) -> AWSXMLElement? {
        switch await client.result(of: query.call(service: .iam, endpoint: endpoint), credentials: credentials) {
        case .success(let response): return try QueryResponse.result(of: response, action: action, service: .iam)
        case .failure(let error) where error.code == "NoSuchEntity": return nil
        case .failure(let error): throw error
        }
    }

    /// Every page of a list of role `roleName`'s (`action`), following `Marker` while
    /// `IsTruncated` is true. A marker repeated is an invalid response, not a loop.
    private func pages(
        of action: String, roleName: String, credentials: any CredentialProvider
    ) async throws(AWSError) -> [AWSXMLElement] {
        var pages: [AWSXMLElement] = []
        var marker: String?
        var seen: Set<String> = []
        while true {
            var query = QueryRequest(action: action, version: Self.version)
            query.set("RoleName", roleName)
            query.set("Marker", marker)
            let response = try await client.send(query.call(service: .iam, endpoint: endpoint), credentials: credentials)
            let page = try QueryResponse.result(of: response, action: action, service: .iam)
            pages.append(page)
            guard page.string("IsTruncated") == "true", let next = page.string("Marker"), !next.isEmpty else { return pages }
            guard seen.insert(next).inserted else {
                throw AWSError(
                    code: "InvalidResponse", message: "\(action) repeated the Marker \(next)", httpStatus: response.status,
                    requestID: response.header("x-amzn-RequestId"), service: "iam", operation: action, isRetryable: false)
            }
            marker = next
        }
    }
}
