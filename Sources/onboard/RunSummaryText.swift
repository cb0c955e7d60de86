import BatchRunner
import Onboarding
import Reports

/// The few lines `onboard run` prints on standard output when it ends.
enum RunSummaryText {
    static func render(
        summary: BatchSummary, results: [AccountResult], folder: String, invalidRows: Int, stopDetail: String
    ) -> String {
        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        var lines = [
            "\(folder): \(results.count) accounts: \(counts[.connected] ?? 0) connected, \(counts[.failed] ?? 0) failed, \(counts[.notStarted] ?? 0) not started"
                + (invalidRows > 0 ? "; \(invalidRows) invalid rows" : "") + " (\(stopDetail))"
        ]
        for result in results where result.status == .failed {
            if let error = result.error {
                lines.append("  \(result.accountID) \(result.organizationName): \(error.step.rawValue): \(error.code): \(error.message)"
                    + (error.rerunMayFix ? " [a re-run may fix this]" : " [needs a person]"))
            }
        }
        for result in results where !result.repairs.isEmpty || !result.drift.isEmpty {
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
        let waiting = results.filter { !$0.manualPrerequisites.isEmpty && $0.status == .connected }.count
        if waiting > 0 { lines.append("  \(waiting) connected accounts have manual prerequisites open (see their reports)") }
        if let spent = summary.timeSpent, !results.isEmpty { lines.append("Time spent: \(spent.sentence)") }
        lines.append("Reports: \(folder)/summary.md, accounts/<id>.md, junit.xml")
        return lines.joined(separator: "\n")
    }
}
