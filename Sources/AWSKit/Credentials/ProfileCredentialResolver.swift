import HTTPCore
/// Works out how a profile of the shared files yields credentials, following the AWS CLI:
///
/// 1. `role_arn` (without `web_identity_token_file`): assume the role with the credentials of
///    `source_profile`, which is resolved the same way, so roles chain to any depth. Options:
///    `external_id`, `role_session_name` (default ``defaultSessionName``), `duration_seconds`.
/// 2. Keys: `aws_access_key_id` and `aws_secret_access_key` (and `aws_session_token`).
///
/// A source profile's own keys win over its `role_arn` (so a profile may name itself as
/// `source_profile` to keep its keys and its role together); any other repeat is a cycle.
///
/// Not supported, each an error naming the profile and the setting (code
/// `CredentialsUnavailable`): `credential_source` (instance metadata, ECS, environment),
/// `web_identity_token_file`, SSO (`sso_session`, `sso_start_url`, `sso_account_id`),
/// `credential_process`, and `mfa_serial` (a batch cannot prompt for a code).
///
/// STS is called in the region chosen by ``region``, else the asked-for profile's `region`,
/// else `AWS_REGION` or `AWS_DEFAULT_REGION`, else the default region of the role ARN's
/// partition (us-east-1 for `arn:aws:`, cn-northwest-1 for `arn:aws-cn:`).
public struct ProfileCredentialResolver: Sendable {
    /// The shared files the profiles come from.
    public var files: SharedConfigFiles
    /// The environment, read for the region only.
    public var environment: [String: String]
    /// A region chosen outright (a `--region` option), which beats every other source.
    public var region: String?
    /// The session name of roles whose profile has no `role_session_name`.
    public var defaultSessionName: String

    /// The settings that make a profile one this resolver cannot use, in the order they are
    /// checked, with what they stand for.
    static let unsupportedSettings: [(key: String, meaning: String)] = [
        ("sso_session", "IAM Identity Center (SSO) sign-in"),
        ("sso_start_url", "IAM Identity Center (SSO) sign-in"),
        ("sso_account_id", "IAM Identity Center (SSO) sign-in"),
    ]

    /// - Parameters:
    ///   - files: the shared files the profiles come from.
    ///   - environment: read for `AWS_REGION` and `AWS_DEFAULT_REGION` only.
    ///   - region: a region chosen outright, which beats the profile's and the environment's.
    ///   - defaultSessionName: the session name of roles without `role_session_name`.
    public init(
        files: SharedConfigFiles, environment: [String: String], region: String? = nil,
        defaultSessionName: String = "onboard"
    ) {
        self.files = files
        self.environment = environment
        self.region = region
        self.defaultSessionName = defaultSessionName
    }

    /// How profile `name` yields credentials.
    ///
    /// - Throws: `CredentialsUnavailable` when the profile (or a profile it leads to) is
    ///   missing, has no credentials, needs something unsupported, or the profiles form a cycle.
    public func source(forProfile name: String) throws(AWSError) -> ProfileCredentialSource {
        guard let profile = files.profile(name) else {
            throw .credentialsUnavailable(
                "the profile '\(name)' is not in \(files.locationDescription); \(knownProfiles)")
        }
        let chosenRegion = nonEmpty(region) ?? profile["region"] ?? nonEmpty(environment["AWS_REGION"])
            ?? nonEmpty(environment["AWS_DEFAULT_REGION"])
        return try source(for: profile, path: [name], region: chosenRegion)
    }

    /// `known profiles: a, b` (or `no profiles are defined`).
    var knownProfiles: String {
        let names = files.profileNames
        return names.isEmpty ? "no profiles are defined" : "known profiles: \(names.joined(separator: ", "))"
    }

    /// Resolves `profile`, reached through the profiles in `path` (the last being `profile`).
    private func source(
        for profile: SharedConfigProfile, path: [String], region: String?
    ) throws(AWSError) -> ProfileCredentialSource {
        let isSource = path.count > 1
        let label = label(of: profile.name, path: path)

        // A source profile's keys come first (botocore's rule, which makes self-reference work).
        if isSource, hasStaticKeys(profile) {
            return try staticKeys(of: profile, label: label)
        }
        if profile.has("role_arn"), !profile.has("web_identity_token_file") {
            return try assumeRole(for: profile, path: path, region: region, label: label)
        }
        if profile.has("web_identity_token_file") {
            throw unsupported(label, "web_identity_token_file", "web identity federation (AssumeRoleWithWebIdentity)")
        }
        for setting in Self.unsupportedSettings where profile.has(setting.key) {
            throw unsupported(label, setting.key, setting.meaning)
        }
        if hasStaticKeys(profile) {
            return try staticKeys(of: profile, label: label)
        }
        if profile.has("credential_process") {
            throw unsupported(label, "credential_process", "credentials from an external program")
        }
        throw .credentialsUnavailable(
            "\(label) has no credentials: it sets neither aws_access_key_id with aws_secret_access_key nor role_arn "
                + "with source_profile (looked in \(files.locationDescription))")
    }

    private func assumeRole(
        for profile: SharedConfigProfile, path: [String], region: String?, label: String
    ) throws(AWSError) -> ProfileCredentialSource {
        let roleARN = profile["role_arn"] ?? ""
        if let credentialSource = profile["credential_source"] {
            throw unsupported(
                label, "credential_source = \(credentialSource)",
                "credentials from instance metadata, the ECS container or the environment")
        }
        if profile.has("mfa_serial") {
            throw unsupported(label, "mfa_serial", "an MFA code typed in when the role is assumed")
        }
        guard let sourceName = profile["source_profile"] else {
            throw .credentialsUnavailable("\(label) sets role_arn but no source_profile to assume it with")
        }
        guard let sourceProfile = files.profile(sourceName) else {
            throw .credentialsUnavailable(
                "the source_profile '\(sourceName)' of \(label) is not in \(files.locationDescription); \(knownProfiles)")
        }
        if path.contains(sourceName) {
            // Only a profile naming itself, with keys of its own, is not a loop.
            let selfWithKeys = sourceName == profile.name && hasStaticKeys(sourceProfile)
            if !selfWithKeys {
                let cycle = (path + [sourceName]).joined(separator: " -> ")
                throw .credentialsUnavailable("the profiles form a cycle through source_profile: \(cycle)")
            }
        }
        var durationSeconds: Int?
        if let text = profile["duration_seconds"] {
            guard let value = Int(text), (900...43200).contains(value) else {
                throw .credentialsUnavailable(
                    "\(label) sets duration_seconds = \(text); it must be a whole number of seconds from 900 to 43200")
            }
            durationSeconds = value
        }
        let request = AssumeRoleRequest(
            roleARN: roleARN, sessionName: profile["role_session_name"] ?? defaultSessionName,
            externalID: profile["external_id"], durationSeconds: durationSeconds)
        let source = try source(for: sourceProfile, path: path + [sourceName], region: region)
        return .assumeRole(
            profile: profile.name, request: request, region: region ?? Self.defaultRegion(forRoleARN: roleARN),
            source: source)
    }

    private func hasStaticKeys(_ profile: SharedConfigProfile) -> Bool {
        profile.has("aws_access_key_id") || profile.has("aws_secret_access_key")
    }

    private func staticKeys(of profile: SharedConfigProfile, label: String) throws(AWSError) -> ProfileCredentialSource {
        guard let keyID = profile["aws_access_key_id"] else {
            throw .credentialsUnavailable("\(label) sets aws_secret_access_key but not aws_access_key_id")
        }
        guard let secret = profile["aws_secret_access_key"] else {
            throw .credentialsUnavailable("\(label) sets aws_access_key_id but not aws_secret_access_key")
        }
        let credentials = AWSCredentials(
            accessKeyID: keyID, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
        SecretRegistry.shared.register(credentials)
        return .staticKeys(profile: profile.name, credentials: credentials)
    }

    /// `profile 'base' (the source_profile of 'payer')`, or `profile 'payer'`.
    private func label(of name: String, path: [String]) -> String {
        guard path.count > 1 else { return "profile '\(name)'" }
        return "profile '\(name)' (the source_profile of '\(path[path.count - 2])')"
    }

    private func unsupported(_ label: String, _ setting: String, _ meaning: String) -> AWSError {
        .credentialsUnavailable(
            "\(label) uses \(setting) (\(meaning)), which is not supported; use aws_access_key_id and "
                + "aws_secret_access_key, or role_arn with source_profile, or the AWS_ACCESS_KEY_ID and "
                + "AWS_SECRET_ACCESS_KEY environment variables")
    }

    /// The default region of the partition an ARN names (`arn:aws-cn:…` is AWS China).
    static func defaultRegion(forRoleARN arn: String) -> String {
        let parts = arn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let partition = parts.count > 1 ? Partition(rawValue: String(parts[1])) ?? .aws : .aws
        return partition.defaultRegion
    }

    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }
}
