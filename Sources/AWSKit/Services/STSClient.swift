import Foundation
import HTTPCore

/// STS, on the query protocol (version 2011-06-15).
public struct STSClient: Sendable {
    /// Sends the calls.
    public let client: AWSClient
    /// The STS endpoint (regional), and how its requests are signed.
    public let endpoint: ServiceEndpoint

    public init(client: AWSClient, endpoint: ServiceEndpoint) {
        self.client = client
        self.endpoint = endpoint
    }

    static let version = "2011-06-15"

    /// `GetCallerIdentity`: the account and ARN behind `credentials`.
    public func getCallerIdentity(credentials: any CredentialProvider) async throws(AWSError) -> CallerIdentity {
        let call = QueryRequest(action: "GetCallerIdentity", version: Self.version).call(service: .sts, endpoint: endpoint)
        let response = try await client.send(call, credentials: credentials)
        let element = try QueryResponse.result(of: response, action: "GetCallerIdentity", service: .sts)
        guard let account = element.string("Account"), let arn = element.string("Arn") else {
            throw AWSError(
                code: "InvalidResponse", message: "GetCallerIdentity returned no account", service: "sts",
                operation: "GetCallerIdentity", isRetryable: false)
        }
        return CallerIdentity(account: account, arn: arn, userID: element.string("UserId") ?? "")
    }

    /// `AssumeRole`: temporary credentials for `request.roleARN`, from `credentials`. Their
    /// secrets join ``SecretRegistry/shared`` until they expire.
    public func assumeRole(_ request: AssumeRoleRequest, credentials: any CredentialProvider) async throws(AWSError) -> AWSCredentials {
        var query = QueryRequest(action: "AssumeRole", version: Self.version)
        query.set("RoleArn", request.roleARN)
        query.set("RoleSessionName", request.sessionName)
        query.set("ExternalId", request.externalID)
        query.set("DurationSeconds", request.durationSeconds.map(String.init))
        let response = try await client.send(query.call(service: .sts, endpoint: endpoint), credentials: credentials)
        let element = try QueryResponse.result(of: response, action: "AssumeRole", service: .sts)
        guard let keyID = element.string("Credentials", "AccessKeyId"),
            let secret = element.string("Credentials", "SecretAccessKey")
        else {
            throw AWSError(
                code: "InvalidResponse", message: "AssumeRole returned no credentials", service: "sts",
                operation: "AssumeRole", isRetryable: false)
        }
        let expiration = element.string("Credentials", "Expiration").flatMap(AWSTimestamp.parse)
        let assumed = AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret,
            sessionToken: element.string("Credentials", "SessionToken"), expiration: expiration)
        SecretRegistry.shared.register(assumed)
        return assumed
    }
}
