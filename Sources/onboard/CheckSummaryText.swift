import Onboarding

/// The lines `onboard check` prints on standard output: the verdicts, then per account not in
/// sync what a run would do and what drifted.
enum CheckSummaryText {
    static func render(results: [AccountResult], folder: String, invalidRows: Int) -> String {
        let verdicts = Dictionary(grouping: results.compactMap(\.check?.verdict), by: { $0 }).mapValues(\.count)
        let counted = [CheckVerdict.inSync, .wouldChange, .drifted, .blocked].map { "\(verdicts[$0] ?? 0) \($0.rawValue)" }
        let unchecked = results.filter { $0.check == nil }.count
        var lines = [
            "\(folder): \(results.count) accounts: \(counted.joined(separator: ", "))"
                + (unchecked > 0 ? ", \(unchecked) not checked" : "") + (invalidRows > 0 ? "; \(invalidRows) invalid rows" : "")
        ]
        for result in results {
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
