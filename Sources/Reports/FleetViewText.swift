import AccountList
import Foundation
import Onboarding

extension FleetView {
    /// The view for a terminal: a header, then one line per account (id, status, the folder
    /// it comes from, when it ended, its state in words, the organization), in columns. Names
    /// and codes from the reports are shown with `DisplayText.escaped` (no control or format
    /// character reaches the terminal).
    public func lines() -> [String] {
        let header = ["ACCOUNT", "STATUS", "FOLDER", "FINISHED", "STATE", "ORGANIZATION"]
        let rows = accounts.map { account in
            [
                DisplayText.escaped(account.accountID), account.status.rawValue, account.runID,
                account.finished.map(ReportEncoding.timestamp) ?? "-", Self.state(account),
                DisplayText.escaped(account.organizationName),
            ]
        }
        let table = [header] + rows
        let widths = (0..<header.count - 1).map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            (0..<row.count).map { column in
                column < widths.count ? row[column].padding(toLength: widths[column], withPad: " ", startingAt: 0) : row[column]
            }.joined(separator: "  ")
        }
    }

    /// What follows the lines: the counts, that the view is offline, the folders without a
    /// summary, and how many reports could not be read.
    public func footer() -> [String] {
        var out = [
            "\(counts.total) \(counts.total == 1 ? "account" : "accounts") over \(folders.count) \(folders.count == 1 ? "folder" : "folders") in \(reports): \(counts.connected) connected, \(counts.failed) failed, \(counts.interrupted) interrupted, \(counts.notStarted) not started.",
            "Offline: from the reports only (data status as last recorded; onboard status RUN-ID reads Spot's).",
        ]
        for folder in folders where !folder.hasSummary {
            out.append(
                "\(folder.runID) has no summary yet (in progress, or stopped before its end: onboard run --resume finishes it); its \(folder.accounts) account reports so far are counted."
            )
        }
        if !problems.isEmpty {
            out.append("\(problems.count) \(problems.count == 1 ? "report" : "reports") could not be read (listed on standard error).")
        }
        return out
    }

    /// An account's state in words: its data status, its failure and the advice, where it
    /// stopped.
    static func state(_ account: Account) -> String {
        switch account.status {
        case .connected:
            let checked = account.dataStatusCheckedAt.map { " (checked \(ReportEncoding.timestamp($0)))" } ?? ""
            switch account.dataStatus {
            case .notApplicable?: return "no billing registered\(checked)"
            case let status?: return "data \(status.rawValue)\(checked)"
            case nil: return "connected"
            }
        case .failed:
            let advice = account.rerunMayFix == true ? "a re-run may fix it" : "needs a person"
            return "\(account.failedStep?.rawValue ?? "?"): \(DisplayText.escaped(account.errorCode ?? "?")) (\(advice))"
        case .interrupted:
            let step = account.lastCompletedStep.map { "after \($0.rawValue)" } ?? "before its first step"
            return "stopped \(step) (--resume finishes it)"
        case .notStarted:
            return "not started"
        case .offboarded:
            return "offboarded (onboard offboard --apply)"
        case .dryRun:
            return "offboarding planned (a dry run; nothing deleted)"
        }
    }
}
