import Foundation

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
    public func getCallerIdentity(
        credentials: any CredentialProvider, completion: @escaping @Sendable (Result<CallerIdentity, AWSError>) -> Void
    ) {
        let call = QueryRequest(action: "GetCallerIdentity", version: Self.version).call(service: .sts, endpoint: endpoint)
        client.send(call, credentials: credentials) { result in
            completion(result.flatMap { response in
                Result { () throws(AWSError) -> CallerIdentity in
                    let element = try QueryResponse.result(of: response, action: "GetCallerIdentity", service: .sts)
                    guard let account = element.string("Account"), let arn = element.string("Arn") else {
                        throw AWSError(
                            code: "InvalidResponse", message: "GetCallerIdentity returned no account", service: "sts",
                            operation: "GetCallerIdentity", isRetryable: false)
                    }
                    return CallerIdentity(account: account, arn: arn, userID: element.string("UserId") ?? "")
                }
            })
        }
    }

    /// `AssumeRole`: temporary credentials for `request.roleARN`, from `credentials`. Their
    /// secrets join ``SecretRegistry/shared`` until they expire.
    public func assumeRole(
        _ request: AssumeRoleRequest, credentials: any CredentialProvider,
        completion: @escaping @Sendable (Result<AWSCredentials, AWSError>) -> Void
    ) {
        var query = QueryRequest(action: "AssumeRole", version: Self.version)
        query.set("RoleArn", request.roleARN)
        query.set("RoleSessionName", request.sessionName)
        query.set("ExternalId", request.externalID)
        query.set("DurationSeconds", request.durationSeconds.map(String.init))
        client.send(query.call(service: .sts, endpoint: endpoint), credentials: credentials) { result in
            completion(result.flatMap { response in
                Result { () throws(AWSError) -> AWSCredentials in
                    let element = try QueryResponse.result(of: response, action: "AssumeRole", service: .sts)
                    guard let keyID = element.string("Credentials", "AccessKeyId"),
                        let secret = element.string("Credentials", "SecretAccessKey")
                    else {
                        throw AWSError(
                            code: "InvalidResponse", message: "AssumeRole returned no credentials", service: "sts",
                            operation: "AssumeRole", isRetryable: false)
                    }
                    let expiration = element.string("Credentials", "Expiration").flatMap(AWSTimestamp.parse)
                    let credentials = AWSCredentials(
                        accessKeyID: keyID, secretAccessKey: secret,
                        sessionToken: element.string("Credentials", "SessionToken"), expiration: expiration)
                    SecretRegistry.shared.register(credentials)
                    return credentials
                }
            })
        }
    }

    /// `GetCallerIdentity` for async callers.
    public func getCallerIdentity(credentials: any CredentialProvider) async throws(AWSError) -> CallerIdentity {
        try await AsyncBridge.run { getCallerIdentity(credentials: credentials, completion: $0) }
    }

    /// `AssumeRole` for async callers.
    public func assumeRole(_ request: AssumeRoleRequest, credentials: any CredentialProvider) async throws(AWSError) -> AWSCredentials {
        try await AsyncBridge.run { assumeRole(request, credentials: credentials, completion: $0) }
    }

}
