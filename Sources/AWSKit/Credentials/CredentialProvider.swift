import HTTPCore

/// Where a call's credentials come from. Providers that fetch (assume-role) cache and refresh
/// before expiry; a call asks its provider for every attempt, so refreshes are picked up.
public protocol CredentialProvider: Sendable {
    /// The credentials, or an ``AWSError`` with code `CredentialsUnavailable` (or the service's
    /// code when fetching them failed); no thread is held while they are fetched.
    func credentials() async throws(AWSError) -> AWSCredentials

    /// Called when whoever the credentials were for is done with them (an account's workflow
    /// ended): temporary credentials the provider fetched for it are forgotten, in
    /// ``SecretRegistry/shared`` too; credentials it was given, which others may share, stay.
    /// Does nothing by default.
    func retire()
}

extension CredentialProvider {
    /// Nothing to forget: the credentials were given, not fetched for one user.
    public func retire() {}

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
