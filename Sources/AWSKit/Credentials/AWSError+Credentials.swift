extension AWSError {
    /// The error code of every failure to find or build credentials.
    static let credentialsUnavailableCode = "CredentialsUnavailable"

    /// A `CredentialsUnavailable` error: the environment or the shared files give no usable
    /// credentials, or give some this client cannot use. Never retryable: only a change of
    /// configuration helps.
    static func credentialsUnavailable(_ message: String, operation: String = "ResolveCredentials") -> AWSError {
        AWSError(
            code: credentialsUnavailableCode, message: message, service: "credentials", operation: operation,
            isRetryable: false)
    }
}
