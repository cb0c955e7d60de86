import HTTPCore
/// Credentials from the environment, as the AWS SDKs read them: `AWS_ACCESS_KEY_ID`,
/// `AWS_SECRET_ACCESS_KEY`, and `AWS_SESSION_TOKEN` (or the older `AWS_SECURITY_TOKEN`) for
/// temporary credentials. Empty variables count as unset.
public enum EnvironmentCredentials {
    /// The variable holding the access key id.
    public static let accessKeyIDVariable = "AWS_ACCESS_KEY_ID"
    /// The variable holding the secret access key.
    public static let secretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY"
    /// The variable holding the session token of temporary credentials.
    public static let sessionTokenVariable = "AWS_SESSION_TOKEN"
    /// The older name of the session token variable, read when the newer one is unset.
    public static let legacySessionTokenVariable = "AWS_SECURITY_TOKEN"

    /// The credentials `environment` holds, or `nil` when `AWS_ACCESS_KEY_ID` is unset. Their
    /// secrets join ``SecretRegistry/shared``.
    ///
    /// - Throws: `CredentialsUnavailable` when only one half of the key pair is set.
    public static func credentials(in environment: [String: String]) throws(AWSError) -> AWSCredentials? {
        func value(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        let keyID = value(accessKeyIDVariable)
        let secret = value(secretAccessKeyVariable)
        switch (keyID, secret) {
        case (nil, nil):
            return nil
        case (let keyID?, let secret?):
            let credentials = AWSCredentials(
                accessKeyID: keyID, secretAccessKey: secret,
                sessionToken: value(sessionTokenVariable) ?? value(legacySessionTokenVariable))
            SecretRegistry.shared.register(credentials)
            return credentials
        case (_?, nil):
            throw .credentialsUnavailable(
                "\(accessKeyIDVariable) is set but \(secretAccessKeyVariable) is not; set both or neither")
        case (nil, _?):
            throw .credentialsUnavailable(
                "\(secretAccessKeyVariable) is set but \(accessKeyIDVariable) is not; set both or neither")
        }
    }
}
