/// Where credentials come from when none are given outright: the environment's keys, or a
/// profile of the shared files. Found by ``CredentialResolver/origin(environment:profile:region:now:)``
/// without fetching anything.
public enum CredentialOrigin: Sendable, Hashable, CustomStringConvertible {
    /// `AWS_ACCESS_KEY_ID` and its companions.
    case environment(AWSCredentials)
    /// A profile of the shared files.
    case profile(ProfileCredentialSource)

    /// `environment: keys AKID…`, or the profile's description; never a secret.
    public var description: String {
        switch self {
        case .environment(let credentials): "environment: keys \(credentials.accessKeyID)"
        case .profile(let source): source.description
        }
    }
}
