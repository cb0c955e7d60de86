import Onboarding

/// The few lines `onboard offboard` prints on standard output when it ends.
enum OffboardSummaryText {
    static func render(results: [AccountResult], folder: String, mode: OffboardingMode, stopDetail: String) -> String {
        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        let done = mode == .apply ? "\(counts[.offboarded] ?? 0) offboarded" : "\(counts[.dryRun] ?? 0) dry-run (nothing changed; --apply acts)"
        var lines = [
            "\(folder): \(results.count) accounts: \(done), \(counts[.failed] ?? 0) failed, \(counts[.notStarted] ?? 0) not started (\(stopDetail))"
        ]
        // The first accounts' steps in words; every account's are in its report.
        let shown = 20
        for result in results.prefix(shown) {
            if let error = result.error {
                lines.append("  \(result.accountID) \(result.organizationName): \(error.step.rawValue): \(error.code): \(error.message)")
                continue
            }
            for step in result.steps where [.deregister, .deleteStack, .deleteCostAndUsageReport].contains(step.step) {
                lines.append("  \(result.accountID) \(step.step.rawValue)\(step.status == .attention ? " [attention]" : ""): \(step.detail)")
            }
        }
        if results.count > shown { lines.append("  … and \(results.count - shown) more accounts: see their reports") }
        let waiting = results.filter { !$0.manualPrerequisites.isEmpty && $0.status.endedAsAsked }.count
        if waiting > 0 { lines.append("  \(waiting) accounts need a person at Spot (see manual_prerequisites in their reports)") }
        lines.append("Reports: \(folder)/summary.md, accounts/<id>.md, junit.xml")
        return lines.joined(separator: "\n")
    }
}
