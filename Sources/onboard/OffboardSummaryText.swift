import Onboarding
import Reports

/// The few lines `onboard offboard` prints on standard output when it ends.
enum OffboardSummaryText {
    /// How many accounts' steps the text shows in words (the first of the list); every
    /// account's are in its report.
    static let shown = 20

    /// The accounts whose whole result the text needs (``RunRecorder``'s `notable` rule): the
    /// first ``shown`` accounts of `accounts` (the list's valid rows).
    static func notableRule(accounts: [String]) -> @Sendable (AccountResult) -> Bool {
        let first = Set(accounts.prefix(shown))
        return { first.contains($0.accountID) }
    }

    /// The text for `summary`, with `notable` (the results ``notableRule(accounts:)`` picked)
    /// for the first accounts' steps.
    static func render(
        summary: BatchSummary, notable: [AccountResult], folder: String, mode: OffboardingMode, stopDetail: String
    ) -> String {
        let accounts = summary.accounts
        let counts = Dictionary(grouping: accounts, by: \.status).mapValues(\.count)
        let done = mode == .apply ? "\(counts[.offboarded] ?? 0) offboarded" : "\(counts[.dryRun] ?? 0) dry-run (nothing changed; --apply acts)"
        var lines = [
            "\(folder): \(accounts.count) accounts: \(done), \(counts[.failed] ?? 0) failed, \(counts[.notStarted] ?? 0) not started (\(stopDetail))"
        ]
        let whole = Dictionary(notable.map { ($0.accountID, $0) }, uniquingKeysWith: { first, _ in first })
        for account in accounts.prefix(shown) {
            if let step = account.failedStep, let code = account.errorCode {
                lines.append("  \(account.accountID) \(account.organizationName): \(step.rawValue): \(code): \(account.errorMessage ?? "")")
                continue
            }
            for step in whole[account.accountID]?.steps ?? [] where [.deregister, .deleteStack, .deleteCostAndUsageReport].contains(step.step) {
                lines.append("  \(account.accountID) \(step.step.rawValue)\(step.status == .attention ? " [attention]" : ""): \(step.detail)")
            }
        }
        if accounts.count > shown { lines.append("  … and \(accounts.count - shown) more accounts: see their reports") }
        let waiting = accounts.filter { !$0.manualPrerequisites.isEmpty && $0.status.endedAsAsked }.count
        if waiting > 0 { lines.append("  \(waiting) accounts need a person at Spot (see manual_prerequisites in their reports)") }
        lines.append("Reports: \(folder)/summary.md, accounts/<id>.md, junit.xml")
        return lines.joined(separator: "\n")
    }
}
