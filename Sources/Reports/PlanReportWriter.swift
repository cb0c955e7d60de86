import AWSKit
import AccountList
import Foundation
import Onboarding

/// Writes a plan into its run folder: `plan.json`, `plan.md` and `templates/<account_id>.json`.
public struct PlanReportWriter: Sendable {
    public let folder: RunFolder

    public init(folder: RunFolder) {
        self.folder = folder
    }

    /// Writes one account's template as it will be deployed, `templates/<account_id>.json`.
    ///
    /// - Throws: `ReportWriteError`, also when the account id cannot be a file name.
    public func writeTemplate(_ template: StackTemplate, accountID: String) throws {
        guard AccountReportWriter.isFileName(accountID) else {
            throw ReportWriteError(operation: .writeFile, path: "\(folder.path)/templates", reason: "account id is not a file name")
        }
        try folder.write(template.render(), to: "templates/\(accountID).json")
    }

    /// Writes every account's template, `templates/<account_id>.json`, each atomically, their
    /// flushes shared (`RunFolder.write(_:inFolder:)`).
    ///
    /// - Throws: `ReportWriteError`, also when an account id cannot be a file name (then
    ///   nothing is written).
    public func writeTemplates(_ templates: [(template: StackTemplate, accountID: String)]) throws {
        guard templates.allSatisfy({ AccountReportWriter.isFileName($0.accountID) }) else {
            throw ReportWriteError(operation: .writeFile, path: "\(folder.path)/templates", reason: "account id is not a file name")
        }
        // Rendered a chunk at a time: 10,000 rendered templates would hold 200 MB at once.
        var start = 0
        while start < templates.count {
            let chunk = templates[start..<min(templates.count, start + ReportFiles.chunkSize)]
            start += chunk.count
            try folder.write(chunk.map { ("\($0.accountID).json", Array($0.template.render().utf8)) }, inFolder: "templates")
        }
    }

    /// Writes `plan.json` and `plan.md`, then points `latest` at the run.
    public func writeSummary(_ report: PlanReport) throws {
        try folder.write(ReportEncoding.json(report), to: "plan.json")
        try folder.write(Self.markdown(report), to: "plan.md")
        try folder.markLatest()
    }

    /// The plan as Markdown for a person. Every value from the account list or outside goes
    /// through `MarkdownText`.
    public static func markdown(_ report: PlanReport) -> String {
        typealias M = MarkdownText
        var out: [String] = []
        let blocked = report.blockedAccounts.count
        out.append("# Plan \(M.escape(report.runID))")
        out.append("")
        out.append("Input: \(M.code(report.input)) · created \(ReportEncoding.timestamp(report.createdAt))")
        out.append("")
        out.append("\(report.accounts.count) accounts planned (\(blocked) blocked before any network call), \(report.invalidRows.count) invalid rows. A plan changes nothing: it makes no network call.")
        out.append("")
        out.append("| Line | Account | Organization | Partition | Products | CUR | Stack | Open prerequisites |")
        out.append("|---:|---|---|---|---|---|---|---|")
        for plan in report.accounts {
            let stack = plan.stack.map { "\(M.escape($0.name)) (\(M.escape($0.region)))" } ?? "blocked at \(plan.blockedAt?.rawValue ?? "?")"
            out.append(
                "| \(plan.line) | \(M.escape(plan.accountID)) | \(M.escape(plan.organizationName)) | \(plan.partition.rawValue) | \(plan.products.map(\.rawValue).joined(separator: ", ")) | \(M.escape(plan.costAndUsageReport.definition.s3Bucket)) / \(M.escape(plan.costAndUsageReport.pathPrefix)) | \(stack) | \(plan.manualPrerequisites.isEmpty ? "none" : "\(plan.manualPrerequisites.count)") |")
        }
        for plan in report.accounts {
            out.append("")
            out.append("## \(M.escape(plan.accountID)) · \(M.escape(plan.organizationName))")
            out.append("")
            if let step = plan.blockedAt {
                out.append("**Blocked at `\(step.rawValue)`:** \(M.escape(plan.blockedReason ?? ""))")
                out.append("")
            }
            out.append("- Line \(plan.line) · partition `\(plan.partition.rawValue)` · products \(plan.products.map(\.rawValue).joined(separator: ", "))")
            out.append("- Login: \(M.escape(plan.login.method)) \(M.code(plan.login.target))\(plan.login.usesExternalID ? " with the row's external id" : "")")
            let definition = plan.costAndUsageReport.definition
            let settings = [
                definition.timeUnit.rawValue, definition.additionalSchemaElements.map(\.rawValue).joined(separator: ", "),
                definition.format.rawValue, "artifacts \((definition.additionalArtifacts ?? []).map(\.rawValue).joined(separator: ", "))",
                definition.reportVersioning?.rawValue ?? "",
            ].map(M.escape).joined(separator: ", ")
            out.append("- CUR (\(M.escape(plan.costAndUsageReport.strategy))): report \(M.code(definition.reportName)) to \(M.code("s3://\(definition.s3Bucket)/\(definition.s3Prefix)")) in \(M.escape(definition.s3Region)); \(settings), refresh closed reports")
            out.append("- Decided at run time: \(M.escape(plan.costAndUsageReport.decidedAtRunTime))")
            if let stack = plan.stack {
                let file = M.escape(stack.templateFile)
                let link = isPlainPath(stack.templateFile) ? "[\(file)](\(stack.templateFile))" : file
                let list = { (items: [String]) in items.map(M.escape).joined(separator: ", ") }
                out.append("- Stack \(M.code(stack.name)) in \(M.escape(stack.region)) with \(list(stack.capabilities)): roles \(list(stack.roles)); parameters \(list(stack.parameters)); outputs \(list(stack.outputs)); template \(link)")
            }
            out.append("")
            out.append("| Service | Endpoint | Signed for |")
            out.append("|---|---|---|")
            for service in plan.endpoints.keys.sorted() {
                let endpoint = plan.endpoints[service]!
                out.append("| \(M.escape(service)) | \(M.code(endpoint.url, inTable: true)) | \(M.escape(endpoint.signingRegion)) |")
            }
            if !plan.steps.isEmpty {
                out.append("")
                out.append("Steps (each call is made always, or only when it says):")
                out.append("")
                out += steps(of: plan)
            }
            if !plan.manualPrerequisites.isEmpty {
                out.append("")
                out.append("Manual prerequisites:")
                out.append("")
                for item in plan.manualPrerequisites { out.append("- [ ] \(M.escape(item))") }
            }
        }
        if !report.invalidRows.isEmpty {
            out.append("")
            out.append("## Invalid rows (not planned)")
            out.append("")
            for row in report.invalidRows {
                for problem in row.problems where problem.severity == .error {
                    out.append("- \(M.code(problem.description))")
                }
            }
        }
        if !report.warnings.isEmpty {
            out.append("")
            out.append("## Warnings")
            out.append("")
            for warning in report.warnings { out.append("- \(M.code(warning.description))") }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// Each step the account reaches, in words, with the AWS and Spot calls it makes or may make.
    static func steps(of plan: AccountPlan) -> [String] {
        typealias M = MarkdownText
        func when(_ condition: CallCondition) -> String {
            condition.condition.map { " (only when \(M.escape($0)))" } ?? ""
        }
        var out: [String] = []
        for step in plan.steps {
            out.append("1. `\(step.step.rawValue)`: \(M.escape(step.summary))")
            for call in plan.awsCalls where call.step == step.step {
                out.append("   - AWS \(M.code(call.name)): \(M.escape(call.purpose))\(when(call.condition))")
            }
            for call in plan.spotCalls where call.step == step.step {
                out.append("   - Spot \(call.method.rawValue) \(M.code(call.path)): \(M.escape(call.purpose))\(when(call.condition))")
            }
        }
        return out
    }

    /// Whether `path` can stand as a link target as it is: a relative path of letters, digits,
    /// `-`, `_`, `.` and `/`, with no `..`.
    static func isPlainPath(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/") && !path.contains("..")
            && path.utf8.allSatisfy { AccountReportWriter.isFileName(String(UnicodeScalar($0))) || $0 == 0x2E || $0 == 0x2F }
    }
}
