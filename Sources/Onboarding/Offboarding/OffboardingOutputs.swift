/// What `onboard offboard` did, or (dry run) would do, with each thing onboard made for an
/// account: the per-account report's `outputs.offboarding`.
public struct OffboardingOutputs: Sendable, Hashable, Codable {
    /// Whether the run acted (`apply`) or only looked (`dry-run`).
    public var mode: OffboardingMode
    /// The `onboard run`s whose reports say what onboard made for the account, oldest first.
    public var fromRuns: [String]
    /// The Spot account (deregistration).
    public var spotAccount: OffboardingAction?
    /// Onboard's stack.
    public var stack: OffboardingAction?
    /// The report definition onboard created.
    public var costAndUsageReportDefinition: OffboardingAction?

    /// - Parameters: see the properties.
    public init(
        mode: OffboardingMode, fromRuns: [String], spotAccount: OffboardingAction? = nil, stack: OffboardingAction? = nil,
        costAndUsageReportDefinition: OffboardingAction? = nil
    ) {
        self.mode = mode
        self.fromRuns = fromRuns
        self.spotAccount = spotAccount
        self.stack = stack
        self.costAndUsageReportDefinition = costAndUsageReportDefinition
    }

    enum CodingKeys: String, CodingKey {
        case mode
        case fromRuns = "from_runs"
        case spotAccount = "spot_account"
        case stack
        case costAndUsageReportDefinition = "cur_definition"
    }
}

/// Whether `onboard offboard` acts or only looks.
public enum OffboardingMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The default: only read calls; each step says what `--apply` would do.
    case dryRun = "dry-run"
    /// `--apply`: deletes what the steps say.
    case apply
}

/// What offboarding did with one thing onboard made (or found).
public enum OffboardingAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Deleted in this run.
    case deleted
    /// A dry run: `--apply` deletes it.
    case wouldDelete = "would-delete"
    /// Nothing to delete: it is gone already (or was never made).
    case absent
    /// Kept on purpose: onboard did not make it, it was adopted, it changed since, or
    /// `--delete-cur-definition` was not given (the step's detail says which).
    case kept
    /// Only a person can remove it (Spot publishes no endpoint): the account's
    /// `manual_prerequisites` say exactly what to do.
    case needsPerson = "needs-person"
}
