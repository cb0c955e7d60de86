import HTTPCore

/// Where a call's credentials come from. Providers that fetch (assume-role) cache and refresh
/// before expiry; a call asks its provider for every attempt, so refreshes are picked up.
public protocol CredentialProvider: Sendable {
    /// The credentials, or an ``AWSError`` with code `CredentialsUnavailable` (or the service's
    /// code when fetching them failed); no thread is held while they are fetched.
    func credentials() async throws(AWSError) -> AWSCredentials
}

extension CredentialProvider {
    /// `credentials()` as a `Result`.
    public func credentialsResult() async -> Result<AWSCredentials, AWSError> {
        do {
            return .success(try await credentials())
        } catch {
            return .failure(error)
        }
    }
}

/// Credentials given outright (explicit keys, or read once from the environment).
public struct StaticCredentialProvider: CredentialProvider {
    /// The credentials handed out.
    public let value: AWSCredentials

    /// A provider of `credentials`, whose secrets join ``SecretRegistry/shared``: texts about
    /// its calls are scrubbed of them.
    public init(_ credentials: AWSCredentials) {
        self.value = credentials
        SecretRegistry.shared.register(credentials)
    }

    public func credentials() async throws(AWSError) -> AWSCredentials {
        value
    }
}
