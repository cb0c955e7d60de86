/// What the client authenticates with: a bearer token and, optionally, the Spot account
/// (`act-…`) that calls without their own `accountId` default to.
///
/// Printing a value of this type shows the token redacted (see ``SpotToken``).
public struct SpotCredentials: Sendable, Hashable, CustomStringConvertible {
    /// Where credentials came from, for messages (never the token itself).
    public enum Source: Sendable, Hashable, CustomStringConvertible {
        /// Given directly by the caller.
        case explicit
        /// Read from a file holding only the token (`--spot-token-file`).
        case tokenFile(path: String)
        /// `SPOTINST_TOKEN` (and `SPOTINST_ACCOUNT`).
        case environment
        /// A profile of the shared Spot credentials file.
        case credentialsFile(path: String, profile: String)

        /// `token file /path`, `environment SPOTINST_TOKEN`, `profile [name] of /path`, …
        public var description: String {
            switch self {
            case .explicit: "explicit token"
            case .tokenFile(let path): "token file \(path)"
            case .environment: "environment \(SpotCredentialResolver.tokenVariable)"
            case .credentialsFile(let path, let profile): "profile [\(profile)] of \(path)"
            }
        }
    }

    /// The bearer token.
    public var token: SpotToken
    /// The default Spot account (`act-…`), when one was configured.
    public var accountID: String?
    /// Where the credentials came from.
    public var source: Source

    /// - Parameters:
    ///   - token: the bearer token.
    ///   - accountID: the default Spot account (`act-…`), if any.
    ///   - source: where the credentials came from (for messages).
    public init(token: SpotToken, accountID: String? = nil, source: Source = .explicit) {
        self.token = token
        self.accountID = accountID
        self.source = source
    }

    /// `SpotCredentials(token: SpotToken(…1a2b), account: act-123, from: …)`; the token redacted.
    public var description: String {
        "SpotCredentials(token: \(token), account: \(accountID ?? "none"), from: \(source))"
    }
}
