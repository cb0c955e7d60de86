/// What the workflow does with the AWS credentials (the IAM role) a Spot account holds, decided
/// at `spot-account` from what Spot has in force (`GET /setup/credentials/aws`).
public enum SpotCredentialsAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// No credentials were in force: onboard's role is handed to Spot under a new external id
    /// (or the one onboard's stack already has).
    case link
    /// The credentials in force are the role of onboard's own stack (its `spot-account` tag
    /// names this Spot account): the stack is updated in place, keeping its external id.
    case keepOnboardRole = "keep-onboard-role"
    /// The credentials in force are a role onboard did not make (Spot's console, Spot's own
    /// templates, another tool): kept. No external id is issued, no role deployed that would
    /// replace it, no credentials set; only what is missing (billing, Cost Intelligence) is added.
    case keepExisting = "keep-existing"
    /// `--replace-credentials`: onboard's role replaces the one in force, under a new external id.
    case replace

    /// Whether onboard deploys its own platform role and hands it to Spot.
    public var deploysPlatformRole: Bool { self != .keepExisting }
}
