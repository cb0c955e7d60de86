import Foundation
import HTTPCore

/// Finds the credentials to call AWS with, in the order the AWS SDKs and CLI use:
///
/// 1. explicit credentials (given to the program outright);
/// 2. the environment's keys (``EnvironmentCredentials``), unless a profile is asked for by
///    name: as in the AWS CLI, `--profile` beats the environment's keys, `AWS_PROFILE` does not;
/// 3. the profile `profile`, else `AWS_PROFILE`, else `default`, from the shared files
///    (``SharedConfigFiles``, ``ProfileCredentialResolver``), with roles assumed through STS
///    at the endpoint `endpoints` gives, so `AWS_ENDPOINT_URL(_STS)` and `--aws-endpoint-url`
///    reach it.
///
/// The environment is a parameter: the library never reads the process's own.
public enum CredentialResolver {
    /// The credentials for calls to AWS.
    ///
    /// - Parameters:
    ///   - environment: the variables to honour (`AWS_ACCESS_KEY_ID`, `AWS_PROFILE`,
    ///     `AWS_CONFIG_FILE`, `AWS_REGION`, `HOME`, …).
    ///   - explicit: credentials given outright, which win.
    ///   - profile: a profile asked for by name (`--profile`); empty counts as `nil`.
    ///   - region: a region chosen outright (`--region`) for assuming a profile's roles; else the
    ///     profile's `region`, `AWS_REGION`, `AWS_DEFAULT_REGION`, or the role's partition's
    ///     default (us-east-1 in `aws`).
    ///   - endpoints: where STS is for assuming a profile's roles.
    ///   - client: sends the `AssumeRole` calls.
    ///   - clock: the time for caching assumed credentials and for default session names
    ///     (`onboard-<unix seconds>`).
    /// - Returns: a provider to keep and share: assumed-role providers cache their credentials.
    /// - Throws: `CredentialsUnavailable` when nothing gives credentials (the message says what
    ///   was looked at), when a profile is missing (the message lists the known ones) or needs
    ///   something unsupported, or when a shared file cannot be read or parsed.
    public static func resolve(
        environment: [String: String], explicit: AWSCredentials? = nil, profile: String? = nil, region: String? = nil,
        endpoints: EndpointResolver, client: AWSClient, clock: any ServiceClock = SystemClock()
    ) throws(AWSError) -> any CredentialProvider {
        if let explicit {
            return StaticCredentialProvider(explicit)
        }
        let found = try origin(
            environment: environment, profile: profile, region: region, now: clock.now())
        switch found {
        case .environment(let credentials):
            return StaticCredentialProvider(credentials)
        case .profile(let source):
            return source.makeProvider(endpoints: endpoints, client: client, clock: clock)
        }
    }

    /// Steps 2 and 3 of ``resolve(environment:explicit:profile:region:endpoints:client:clock:)``
    /// without building providers: for `whoami`-style reports and for tests.
    public static func origin(
        environment: [String: String], profile: String? = nil, region: String? = nil, now: Date
    ) throws(AWSError) -> CredentialOrigin {
        let askedProfile = profile.flatMap { $0.isEmpty ? nil : $0 }
        var lookedAt: [String] = []
        if askedProfile == nil {
            if let credentials = try EnvironmentCredentials.credentials(in: environment) {
                return .environment(credentials)
            }
            lookedAt.append("\(EnvironmentCredentials.accessKeyIDVariable) (not set)")
        }
        let environmentProfile = environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        let name = askedProfile ?? environmentProfile ?? "default"
        let files = try SharedConfigFiles(environment: environment)
        let resolver = ProfileCredentialResolver(
            files: files, environment: environment, region: region,
            defaultSessionName: "onboard-\(Int(now.timeIntervalSince1970))")
        guard files.profile(name) != nil else {
            if askedProfile != nil || environmentProfile != nil {
                let via = askedProfile != nil ? "asked for" : "named by AWS_PROFILE"
                throw .credentialsUnavailable(
                    "the profile '\(name)' (\(via)) is not in \(files.locationDescription); \(resolver.knownProfiles)")
            }
            lookedAt.append("the profile 'default' in \(files.locationDescription) (no such profile; \(resolver.knownProfiles))")
            throw .credentialsUnavailable(
                "no AWS credentials found; looked at: no explicit credentials, \(lookedAt.joined(separator: ", ")). "
                    + "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile (AWS_PROFILE)")
        }
        return .profile(try resolver.source(forProfile: name))
    }
}
