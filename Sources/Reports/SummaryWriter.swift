import BatchRunner
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

    /// The columns of `summary.csv`, in order. An account's row leaves `column` empty; an
    /// invalid row's (status `invalid`) fills only `status`, `line`, `column` and `message`.
    public static let csvColumns = [
        "account_id", "organization_name", "status", "failed_step", "error_code", "rerun_may_fix", "spot_account_id",
        "spot_role_arn", "external_id", "report", "line", "last_completed_step", "column", "message",
    ]

    /// The `status` of an invalid row in `summary.csv`.
    public static let invalidStatus = "invalid"

    /// Writes `summary.json`, `summary.csv` and `summary.md`, each atomically.
    public func write(_ summary: BatchSummary) throws {
        try folder.writeStreamed(to: "summary.json") { stream in try Self.writeJSON(summary, to: stream) }
        try folder.write(Self.csv(summary), to: "summary.csv")
        try folder.write(Self.markdown(summary), to: "summary.md")
    }

    /// Writes `summary` to `stream` as ``ReportEncoding/json(_:)`` would, an account at a time:
    /// the summary without its accounts is encoded once, and each account is encoded into its
    /// place in `accounts`, so no encoding of the whole list is ever held.
    static func writeJSON(_ summary: BatchSummary, to stream: ReportFileStream) throws {
        let encoder = ReportEncoding.encoder()
        var frame = summary
        frame.accounts = []
        let whole = Array(try encoder.encode(frame))
        // `accounts` is a key of the top level (indented by two): the frame holds it as an
        // empty array, whose `]` is the first after the key.
        let key = Array("\n  \"accounts\" : [".utf8)
        guard !summary.accounts.isEmpty, let start = Self.firstIndex(of: key, in: whole),
            let close = whole[(start + key.count)...].firstIndex(of: UInt8(ascii: "]"))
        else {
            try stream.write(whole)
            try stream.write("\n")
            return
        }
        try stream.write(whole[..<(start + key.count)])
        for (index, account) in summary.accounts.enumerated() {
            try stream.write(index == 0 ? "\n    " : ",\n    ")
            try stream.write(try encoder.encode(account), indentingLinesBy: 4)
        }
        try stream.write("\n  ]")
        try stream.write(whole[(close + 1)...])
        try stream.write("\n")
    }

    /// Where `needle` first starts in `bytes`.
    private static func firstIndex(of needle: [UInt8], in bytes: [UInt8]) -> Int? {
        guard needle.count <= bytes.count, let first = needle.first else { return nil }
        var index = 0
        while index <= bytes.count - needle.count {
            if bytes[index] == first, bytes[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Reads `summary.json` back (following no symbolic link).
    ///
    /// - Throws: `ReportReadError`.
    public func read() throws -> BatchSummary {
        let path = "\(folder.path)/summary.json"
        let bytes = try folder.read("summary.json")
        do {
            return try ReportEncoding.decode(BatchSummary.self, from: Data(bytes))
        } catch {
            throw ReportReadError(operation: .decode, path: path, reason: ReportEncoding.reason(error))
        }
    }

    /// The summary as CSV (RFC 4180: CRLF line ends, a header row, fields quoted when needed):
    /// a row per account, then a row per problem of an invalid row.
    public static func csv(_ summary: BatchSummary) -> String {
        var rows = [csvColumns]
        for account in summary.accounts {
            let message: String
            switch account.status {
            case .failed: message = account.errorMessage ?? ""
            case .notStarted: message = account.manualPrerequisites.joined(separator: "; ")
            case .connected, .interrupted, .offboarded, .dryRun: message = ""
            }
            rows.append([
                account.accountID, account.organizationName, account.status.rawValue,
                account.failedStep?.rawValue ?? "", account.errorCode ?? "",
                account.rerunMayFix.map { $0 ? "true" : "false" } ?? "", account.spotAccountID ?? "",
                account.spotRoleARN ?? "", account.externalID ?? "", account.report, account.line.map(String.init) ?? "",
                account.lastCompletedStep?.rawValue ?? "", "", message,
            ])
        }
        for row in summary.invalidRows {
            rows.append(["", "", invalidStatus, "", "", "", "", "", "", "", String(row.line), "", row.column ?? "", row.message])
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

    /// The summary as Markdown for a person. Every value from outside (names, messages, ids,
    /// the account list's name) goes through `MarkdownText`.
    public static func markdown(_ summary: BatchSummary) -> String {
        var out: [String] = []
        let counts = summary.counts
        out.append("# Run \(MarkdownText.escape(summary.runID))")
        out.append("")
        out.append(
            "Account list: \(MarkdownText.code(summary.accountList)) · started \(ReportEncoding.timestamp(summary.started)) · finished \(ReportEncoding.timestamp(summary.finished)) · took \(ReportEncoding.duration(summary.durationSeconds))")
        out.append("")
        var tally = "\(counts.total) accounts: "
        if counts.offboarded > 0 || counts.dryRun > 0 {
            tally += "\(counts.offboarded) offboarded, \(counts.dryRun) dry-run, \(counts.failed) failed"
        } else {
            tally += "\(counts.connected) connected, \(counts.failed) failed"
        }
        if counts.interrupted > 0 { tally += ", \(counts.interrupted) interrupted" }
        tally += ", \(counts.notStarted) not started"
        let invalid = counts.invalid > 0 ? " · \(counts.invalid) invalid \(counts.invalid == 1 ? "row" : "rows") not run" : ""
        out.append("**\(tally)**\(invalid) · \(String(format: "%.2f", summary.accountsPerMinute)) accounts per minute")
        if let reason = summary.stopReason {
            out.append("")
            out.append("**Stopped early**: \(MarkdownText.escape(reason)).")
        }
        if let spent = summary.timeSpent {
            out.append("")
            out.append("## Where the time went")
            out.append("")
            // Escaped as values from outside: a summary read back may name any service.
            out.append("Seconds summed over the accounts in flight: \(MarkdownText.escape(spent.sentence)).")
            out.append("")
            out.append("| Cause | Of | Seconds | Count |")
            out.append("|---|---|---|---|")
            for row in spent.rows {
                out.append("| \(row.cause) | \(MarkdownText.escape(row.detail)) | \(String(format: "%.1f", row.seconds)) | \(row.count.map(String.init) ?? "") |")
            }
            out.append("")
            out.append("## Accounts")
        }
        out.append("")
        out.append("| Account | Organization | Status | Failed step | Error | Spot account | Report |")
        out.append("|---|---|---|---|---|---|---|")
        for account in summary.accounts {
            let report = AccountReportWriter.markdownPath(accountID: account.accountID)
            let link = AccountReportWriter.isFileName(account.accountID) ? "[\(report)](\(report))" : ""
            let step = account.failedStep?.rawValue ?? account.lastCompletedStep.map { "after \($0.rawValue)" } ?? ""
            out.append(
                "| \(MarkdownText.escape(account.accountID)) | \(MarkdownText.escape(account.organizationName)) | \(account.status.rawValue) | \(step) | \(MarkdownText.escape(account.errorCode ?? "")) | \(MarkdownText.escape(account.spotAccountID ?? "")) | \(link) |")
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
                        "- \(title(account)): \(MarkdownText.code(account.errorCode ?? "?")) \(MarkdownText.escape(account.errorMessage ?? "")) (\(advice))")
                }
            }
        }
        let interrupted = summary.interruptedAccounts
        if !interrupted.isEmpty {
            out.append("")
            out.append("## Interrupted (`onboard run --resume` finishes them)")
            out.append("")
            for account in interrupted {
                let step = account.lastCompletedStep.map { "after `\($0.rawValue)`" } ?? "before its first step finished"
                out.append("- \(title(account)): stopped \(step)")
            }
        }
        let open = summary.accounts.filter { $0.status != .notStarted && !$0.manualPrerequisites.isEmpty }
        if !open.isEmpty {
            out.append("")
            out.append("## Manual prerequisites")
            for account in open {
                out.append("")
                out.append("### \(title(account))")
                out.append("")
                for item in account.manualPrerequisites { out.append("- [ ] \(MarkdownText.escape(item))") }
            }
        }
        let notStarted = summary.accounts.filter { $0.status == .notStarted }
        if !notStarted.isEmpty {
            out.append("")
            out.append("## Not started")
            out.append("")
            for account in notStarted {
                let reason = account.manualPrerequisites.map(MarkdownText.escape).joined(separator: "; ")
                out.append("- \(title(account))\(reason.isEmpty ? "" : ": \(reason)")")
            }
        }
        let invalidRows = summary.invalidRowsByLine
        if !invalidRows.isEmpty {
            out.append("")
            out.append("## Invalid rows (not run)")
            out.append("")
            for (line, problems) in invalidRows {
                let text = problems.map { problem in
                    (problem.column.map { "\(MarkdownText.code($0)): " } ?? "") + MarkdownText.escape(problem.message)
                }
                out.append("- line \(line): \(text.joined(separator: "; "))")
            }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// `account_id · organization`, escaped, for list items and headings.
    private static func title(_ account: BatchSummary.Account) -> String {
        "\(MarkdownText.escape(account.accountID)) · \(MarkdownText.escape(account.organizationName))"
    }
}
