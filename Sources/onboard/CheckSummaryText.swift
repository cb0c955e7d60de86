import Onboarding
import Reports

/// The lines `onboard check` prints on standard output: the verdicts, then per account not in
/// sync what a run would do and what drifted.
enum CheckSummaryText {
    /// The accounts whose whole result the text needs (``RunRecorder``'s `notable` rule): those
    /// checked and not in sync. The verdicts' counts come from the summary.
    @Sendable static func isNotable(_ result: AccountResult) -> Bool {
        result.check.map { $0.verdict != .inSync } ?? false
    }

    /// The text for `summary`, with `notable` (the results ``isNotable(_:)`` picked) for what
    /// a run would do and what drifted.
    static func render(summary: BatchSummary, notable: [AccountResult], folder: String, invalidRows: Int) -> String {
        let accounts = summary.accounts
        let verdicts = Dictionary(grouping: accounts.compactMap(\.checkVerdict), by: { $0 }).mapValues(\.count)
        let counted = [CheckVerdict.inSync, .wouldChange, .drifted, .blocked].map { "\(verdicts[$0] ?? 0) \($0.rawValue)" }
        let unchecked = accounts.filter { $0.checkVerdict == nil }.count
        var lines = [
            "\(folder): \(accounts.count) accounts: \(counted.joined(separator: ", "))"
                + (unchecked > 0 ? ", \(unchecked) not checked" : "") + (invalidRows > 0 ? "; \(invalidRows) invalid rows" : "")
        ]
        for result in notable {
            guard let check = result.check, check.verdict != .inSync else { continue }
            lines.append("  \(result.accountID) \(result.organizationName): \(check.verdict.rawValue)")
            for step in check.steps where step.action != .noChange {
                lines.append("    \(step.step.rawValue): \(step.action.name): \(step.detail)")
            }
            for finding in result.drift {
                let remedy: String
                switch finding.remedy {
                case .run: remedy = "onboard run repairs it"
                case .person(let fix): remedy = "needs a person: \(fix)"
                }
                lines.append("    drift \(finding.kind.rawValue): \(finding.detail) [\(remedy)]")
            }
        }
        lines.append("Reports: \(folder)/summary.md, accounts/<id>.json|.md, junit.xml")
        return lines.joined(separator: "\n")
    }
}
