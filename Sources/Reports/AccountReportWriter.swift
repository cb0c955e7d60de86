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
        try write([result])
    }

    /// Writes (or rewrites) the JSON and Markdown reports of every result, each atomically,
    /// their flushes shared (`RunFolder.write(_:inFolder:)`).
    ///
    /// - Throws: `ReportWriteError`, also when an account id cannot be a file name (then
    ///   nothing is written).
    public func write(_ results: [AccountResult]) throws {
        var files: [(name: String, bytes: [UInt8])] = []
        files.reserveCapacity(results.count * 2)
        for result in results {
            try Self.checkFileName(result.accountID, in: folder)
            files.append(("\(result.accountID).json", Array(try ReportEncoding.json(result).utf8)))
            files.append(("\(result.accountID).md", Array(Self.markdown(result).utf8)))
        }
        try folder.write(files, inFolder: Self.folderName)
    }

    /// The reports' folder inside the run folder.
    static let folderName = "accounts"

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

    /// The report of `result` as Markdown for a person.
    public static func markdown(_ result: AccountResult) -> String {
        var out: [String] = []
        out.append("# \(MarkdownText.escape(result.accountID)) · \(MarkdownText.escape(result.organizationName))")
        out.append("")
        out.append(contentsOf: statusParagraph(result))
        out.append("")
        var facts = [
            "Line \(result.line)", "partition `\(result.partition.rawValue)`",
            "products \(result.products.map(\.rawValue).joined(separator: ", "))",
        ]
        if let started = result.started { facts.append("started \(ReportEncoding.timestamp(started))") }
        if let finished = result.finished {
            facts.append("finished \(ReportEncoding.timestamp(finished))")
            if let started = result.started {
                facts.append("took \(ReportEncoding.duration(finished.timeIntervalSince(started)))")
            }
        }
        out.append(facts.joined(separator: " · "))
        if !result.steps.isEmpty {
            out.append("")
            out.append("## Steps")
            out.append("")
            out.append("| Step | Status | Started | Duration | Detail |")
            out.append("|---|---|---|---:|---|")
            for step in result.steps {
                out.append(
                    "| \(step.step.rawValue) | \(step.status.rawValue) | \(ReportEncoding.timestamp(step.started)) | \(ReportEncoding.duration(step.duration)) | \(MarkdownText.escape(step.detail)) |")
            }
        }
        let outputs = outputLines(result.outputs)
        if !outputs.isEmpty {
            out.append("")
            out.append("## Outputs")
            out.append("")
            out.append(contentsOf: outputs)
        }
        out.append(contentsOf: checkLines(result))
        if !result.manualPrerequisites.isEmpty {
            out.append("")
            out.append(result.status == .notStarted ? "## Why it was not started" : "## Manual prerequisites still open")
            out.append("")
            for item in result.manualPrerequisites { out.append("- [ ] \(MarkdownText.escape(item))") }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// The check's steps, the drift and the repairs, as sections; empty when there are none.
    static func checkLines(_ result: AccountResult) -> [String] {
        var out: [String] = []
        if let check = result.check {
            out += ["", "## Check: \(MarkdownText.escape(check.verdict.rawValue))", ""]
            if let run = check.comparedWith { out += ["Compared with \(MarkdownText.code(run)), the last run that connected it.", ""] }
            out += ["| Step | A run would | Detail |", "|---|---|---|"]
            for step in check.steps {
                out.append("| \(step.step.rawValue) | \(step.action.name) | \(MarkdownText.escape(step.detail)) |")
            }
        }
        if !result.drift.isEmpty {
            out += ["", "## Drift", ""]
            for finding in result.drift {
                let remedy: String
                switch finding.remedy {
                case .run: remedy = "`onboard run` repairs it"
                case .person(let fix): remedy = "needs a person: \(MarkdownText.escape(fix))"
                }
                out.append("- \(MarkdownText.code(finding.kind.rawValue)) (\(finding.step.rawValue)): \(MarkdownText.escape(finding.detail)). \(remedy)")
            }
        }
        if !result.repairs.isEmpty {
            out += ["", "## Repaired", ""]
            for change in result.repairs {
                out.append("- \(change.step.rawValue): \(MarkdownText.escape(change.sentence))")
            }
        }
        return out
    }

    /// The final status in words.
    static func statusParagraph(_ result: AccountResult) -> [String] {
        switch result.status {
        case .connected:
            let outputs = result.outputs
            if outputs.dataStatus == .ready {
                let checked = outputs.dataStatusCheckedAt.map { " (checked \(ReportEncoding.timestamp($0)))" } ?? ""
                return ["**Connected**: billing data is ready\(checked)."]
            }
            let expected = outputs.dataExpectedBy.map { "expected by \(ReportEncoding.timestamp($0))" } ?? "expected within 48 hours"
            let checked = outputs.dataStatusCheckedAt.map { " (status \(MarkdownText.escape((outputs.dataStatus ?? .pending).rawValue)) as of \(ReportEncoding.timestamp($0)))" } ?? ""
            return ["**Connected**: data processing pending, \(expected)\(checked)."]
        case .failed:
            guard let error = result.error else { return ["**Failed** (no error recorded)."] }
            var lines = ["**Failed** at `\(error.step.rawValue)` with \(MarkdownText.code(error.code.rawValue)):", ""]
            lines.append(contentsOf: messageLines(error.message).map { $0.isEmpty ? ">" : "> \(MarkdownText.escape($0))" })
            lines.append("")
            lines.append(
                error.rerunMayFix
                    ? "This looks like a passing fault: a re-run may fix this."
                    : "This needs a person first: a re-run alone will not fix it.")
            return lines
        case .notStarted:
            return ["**Not started**: the batch stopped before this account began."]
        case .interrupted:
            let step = lastCompletedStep(result.steps).map { "after `\($0.rawValue)`" } ?? "before its first step finished"
            return [
                "**Interrupted** \(step): the run stopped while this account was mid-workflow (what the completed steps made is in place); `onboard run --resume` finishes it from there."
            ]
        case .offboarded:
            return ["**Offboarded**: what onboard made is deleted, or left for a person where the steps say so; the bucket and its objects are kept."]
        case .dryRun:
            return ["**Dry run**: nothing was changed; each step says what `onboard offboard --apply` would do."]
        }
    }

    /// The outputs as a list; empty when there are none.
    static func outputLines(_ outputs: AccountOutputs) -> [String] {
        var lines: [String] = []
        if let id = outputs.spotAccountID {
            lines.append("- Spot account: \(MarkdownText.code(id))\(outputs.spotAccountSource.map { " (\(MarkdownText.escape($0.rawValue)))" } ?? "")")
        }
        if let id = outputs.externalID { lines.append("- External id: \(MarkdownText.code(id))") }
        if let arn = outputs.spotRoleARN {
            let kept = outputs.credentialsAction == .keepExisting ? " (kept: the role Spot had in force)" : ""
            lines.append("- Spot role: \(MarkdownText.code(arn))\(kept)")
        } else if outputs.credentialsAction == .keepExisting {
            lines.append("- Spot role: kept the credentials Spot had in force (Spot does not show the role)")
        }
        if let arn = outputs.finOpsRoleARN { lines.append("- FinOps role: \(MarkdownText.code(arn))") }
        if let cur = outputs.costAndUsageReport {
            let action = outputs.costAndUsageReportAction.map { " (\(MarkdownText.escape($0.rawValue)))" } ?? ""
            var elements = [cur.timeUnit.rawValue] + cur.additionalSchemaElements.map(\.rawValue)
            elements.append(cur.format.rawValue)
            if let artifacts = cur.additionalArtifacts, !artifacts.isEmpty {
                elements.append("artifacts \(artifacts.map(\.rawValue).joined(separator: ", "))")
            }
            elements = elements.map(MarkdownText.escape)
            lines.append(
                "- Cost and Usage Report\(action): \(MarkdownText.code(cur.reportName)) to \(MarkdownText.code("s3://\(cur.s3Bucket)/\(cur.s3Prefix)")) in \(MarkdownText.escape(cur.s3Region)); \(elements.joined(separator: ", "))")
        }
        if outputs.stackName != nil || outputs.stackID != nil {
            let action = outputs.stackAction.map { " (\(MarkdownText.escape($0.rawValue)))" } ?? ""
            let id = outputs.stackID.map { ": \(MarkdownText.code($0))" } ?? ""
            lines.append("- Stack \(MarkdownText.code(outputs.stackName ?? "?"))\(action)\(id)")
        }
        if let products = outputs.registeredProducts {
            lines.append("- Registered with Spot: \(products.isEmpty ? "nothing" : products.map(MarkdownText.escape).joined(separator: ", "))")
        }
        if let date = outputs.connectedAt { lines.append("- Connected at \(ReportEncoding.timestamp(date))") }
        if let date = outputs.dataExpectedBy { lines.append("- Billing data expected by \(ReportEncoding.timestamp(date))") }
        if let status = outputs.dataStatus {
            let checked = outputs.dataStatusCheckedAt.map { " (checked \(ReportEncoding.timestamp($0)))" } ?? ""
            lines.append("- Data status: \(MarkdownText.escape(status.rawValue))\(checked)")
        }
        return lines
    }

    /// The last step that completed (succeeded, attention or resumed) among `steps`.
    static func lastCompletedStep(_ steps: [StepRecord]) -> WorkflowStep? {
        steps.last(where: { $0.status != .failed })?.step
    }

    /// A message's lines (LF, CRLF or CR ends), for a block quote of one escaped line each.
    static func messageLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
