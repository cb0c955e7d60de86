import Foundation
import Onboarding

/// Writes a batch run's summary: `summary.json`, `summary.csv` and `summary.md`.
///
/// It does not move `Reports/latest`: the run marks itself latest when it starts, so rewriting
/// an older run's summary (`onboard status`) never points `latest` back at it.
public struct SummaryWriter: Sendable {
    /// The run the summary belongs to.
    public let folder: RunFolder

    /// A writer for the summary of `folder`.
    public init(folder: RunFolder) {
        self.folder = folder
    }

    /// The columns of `summary.csv`, in order.
    public static let csvColumns = [
        "account_id", "organization_name", "status", "failed_step", "error_code", "rerun_may_fix", "spot_account_id",
        "spot_role_arn", "external_id", "report",
    ]

    /// Writes `summary.json`, `summary.csv` and `summary.md`, each atomically.
    public func write(_ summary: BatchSummary) throws {
        try folder.write(ReportEncoding.json(summary), to: "summary.json")
        try folder.write(Self.csv(summary), to: "summary.csv")
        try folder.write(Self.markdown(summary), to: "summary.md")
    }

    /// Reads `summary.json` back.
    ///
    /// - Throws: `ReportReadError`.
    public func read() throws -> BatchSummary {
        let path = "\(folder.path)/summary.json"
        do {
            return try ReportEncoding.decode(BatchSummary.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch let error as DecodingError {
            throw ReportReadError(operation: .decode, path: path, reason: AccountReport.reason(error))
        } catch {
            throw ReportReadError(operation: .readFile, path: path, reason: error.localizedDescription)
        }
    }

    /// The summary as CSV (RFC 4180: CRLF line ends, a header row, fields quoted when needed).
    public static func csv(_ summary: BatchSummary) -> String {
        var rows = [csvColumns]
        for account in summary.accounts {
            rows.append([
                account.accountID, account.organizationName, account.status.rawValue,
                account.failedStep?.rawValue ?? "", account.errorCode ?? "",
                account.rerunMayFix.map { $0 ? "true" : "false" } ?? "", account.spotAccountID ?? "",
                account.spotRoleARN ?? "", account.externalID ?? "", account.report,
            ])
        }
        return rows.map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One CSV field: a value a spreadsheet would take for a formula (starting with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return) gets a leading `'`; a value with a comma, a quote,
    /// CR or LF is quoted, its quotes doubled.
    public static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            text = "'" + text
        }
        guard text.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The summary as Markdown for a person.
    public static func markdown(_ summary: BatchSummary) -> String {
        var out: [String] = []
        let counts = summary.counts
        out.append("# Run \(summary.runID)")
        out.append("")
        out.append(
            "Account list: \(ReportEncoding.code(summary.accountList)) · started \(ReportEncoding.timestamp(summary.started)) · finished \(ReportEncoding.timestamp(summary.finished)) · took \(ReportEncoding.duration(summary.durationSeconds))")
        out.append("")
        out.append(
            "**\(counts.total) accounts: \(counts.connected) connected, \(counts.failed) failed, \(counts.notStarted) not started** · \(String(format: "%.2f", summary.accountsPerMinute)) accounts per minute")
        out.append("")
        out.append("| Account | Organization | Status | Failed step | Error | Spot account | Report |")
        out.append("|---|---|---|---|---|---|---|")
        for account in summary.accounts {
            let report = AccountReportWriter.markdownPath(accountID: account.accountID)
            out.append(
                "| \(ReportEncoding.cell(account.accountID)) | \(ReportEncoding.cell(account.organizationName)) | \(account.status.rawValue) | \(account.failedStep?.rawValue ?? "") | \(ReportEncoding.cell(account.errorCode ?? "")) | \(ReportEncoding.cell(account.spotAccountID ?? "")) | [\(ReportEncoding.cell(report))](\(report)) |")
        }
        let failures = summary.failuresByStep
        if !failures.isEmpty {
            out.append("")
            out.append("## Failures by step")
            for group in failures {
                out.append("")
                out.append("### `\(group.step.rawValue)` (\(group.accounts.count))")
                out.append("")
                for account in group.accounts {
                    let advice = account.rerunMayFix == true ? "a re-run may fix this" : "needs a person first"
                    out.append(
                        "- \(account.accountID) · \(AccountReportWriter.oneLine(account.organizationName)): \(ReportEncoding.code(account.errorCode ?? "?")) \(AccountReportWriter.oneLine(account.errorMessage ?? "")) (\(advice))")
                }
            }
        }
        let open = summary.accounts.filter { $0.status != .notStarted && !$0.manualPrerequisites.isEmpty }
        if !open.isEmpty {
            out.append("")
            out.append("## Manual prerequisites")
            for account in open {
                out.append("")
                out.append("### \(account.accountID) · \(AccountReportWriter.oneLine(account.organizationName))")
                out.append("")
                for item in account.manualPrerequisites { out.append("- [ ] \(AccountReportWriter.oneLine(item))") }
            }
        }
        let notStarted = summary.accounts.filter { $0.status == .notStarted }
        if !notStarted.isEmpty {
            out.append("")
            out.append("## Not started")
            out.append("")
            for account in notStarted {
                let reason = account.manualPrerequisites.map(AccountReportWriter.oneLine).joined(separator: "; ")
                out.append("- \(account.accountID) · \(AccountReportWriter.oneLine(account.organizationName))\(reason.isEmpty ? "" : ": \(reason)")")
            }
        }
        out.append("")
        return out.joined(separator: "\n")
    }
}
