import AccountList
import AWSKit
import Foundation
import Onboarding

/// Writes and reads the per-account reports of a run: `accounts/<account_id>.json` and
/// `accounts/<account_id>.md`.
public struct AccountReportWriter: Sendable {
    /// The run the reports belong to.
    public let folder: RunFolder

    /// A writer for the reports of `folder`.
    public init(folder: RunFolder) {
        self.folder = folder
    }

    /// The JSON report's path inside the run folder, `accounts/<account_id>.json`.
    public static func jsonPath(accountID: String) -> String { "accounts/\(accountID).json" }

    /// The Markdown report's path inside the run folder, `accounts/<account_id>.md`.
    public static func markdownPath(accountID: String) -> String { "accounts/\(accountID).md" }

    /// Writes (or rewrites) the JSON and Markdown reports of `result`, each atomically.
    ///
    /// - Throws: `ReportWriteError`, also when the account id cannot be a file name.
    public func write(_ result: AccountResult) throws {
        try Self.checkFileName(result.accountID, in: folder)
        let report = AccountReport(result)
        try folder.write(ReportEncoding.json(report), to: Self.jsonPath(accountID: result.accountID))
        try folder.write(Self.markdown(report), to: Self.markdownPath(accountID: result.accountID))
    }

    /// Reads the JSON report of `accountID` back.
    ///
    /// - Throws: `ReportReadError`.
    public func read(accountID: String) throws -> AccountReport {
        guard Self.isFileName(accountID) else {
            throw ReportReadError(operation: .readFile, path: folder.path, reason: "account id is not a file name")
        }
        return try AccountReport.read(from: "\(folder.path)/\(Self.jsonPath(accountID: accountID))")
    }

    /// Reads every JSON report of the run, ordered by account id.
    ///
    /// - Throws: `ReportReadError` for the first report that cannot be read.
    public func readAll() throws -> [AccountReport] {
        let accounts = "\(folder.path)/accounts"
        guard FileManager.default.fileExists(atPath: accounts) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: accounts)
        } catch {
            throw ReportReadError(operation: .readFile, path: accounts, reason: error.localizedDescription)
        }
        return try names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted().map {
            try AccountReport.read(from: "\(accounts)/\($0)")
        }
    }

    /// Whether `accountID` can name a report file: letters, digits, `-` and `_` only.
    static func isFileName(_ accountID: String) -> Bool {
        !accountID.isEmpty && accountID.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F
        }
    }

    static func checkFileName(_ accountID: String, in folder: RunFolder) throws {
        guard isFileName(accountID) else {
            throw ReportWriteError(
                operation: .writeFile, path: "\(folder.path)/accounts", reason: "account id is not a file name")
        }
    }

    /// The report as Markdown for a person.
    public static func markdown(_ report: AccountReport) -> String {
        var out: [String] = []
        out.append("# \(report.accountID) · \(oneLine(report.organizationName))")
        out.append("")
        out.append(contentsOf: statusParagraph(report))
        out.append("")
        var facts = [
            "Line \(report.line)", "partition `\(report.partition.rawValue)`",
            "products \(report.products.map(\.rawValue).joined(separator: ", "))",
        ]
        if let started = report.started { facts.append("started \(ReportEncoding.timestamp(started))") }
        if let finished = report.finished {
            facts.append("finished \(ReportEncoding.timestamp(finished))")
            if let started = report.started {
                facts.append("took \(ReportEncoding.duration(finished.timeIntervalSince(started)))")
            }
        }
        out.append(facts.joined(separator: " · "))
        if !report.steps.isEmpty {
            out.append("")
            out.append("## Steps")
            out.append("")
            out.append("| Step | Status | Started | Duration | Detail |")
            out.append("|---|---|---|---:|---|")
            for step in report.steps {
                out.append(
                    "| \(step.step.rawValue) | \(step.status.rawValue) | \(ReportEncoding.timestamp(step.started)) | \(ReportEncoding.duration(step.durationSeconds)) | \(ReportEncoding.cell(step.detail)) |")
            }
        }
        let outputs = outputLines(report.outputs)
        if !outputs.isEmpty {
            out.append("")
            out.append("## Outputs")
            out.append("")
            out.append(contentsOf: outputs)
        }
        if !report.manualPrerequisites.isEmpty {
            out.append("")
            out.append(report.status == .notStarted ? "## Why it was not started" : "## Manual prerequisites still open")
            out.append("")
            for item in report.manualPrerequisites { out.append("- [ ] \(oneLine(item))") }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// The final status in words.
    static func statusParagraph(_ report: AccountReport) -> [String] {
        switch report.status {
        case .connected:
            let outputs = report.outputs
            if outputs.dataStatus == "ready" {
                let checked = outputs.dataStatusCheckedAt.map { " (checked \(ReportEncoding.timestamp($0)))" } ?? ""
                return ["**Connected**: billing data is ready\(checked)."]
            }
            let expected = outputs.dataExpectedBy.map { "expected by \(ReportEncoding.timestamp($0))" } ?? "expected within 48 hours"
            let checked = outputs.dataStatusCheckedAt.map { " (status \(outputs.dataStatus ?? "pending") as of \(ReportEncoding.timestamp($0)))" } ?? ""
            return ["**Connected**: data processing pending, \(expected)\(checked)."]
        case .failed:
            guard let error = report.error else { return ["**Failed** (no error recorded)."] }
            var lines = ["**Failed** at `\(error.step.rawValue)` with \(ReportEncoding.code(error.code)):", ""]
            lines.append(contentsOf: error.message.split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" })
            lines.append("")
            lines.append(
                error.rerunMayFix
                    ? "This looks like a passing fault: a re-run may fix this."
                    : "This needs a person first: a re-run alone will not fix it.")
            return lines
        case .notStarted:
            return ["**Not started**: the batch stopped before this account began."]
        case .interrupted:
            let step = report.steps.last(where: { $0.status != .failed }).map { "after `\($0.step.rawValue)`" } ?? "before its first step finished"
            return ["**Interrupted** \(step): the run stopped while this account was mid-workflow; `--resume` finishes it."]
        }
    }

    /// The outputs as a list; empty when there are none.
    static func outputLines(_ outputs: AccountReport.Outputs) -> [String] {
        var lines: [String] = []
        if let id = outputs.spotAccountID {
            lines.append("- Spot account: \(ReportEncoding.code(id))\(outputs.spotAccountSource.map { " (\($0))" } ?? "")")
        }
        if let id = outputs.externalID { lines.append("- External id: \(ReportEncoding.code(id))") }
        if let arn = outputs.spotRoleARN {
            let kept = outputs.credentialsAction == .keepExisting ? " (kept: the role Spot had in force)" : ""
            lines.append("- Spot role: \(ReportEncoding.code(arn))\(kept)")
        } else if outputs.credentialsAction == .keepExisting {
            lines.append("- Spot role: kept the credentials Spot had in force (Spot does not show the role)")
        }
        if let arn = outputs.finOpsRoleARN { lines.append("- FinOps role: \(ReportEncoding.code(arn))") }
        if let cur = outputs.costAndUsageReport {
            let action = outputs.costAndUsageReportAction.map { " (\($0))" } ?? ""
            var elements = [cur.timeUnit.rawValue] + cur.additionalSchemaElements.map(\.rawValue)
            elements.append(cur.format.rawValue)
            if let artifacts = cur.additionalArtifacts, !artifacts.isEmpty {
                elements.append("artifacts \(artifacts.map(\.rawValue).joined(separator: ", "))")
            }
            lines.append(
                "- Cost and Usage Report\(action): \(ReportEncoding.code(cur.reportName)) to \(ReportEncoding.code("s3://\(cur.bucket)/\(cur.prefix)")) in \(cur.region); \(elements.joined(separator: ", "))")
        }
        if outputs.stackName != nil || outputs.stackID != nil {
            let action = outputs.stackAction.map { " (\($0))" } ?? ""
            let id = outputs.stackID.map { ": \(ReportEncoding.code($0))" } ?? ""
            lines.append("- Stack \(ReportEncoding.code(outputs.stackName ?? "?"))\(action)\(id)")
        }
        if let products = outputs.registeredProducts {
            lines.append("- Registered with Spot: \(products.isEmpty ? "nothing" : products.joined(separator: ", "))")
        }
        if let date = outputs.connectedAt { lines.append("- Connected at \(ReportEncoding.timestamp(date))") }
        if let date = outputs.dataExpectedBy { lines.append("- Billing data expected by \(ReportEncoding.timestamp(date))") }
        if let status = outputs.dataStatus {
            let checked = outputs.dataStatusCheckedAt.map { " (checked \(ReportEncoding.timestamp($0)))" } ?? ""
            lines.append("- Data status: \(status)\(checked)")
        }
        return lines
    }

    /// Text on one line (for titles and list items).
    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }
}
