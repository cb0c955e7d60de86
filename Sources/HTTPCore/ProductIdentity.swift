/// Who is calling, as the clients tell the services: the one place the version is written.
public enum ProductIdentity {
    /// onboard's version (`onboard --version`).
    public static let version = "0.1.0"
    /// The `User-Agent` both clients send: `onboard/<version>`.
    public static let userAgent = "onboard/\(version)"
}
