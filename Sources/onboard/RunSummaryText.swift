import BatchRunner
import Onboarding
import Reports

/// The few lines `onboard run` prints on standard output when it ends.
enum RunSummaryText {
    /// The accounts whose whole result the text needs (``RunRecorder``'s `notable` rule): those
    /// with repairs or drift. Counts and failures come from the summary.
    @Sendable static func isNotable(_ result: AccountResult) -> Bool {
        !result.repairs.isEmpty || !result.drift.isEmpty
    }

    /// The text for `summary`, with `notable` (the results ``isNotable(_:)`` picked) for the
    /// repairs and drift.
    static func render(
        summary: BatchSummary, notable: [AccountResult], folder: String, invalidRows: Int, stopDetail: String
    ) -> String {
        let accounts = summary.accounts
        let counts = Dictionary(grouping: accounts, by: \.status).mapValues(\.count)
        var lines = [
            "\(folder): \(accounts.count) accounts: \(counts[.connected] ?? 0) connected, \(counts[.failed] ?? 0) failed, \(counts[.notStarted] ?? 0) not started"
                + (invalidRows > 0 ? "; \(invalidRows) invalid rows" : "") + " (\(stopDetail))"
        ]
        for account in accounts where account.status == .failed {
            if let step = account.failedStep, let code = account.errorCode {
                lines.append("  \(account.accountID) \(account.organizationName): \(step.rawValue): \(code): \(account.errorMessage ?? "")"
                    + (account.rerunMayFix == true ? " [a re-run may fix this]" : " [needs a person]"))
            }
        }
        for result in notable where isNotable(result) {
            let repaired = result.repairs.map(\.sentence)
            if !repaired.isEmpty {
                lines.append("  \(result.accountID) \(result.organizationName): repaired: \(repaired.joined(separator: "; "))")
            }
            for finding in result.drift {
                let fix: String
                switch finding.remedy {
                case .run: fix = "a re-run may repair it"
                case .person(let text): fix = "needs a person: \(text)"
                }
                lines.append("  \(result.accountID) \(result.organizationName): not repaired: \(finding.kind.rawValue): \(finding.detail) [\(fix)]")
            }
        }
        let waiting = accounts.filter { !$0.manualPrerequisites.isEmpty && $0.status == .connected }.count
        if waiting > 0 { lines.append("  \(waiting) connected accounts have manual prerequisites open (see their reports)") }
        if let spent = summary.timeSpent, !accounts.isEmpty { lines.append("Time spent: \(spent.sentence)") }
        lines.append("Reports: \(folder)/summary.md, accounts/<id>.md, junit.xml")
        return lines.joined(separator: "\n")
    }
}
