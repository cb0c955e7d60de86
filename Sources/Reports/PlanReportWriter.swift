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

    /// Writes one account's template as it will be deployed.
    public func writeTemplate(_ template: StackTemplate, accountID: String) throws {
        try folder.write(template.render(), to: "templates/\(accountID).json")
    }

    /// Writes `plan.json` and `plan.md`, then points `latest` at the run.
    public func writeSummary(_ report: PlanReport) throws {
        try folder.write(ReportEncoding.json(report), to: "plan.json")
        try folder.write(Self.markdown(report), to: "plan.md")
        try folder.markLatest()
    }

    /// The plan as Markdown for a person.
    public static func markdown(_ report: PlanReport) -> String {
        var out: [String] = []
        let blocked = report.blockedAccounts.count
        out.append("# Plan \(report.runID)")
        out.append("")
        out.append("Input: \(ReportEncoding.code(report.input)) · created \(ReportEncoding.timestamp(report.createdAt))")
        out.append("")
        out.append("\(report.accounts.count) accounts planned (\(blocked) blocked before any network call), \(report.invalidRows.count) invalid rows. A plan changes nothing: it makes no network call.")
        out.append("")
        out.append("| Line | Account | Organization | Partition | Products | CUR | Stack | Open prerequisites |")
        out.append("|---:|---|---|---|---|---|---|---|")
        for plan in report.accounts {
            let stack = plan.stack.map { "\($0.name) (\($0.region))" } ?? "blocked at \(plan.blockedAt?.rawValue ?? "?")"
            out.append(
                "| \(plan.line) | \(plan.accountID) | \(ReportEncoding.cell(plan.organizationName)) | \(plan.partition.rawValue) | \(plan.products.map(\.rawValue).joined(separator: ", ")) | \(ReportEncoding.cell(plan.costAndUsageReport.definition.s3Bucket)) / \(ReportEncoding.cell(plan.costAndUsageReport.pathPrefix)) | \(stack) | \(plan.manualPrerequisites.isEmpty ? "none" : "\(plan.manualPrerequisites.count)") |")
        }
        for plan in report.accounts {
            out.append("")
            out.append("## \(plan.accountID) · \(plan.organizationName.replacingOccurrences(of: "\n", with: " "))")
            out.append("")
            if let step = plan.blockedAt {
                out.append("**Blocked at `\(step.rawValue)`:** \(plan.blockedReason ?? "")")
                out.append("")
            }
            out.append("- Line \(plan.line) · partition `\(plan.partition.rawValue)` · products \(plan.products.map(\.rawValue).joined(separator: ", "))")
            out.append("- Login: \(plan.login.method) \(ReportEncoding.code(plan.login.target))\(plan.login.usesExternalID ? " with the row's external id" : "")")
            let definition = plan.costAndUsageReport.definition
            out.append("- CUR (\(plan.costAndUsageReport.strategy)): report \(ReportEncoding.code(definition.reportName)) to s3://\(definition.s3Bucket)/\(definition.s3Prefix) in \(definition.s3Region); \(definition.timeUnit.rawValue), \(definition.additionalSchemaElements.map(\.rawValue).joined(separator: ", ")), \(definition.format.rawValue), artifacts \((definition.additionalArtifacts ?? []).map(\.rawValue).joined(separator: ", ")), \(definition.reportVersioning?.rawValue ?? ""), refresh closed reports")
            out.append("- Decided at run time: \(plan.costAndUsageReport.decidedAtRunTime)")
            if let stack = plan.stack {
                out.append("- Stack \(ReportEncoding.code(stack.name)) in \(stack.region) with \(stack.capabilities.joined(separator: ", ")): roles \(stack.roles.joined(separator: ", ")); parameters \(stack.parameters.joined(separator: ", ")); outputs \(stack.outputs.joined(separator: ", ")); template [\(stack.templateFile)](\(stack.templateFile))")
            }
            out.append("")
            out.append("| Service | Endpoint | Signed for |")
            out.append("|---|---|---|")
            for service in plan.endpoints.keys.sorted() {
                let endpoint = plan.endpoints[service]!
                out.append("| \(service) | \(endpoint.url) | \(endpoint.signingRegion) |")
            }
            if !plan.spotCalls.isEmpty {
                out.append("")
                out.append("Spot API calls:")
                out.append("")
                for call in plan.spotCalls {
                    out.append("1. `\(call.step.rawValue)` \(call.method) \(ReportEncoding.code(call.path)): \(call.purpose)")
                }
            }
            if !plan.manualPrerequisites.isEmpty {
                out.append("")
                out.append("Manual prerequisites:")
                out.append("")
                for item in plan.manualPrerequisites { out.append("- [ ] \(item)") }
            }
        }
        if !report.invalidRows.isEmpty {
            out.append("")
            out.append("## Invalid rows (not planned)")
            out.append("")
            for row in report.invalidRows {
                for problem in row.problems where problem.severity == .error {
                    out.append("- \(ReportEncoding.code(problem.description))")
                }
            }
        }
        if !report.warnings.isEmpty {
            out.append("")
            out.append("## Warnings")
            out.append("")
            for warning in report.warnings { out.append("- \(ReportEncoding.code(warning.description))") }
        }
        out.append("")
        return out.joined(separator: "\n")
    }
}
