/// Where a call's credentials come from. Providers that fetch (assume-role) cache and refresh
/// before expiry; a call asks its provider for every attempt, so refreshes are picked up.
public protocol CredentialProvider: Sendable {
    /// Delivers credentials, or an ``AWSError`` with code `CredentialsUnavailable` (or the
    /// service's code when fetching them failed), without blocking the caller.
    func credentials(completion: @escaping @Sendable (Result<AWSCredentials, AWSError>) -> Void)
}

extension CredentialProvider {
    /// `credentials(completion:)` for async callers.
    public func credentials() async throws -> AWSCredentials {
        try await withCheckedThrowingContinuation { continuation in
            credentials { continuation.resume(with: $0) }
        }
    }
}

/// Credentials given outright (explicit keys, or read once from the environment).
public struct StaticCredentialProvider: CredentialProvider {
    public let value: AWSCredentials

    /// A provider of `credentials`, whose secrets join ``SecretRegistry/shared``: texts about
    /// its calls are scrubbed of them.
    public init(_ credentials: AWSCredentials) {
        self.value = credentials
        SecretRegistry.shared.register(credentials)
    }

    public func credentials(completion: @escaping @Sendable (Result<AWSCredentials, AWSError>) -> Void) {
        completion(.success(value))
    }
}
