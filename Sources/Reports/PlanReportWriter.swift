import AWSKit
import AccountList
import Foundation
import Onboarding

/// Writes a plan into its run folder: `plan.json`, `plan.md` and the templates (one file per
/// distinct template, `templates/<partition>_<products>.json`).
public struct PlanReportWriter: Sendable {
    public let folder: RunFolder

    public init(folder: RunFolder) {
        self.folder = folder
    }

    /// Writes `template` to `file`, a path inside the run folder of the form
    /// `templates/<name>.json` (such as a plan's `stack.template_file`), `<name>` of letters,
    /// digits, `-` and `_`.
    ///
    /// - Throws: `ReportWriteError`, also when `file` is not of that form.
    public func writeTemplate(_ template: StackTemplate, to file: String) throws {
        guard Self.isTemplateFile(file) else {
            throw ReportWriteError(operation: .writeFile, path: "\(folder.path)/\(file)", reason: "not templates/<name>.json with a plain name")
        }
        try folder.write(template.render(), to: file)
    }

    /// Writes the templates of a run's accounts, each distinct file once
    /// (``AccountPlanner/templateFile(for:)``, the plan's `stack.template_file`); `template`
    /// says an account's template, nil when it has none.
    public func writeTemplates(of accounts: [PayerAccount], template: (PayerAccount) -> StackTemplate?) throws {
        var written: Set<String> = []
        for account in accounts {
            guard let rendered = template(account) else { continue }
            let file = AccountPlanner.templateFile(for: account)
            if written.insert(file).inserted { try writeTemplate(rendered, to: file) }
        }
    }

    /// Whether `file` is `templates/<name>.json`, `<name>` of letters, digits, `-` and `_`.
    static func isTemplateFile(_ file: String) -> Bool {
        let prefix = "templates/", suffix = ".json"
        guard file.hasPrefix(prefix), file.hasSuffix(suffix), file.utf8.count > prefix.utf8.count + suffix.utf8.count else { return false }
        return AccountReportWriter.isFileName(String(file.dropFirst(prefix.count).dropLast(suffix.count)))
    }

    /// Writes `plan.json` and `plan.md` of a whole report (through a ``PlanReportStream``, as
    /// `onboard plan` does row by row), the templates of its accounts not included, then points
    /// `latest` at the run.
    public func writeSummary(_ report: PlanReport) throws {
        let stream = try PlanReportStream(folder: folder, createdAt: report.createdAt, input: report.input)
        for plan in report.accounts { try stream.add(plan, template: nil) }
        for row in report.invalidRows { try stream.add(row) }
        try stream.add(report.warnings)
        try stream.finish()
    }

    /// The plan as Markdown for a person. Every value from the account list or outside goes
    /// through `MarkdownText`. `PlanReportStream` writes the same text line by line.
    public static func markdown(_ report: PlanReport) -> String {
        var out = headerLines(
            runID: report.runID, input: report.input, createdAt: report.createdAt, accounts: report.accounts.count,
            blocked: report.blockedAccounts.count, invalidRows: report.invalidRows.count)
        for plan in report.accounts { out.append(tableRow(plan)) }
        for plan in report.accounts { out += sectionLines(plan) }
        let workflows = report.workflows
        if !workflows.isEmpty {
            let named = Dictionary(report.accounts.map { ($0.workflow.id, 1) }, uniquingKeysWith: +)
            out += workflowsHeading
            for workflow in workflows { out += workflowLines(workflow, accounts: named[workflow.id] ?? 0) }
        }
        if !report.invalidRows.isEmpty {
            out += invalidRowsHeading
            for row in report.invalidRows { out += invalidRowLines(row) }
        }
        if !report.warnings.isEmpty {
            out += warningsHeading
            for warning in report.warnings { out.append(warningLine(warning)) }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// The title, the counts and the head of the accounts' table.
    static func headerLines(runID: String, input: String, createdAt: Date, accounts: Int, blocked: Int, invalidRows: Int) -> [String] {
        typealias M = MarkdownText
        return [
            "# Plan \(M.escape(runID))",
            "",
            "Input: \(M.code(input)) · created \(ReportEncoding.timestamp(createdAt))",
            "",
            "\(accounts) accounts planned (\(blocked) blocked before any network call), \(invalidRows) invalid rows. A plan changes nothing: it makes no network call.",
            "",
            "| Line | Account | Organization | Partition | Products | CUR | Stack | Open prerequisites |",
            "|---:|---|---|---|---|---|---|---|",
        ]
    }

    /// The account's row in the accounts' table.
    static func tableRow(_ plan: AccountPlan) -> String {
        typealias M = MarkdownText
        let stack = plan.stack.map { "\(M.escape($0.name)) (\(M.escape($0.region)))" } ?? "blocked at \(plan.blockedAt?.rawValue ?? "?")"
        return "| \(plan.line) | \(M.escape(plan.accountID)) | \(M.escape(plan.organizationName)) | \(plan.partition.rawValue) | \(plan.products.map(\.rawValue).joined(separator: ", ")) | \(M.escape(plan.costAndUsageReport.definition.s3Bucket)) / \(M.escape(plan.costAndUsageReport.pathPrefix)) | \(stack) | \(plan.manualPrerequisites.isEmpty ? "none" : "\(plan.manualPrerequisites.count)") |"
    }

    /// The account's section: a blank line, its heading, then what the plan does for it.
    static func sectionLines(_ plan: AccountPlan) -> [String] {
        typealias M = MarkdownText
        var out: [String] = []
        out.append("")
        out.append("## \(M.escape(plan.accountID)) · \(M.escape(plan.organizationName))")
        out.append("")
        if let step = plan.blockedAt {
            out.append("**Blocked at `\(step.rawValue)`:** \(M.escapeRepeated(plan.blockedReason ?? ""))")
            out.append("")
        }
        out.append("- Line \(plan.line) · partition `\(plan.partition.rawValue)` · products \(plan.products.map(\.rawValue).joined(separator: ", "))")
        out.append("- Login: \(M.escape(plan.login.method)) \(M.code(plan.login.target))\(plan.login.usesExternalID ? " with the row's external id" : "")")
        let definition = plan.costAndUsageReport.definition
        let settings = [
            definition.timeUnit.rawValue, definition.additionalSchemaElements.map(\.rawValue).joined(separator: ", "),
            definition.format.rawValue, "artifacts \((definition.additionalArtifacts ?? []).map(\.rawValue).joined(separator: ", "))",
            definition.reportVersioning?.rawValue ?? "",
        ].map(M.escapeRepeated).joined(separator: ", ")
        out.append("- CUR (\(M.escape(plan.costAndUsageReport.strategy))): report \(M.code(definition.reportName)) to \(M.code("s3://\(definition.s3Bucket)/\(definition.s3Prefix)")) in \(M.escape(definition.s3Region)); \(settings), refresh closed reports")
        out.append("- Decided at run time: \(M.escapeRepeated(plan.costAndUsageReport.decidedAtRunTime))")
        if let stack = plan.stack {
            let file = M.escape(stack.templateFile)
            let link = isPlainPath(stack.templateFile) ? "[\(file)](\(stack.templateFile))" : file
            let list = { (items: [String]) in items.map(M.escapeRepeated).joined(separator: ", ") }
            out.append("- Stack \(M.code(stack.name)) in \(M.escape(stack.region)) with \(list(stack.capabilities)): roles \(list(stack.roles)); parameters \(list(stack.parameters)); outputs \(list(stack.outputs)); template \(link)")
        }
        out.append("- Endpoints, steps and calls: \(M.code(plan.workflow.id)) (under Workflows)")
        if !plan.manualPrerequisites.isEmpty {
            out.append("")
            out.append("Manual prerequisites:")
            out.append("")
            for item in plan.manualPrerequisites { out.append("- [ ] \(M.escapeRepeated(item))") }
        }
        return out
    }

    /// The heading of the invalid rows' section (there when some row is invalid).
    static let invalidRowsHeading = ["", "## Invalid rows (not planned)", ""]

    /// An invalid row's errors, one line each.
    static func invalidRowLines(_ row: PlanReport.InvalidRow) -> [String] {
        row.problems.filter { $0.severity == .error }.map { "- \(MarkdownText.code($0.description))" }
    }

    /// The heading of the warnings' section (there when there is a warning).
    static let warningsHeading = ["", "## Warnings", ""]

    /// A warning's line.
    static func warningLine(_ warning: AccountListProblem) -> String {
        "- \(MarkdownText.code(warning.description))"
    }

    /// The heading of the workflows' section, with what its placeholders stand for.
    static var workflowsHeading: [String] {
        var out = ["", "## Workflows", "",
            "Each workflow is what onboard does for every account that names it; a value in angle brackets is the account's own:", ""]
        for (placeholder, field) in PlannedWorkflow.placeholders {
            out.append("- \(MarkdownText.code(placeholder)): \(MarkdownText.escape(field))")
        }
        return out
    }

    /// A workflow's part of the Workflows section: its heading and how many accounts name it,
    /// its endpoints, and its steps with their calls.
    static func workflowLines(_ workflow: PlannedWorkflow, accounts: Int) -> [String] {
        typealias M = MarkdownText
        var out = ["", "### \(M.code(workflow.id))", "",
            "Partition `\(workflow.partition.rawValue)` · \(accounts) \(accounts == 1 ? "account" : "accounts")", "",
            "| Service | Endpoint | Signed for |", "|---|---|---|"]
        for service in workflow.endpoints.keys.sorted() {
            let endpoint = workflow.endpoints[service]!
            out.append("| \(M.escape(service)) | \(M.code(endpoint.url, inTable: true)) | \(M.escape(endpoint.signingRegion)) |")
        }
        if !workflow.steps.isEmpty {
            out.append("")
            out.append("Steps (each call is made always, or only when it says):")
            out.append("")
            out += steps(of: workflow)
        }
        return out
    }

    /// Each step of `workflow`, in words, with the AWS and Spot calls it makes or may make.
    static func steps(of plan: PlannedWorkflow) -> [String] {
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
