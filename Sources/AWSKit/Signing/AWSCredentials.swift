import Foundation

/// The credentials that sign requests to AWS: an access key pair, and the session token that
/// comes with temporary credentials.
///
/// Printing a value never reveals the secret access key or the session token:
/// `description`, `debugDescription` and the reflection mirror (used by `dump` and by test
/// failure messages) show the access key id and `<redacted>` in their place.
public struct AWSCredentials: Sendable, Hashable {
    /// The access key id (`AKIA…` for long-term keys, `ASIA…` for temporary ones). Not secret.
    public var accessKeyID: String
    /// The secret access key that derives the signing key. Never printed.
    public var secretAccessKey: String
    /// The session token of temporary credentials, sent as `X-Amz-Security-Token`. Never printed.
    public var sessionToken: String?
    /// When temporary credentials stop working; `nil` for long-term keys.
    public var expiration: Date?

    /// Creates credentials from their parts.
    public init(
        accessKeyID: String,
        secretAccessKey: String,
        sessionToken: String? = nil,
        expiration: Date? = nil
    ) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    /// Whether the credentials have expired at `date`, or will within `margin` seconds of it.
    /// Credentials without an expiration never expire.
    public func isExpired(at date: Date, margin: TimeInterval = 0) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(date) <= margin
    }

    /// The fields as printed, with the secret and the token replaced by `<redacted>`.
    private var redactedFields: [(label: String, value: String)] {
        [
            ("accessKeyID", accessKeyID),
            ("secretAccessKey", "<redacted>"),
            ("sessionToken", sessionToken == nil ? "nil" : "<redacted>"),
            ("expiration", expiration.map { "\($0)" } ?? "nil"),
        ]
    }
}

extension AWSCredentials: CustomStringConvertible {
    /// A description that shows the access key id and hides the secret and the session token.
    public var description: String {
        let fields = redactedFields.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
        return "AWSCredentials(\(fields))"
    }
}

extension AWSCredentials: CustomDebugStringConvertible {
    /// The same as `description`: the secret and the session token stay hidden when debugging.
    public var debugDescription: String { description }
}

extension AWSCredentials: CustomReflectable {
    /// A mirror whose children are the redacted fields, so `dump` and test failure messages
    /// never print the secret or the session token.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: redactedFields.map { (label: Optional($0.label), value: $0.value as Any) },
            displayStyle: .struct)
    }
}
