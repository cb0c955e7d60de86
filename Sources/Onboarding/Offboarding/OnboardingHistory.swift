import AWSKit

/// What earlier `onboard run`s recorded for one payer account, read from their reports oldest
/// first: which Spot accounts onboard created and which it only found or was given, which
/// report definitions it created and which it adopted, and the stack names it used.
///
/// A thing onboard created stays created in the history even when a later run reports it as
/// found or adopted (a second run finds the Spot account and the report the first one made).
public struct OnboardingHistory: Sendable, Hashable {
    /// The runs whose reports were read, oldest first.
    public private(set) var runIDs: [String] = []
    /// Spot accounts onboard created (`spot_account_source: created`), with the run that did.
    public private(set) var createdSpotAccounts: [String: String] = [:]
    /// Spot accounts onboard found or was given, never created, with their source.
    public private(set) var otherSpotAccounts: [String: SpotAccountSource] = [:]
    /// Report definitions onboard created (`cost_and_usage_report_action: created`), by name,
    /// as they were created.
    public private(set) var createdReportDefinitions: [String: ReportDefinition] = [:]
    /// Report definitions onboard adopted and never created, by name.
    public private(set) var adoptedReportDefinitions: [String: ReportDefinition] = [:]
    /// Stack names onboard used for the account.
    public private(set) var stackNames: [String] = []

    public init() {}

    /// Whether no run recorded anything onboard made or used for the account.
    public var isEmpty: Bool {
        createdSpotAccounts.isEmpty && otherSpotAccounts.isEmpty && createdReportDefinitions.isEmpty
            && adoptedReportDefinitions.isEmpty && stackNames.isEmpty
    }

    /// Adds what run `runID` recorded (its outputs for the account), after the runs added before.
    public mutating func add(_ outputs: AccountOutputs, runID: String) {
        if !runIDs.contains(runID) { runIDs.append(runID) }
        if let id = outputs.spotAccountID {
            if outputs.spotAccountSource == .created {
                if createdSpotAccounts[id] == nil { createdSpotAccounts[id] = runID }
                otherSpotAccounts[id] = nil
            } else if createdSpotAccounts[id] == nil {
                // Found, given, or resumed without its source: onboard cannot say it made it.
                otherSpotAccounts[id] = outputs.spotAccountSource ?? .resumed
            }
        }
        if let definition = outputs.costAndUsageReport {
            let name = definition.reportName
            if outputs.costAndUsageReportAction == .created {
                if createdReportDefinitions[name] == nil { createdReportDefinitions[name] = definition }
                adoptedReportDefinitions[name] = nil
            } else if createdReportDefinitions[name] == nil {
                adoptedReportDefinitions[name] = definition
            }
        }
        if let name = outputs.stackName, !stackNames.contains(name) { stackNames.append(name) }
    }
}
