import Foundation
import Onboarding

/// Writes `report.html`: one self-contained page for a person (no external script, style, font
/// or image; a Content-Security-Policy that allows only the page's own style and script and no
/// network) with the counts, a table of accounts that sorts and filters by status and failed
/// step, failures grouped by step with their advice, manual prerequisites as a checklist, and
/// each account's steps as a timeline with durations. It reads only a folder's summary and
/// account reports, so any folder that has them (a run's, a check's) can have its page.
///
/// The page is whole without scripts; the script (`HTMLReportAssets`) only sorts and filters,
/// also from the URL's fragment: `report.html#status=failed`, `#step=cur`,
/// `#sort=duration&order=descending`, `#q=text`. Every name, message, id and detail is escaped
/// (`HTMLReportText`), in content and in attributes.
public struct HTMLReportWriter: Sendable {
    /// The page's name in the folder.
    public static let fileName = "report.html"

    /// The folder the page belongs to.
    public let folder: RunFolder

    /// A writer for the page of `folder`.
    public init(folder: RunFolder) {
        self.folder = folder
    }

    /// Writes `report.html`, atomically (0600, like every report) and as it is made (memory does
    /// not grow with the page), for `summary` and the
    /// account reports `results` (matched to the summary's accounts by account id; an account
    /// without one is listed without its steps).
    ///
    /// - Throws: `ReportWriteError`.
    public func write(_ summary: BatchSummary, results: [AccountResult]) throws {
        let page = HTMLReportPage(summary: summary, results: results)
        try folder.writeStreamed(to: Self.fileName) { stream in try page.render(to: stream) }
    }

    /// Writes `report.html` as ``write(_:results:)`` does, for `summary` and the account
    /// reports in the folder, read one at a time as the page is written (an account in
    /// `results` is taken from there instead): memory does not grow with the run's accounts.
    ///
    /// - Throws: `ReportWriteError`.
    public func write(_ summary: BatchSummary, readingReportsBesides results: [String: AccountResult]) throws {
        let reports = AccountReportWriter(folder: folder)
        let page = HTMLReportPage(summary: summary) { accountID in
            // An account whose report cannot be read is listed without its steps.
            results[accountID] ?? (try? reports.read(accountID: accountID))
        }
        try folder.writeStreamed(to: Self.fileName) { stream in try page.render(to: stream) }
    }

    /// The page of `summary` and its accounts' `results`.
    public static func html(_ summary: BatchSummary, results: [AccountResult]) -> String {
        HTMLReportPage(summary: summary, results: results).render()
    }
}
