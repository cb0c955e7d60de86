import AWSKit
import Foundation
import Onboarding

/// The content of `report.html` for one run (or check) folder: the counts, the table of
/// accounts, failures grouped by step and code with their advice, interrupted accounts,
/// manual prerequisites as a checklist, accounts not started, invalid rows, and each account's
/// steps as a timeline with durations. Rendered whole in HTML (readable with scripts off);
/// `HTMLReportAssets.script` only adds sorting and filtering.
///
/// Every outside text goes through `HTMLReportText`; ids made from account ids are used only
/// when the id is a plain file name (letters, digits, `-`, `_`), else the row's position.
struct HTMLReportPage {
    let summary: BatchSummary
    /// The account report of an account id (the timelines and outputs come from them), asked
    /// once per account as its detail is written.
    let result: (String) -> AccountResult?
    /// The fragment id of each account's detail, in the summary's order.
    let anchors: [String]
    /// The fragment id of the first account of each id.
    let anchorByID: [String: String]

    init(summary: BatchSummary, results: [AccountResult]) {
        let byID = Dictionary(results.map { ($0.accountID, $0) }, uniquingKeysWith: { first, _ in first })
        self.init(summary: summary) { byID[$0] }
    }

    init(summary: BatchSummary, result: @escaping (String) -> AccountResult?) {
        self.summary = summary
        self.result = result
        var used: Set<String> = []
        anchors = summary.accounts.enumerated().map { index, account in
            let named = "account-\(account.accountID)"
            let anchor = AccountReportWriter.isFileName(account.accountID) && !used.contains(named) ? named : "account-row-\(index + 1)"
            used.insert(anchor)
            return anchor
        }
        anchorByID = Dictionary(
            zip(summary.accounts.map(\.accountID), anchors).map { ($0, $1) }, uniquingKeysWith: { first, _ in first })
    }

    private typealias Text = HTMLReportText

    /// The whole page, as one text.
    func render() -> String {
        let out = Output(stream: nil)
        try? render(into: out)  // with no stream, writing cannot fail
        return out.text
    }

    /// Writes the page into `stream` as it is made, a part at a time: memory does not grow
    /// with the number of accounts.
    ///
    /// - Throws: `ReportFiles.Failure` when the stream cannot be written.
    func render(to stream: ReportFileStream) throws(ReportFiles.Failure) {
        let out = Output(stream: stream)
        try render(into: out)
        try out.flush()
    }

    /// Where the page's text goes: gathered, and with a stream, written out in parts of about
    /// ``Output/partSize`` bytes.
    final class Output {
        /// How many bytes are gathered before they go to the stream.
        static let partSize = 1 << 16
        private let stream: ReportFileStream?
        /// What is gathered and not written yet (all of the page without a stream).
        private(set) var text = ""
        /// The first failure writing the stream; nothing is written after it.
        private var failure: ReportFiles.Failure?

        init(stream: ReportFileStream?) {
            self.stream = stream
        }

        static func += (output: Output, part: String) {
            output.text += part
            if output.stream != nil, output.text.utf8.count >= partSize { try? output.flush() }
        }

        /// Writes what is gathered to the stream (with one), or throws the failure that stopped it.
        func flush() throws(ReportFiles.Failure) {
            if let failure { throw failure }
            guard let stream, !text.isEmpty else { return }
            do throws(ReportFiles.Failure) {
                try stream.write(text)
                text.removeAll(keepingCapacity: true)
            } catch {
                failure = error
                throw error
            }
        }
    }

    private func render(into out: Output) throws(ReportFiles.Failure) {
        let title = "onboard · \(summary.runID)"
        out += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(Text.escape(HTMLReportAssets.contentSecurityPolicy))">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(Text.escape(title))</title>
            <style>\(HTMLReportAssets.style)</style>
            </head>
            <body>
            <ul id="script-errors" hidden></ul>

            """
        header(out)
        counts(out)
        table(out)
        failures(out)
        interrupted(out)
        prerequisites(out)
        notStarted(out)
        invalidRows(out)
        details(out)
        out += """
            <footer>Written by onboard from this folder's reports. Also here: <a href="summary.md">summary.md</a>, \
            <a href="summary.csv">summary.csv</a>, <a href="summary.json">summary.json</a>, <a href="junit.xml">junit.xml</a>; \
            each account's own report is under <a href="accounts/">accounts/</a>.</footer>
            <script>\(HTMLReportAssets.script)</script>
            </body>
            </html>

            """
        try out.flush()
    }

    /// The kind of folder in words: `Run` for `run-…`, `Check` for `check-…`.
    private var kind: String {
        let prefix = summary.runID.prefix { $0 != "-" }
        return prefix.isEmpty ? "Run" : prefix.prefix(1).uppercased() + prefix.dropFirst()
    }

    private func header(_ out: Output) {
        out += "<header>\n<h1>\(Text.escape(kind)) <code>\(Text.escape(summary.runID))</code></h1>\n"
        out += "<p class=\"meta\">Account list <code>\(Text.escape(summary.accountList))</code> · started "
        out += "\(time(summary.started)) · finished \(time(summary.finished)) · took \(ReportEncoding.duration(summary.durationSeconds))"
        out += " · \(String(format: "%.2f", summary.accountsPerMinute)) accounts per minute</p>\n"
        if let reason = summary.stopReason {
            out += "<p class=\"stopped\"><strong>Stopped early</strong>: \(Text.escape(reason)).</p>\n"
        }
        out += "</header>\n"
    }

    private func counts(_ out: Output) {
        let counts = summary.counts
        out += "<section id=\"counts\" aria-label=\"Counts\">\n<ul class=\"counts\">\n"
        func tile(_ number: Int, _ words: String, _ status: String?, link: String) {
            let css = status ?? "total"
            out += "<li class=\"\(css)\"><a href=\"\(link)\"><span class=\"n\">\(number)</span> \(words)</a></li>\n"
        }
        tile(counts.total, counts.total == 1 ? "account" : "accounts", nil, link: "#accounts")
        tile(counts.connected, "connected", AccountStatus.connected.rawValue, link: "#status=connected")
        tile(counts.failed, "failed", AccountStatus.failed.rawValue, link: "#status=failed")
        if counts.interrupted > 0 {
            tile(counts.interrupted, "interrupted", AccountStatus.interrupted.rawValue, link: "#status=interrupted")
        }
        tile(counts.notStarted, "not started", AccountStatus.notStarted.rawValue, link: "#status=not-started")
        if counts.invalid > 0 {
            tile(counts.invalid, counts.invalid == 1 ? "invalid row" : "invalid rows", "invalid", link: "#invalid-rows")
        }
        out += "</ul>\n</section>\n"
    }

    private func table(_ out: Output) {
        out += "<section id=\"accounts\">\n<h2>Accounts</h2>\n"
        out += "<div id=\"controls\" hidden>\n<label>Status <select id=\"filter-status\"><option value=\"\">all</option>"
        for status in AccountStatus.allCases {
            let number = summary.accounts.count(where: { $0.status == status })
            guard number > 0 else { continue }
            out += "<option value=\"\(status.rawValue)\">\(words(status)) (\(number))</option>"
        }
        out += "</select></label>\n<label>Failed step <select id=\"filter-step\"><option value=\"\">any</option>"
        for group in summary.failuresByStep {
            out += "<option value=\"\(group.step.rawValue)\">\(group.step.rawValue) (\(group.accounts.count))</option>"
        }
        out += "</select></label>\n<label>Search <input id=\"filter-text\" type=\"search\" placeholder=\"id, name, code\"></label>\n"
        out += "<span id=\"shown\" aria-live=\"polite\"></span>\n</div>\n"
        out += """
            <table id="account-table">
            <thead><tr><th data-key="account">Account</th><th data-key="organization">Organization</th>\
            <th data-key="status">Status</th><th data-key="step">Failed step</th><th data-key="error">Error</th>\
            <th data-key="duration" data-type="number" class="num">Duration</th><th data-key="spot">Spot account</th>\
            <th data-key="line" data-type="number" class="num">Line</th></tr></thead>
            <tbody>

            """
        for (index, account) in summary.accounts.enumerated() {
            let step = account.failedStep?.rawValue ?? ""
            out += "<tr data-status=\"\(account.status.rawValue)\" data-step=\"\(step)\">"
            out += "<td><a href=\"#\(Text.escape(anchors[index]))\">\(Text.escape(account.accountID))</a></td>"
            out += "<td>\(Text.escape(account.organizationName))</td>"
            out += "<td data-sort=\"\(statusRank(account.status))\"><span class=\"badge \(account.status.rawValue)\">\(words(account.status))</span></td>"
            if let failed = account.failedStep {
                out += "<td data-sort=\"\(stepRank(failed))\">\(failed.rawValue)</td>"
            } else if let last = account.lastCompletedStep {
                out += "<td data-sort=\"\(stepRank(last) + 0.5)\" class=\"meta\">after \(last.rawValue)</td>"
            } else {
                out += "<td data-sort=\"99\"></td>"
            }
            out += "<td>\(account.errorCode.map { "<code>\(Text.escape($0))</code>" } ?? "")</td>"
            if let seconds = account.durationSeconds {
                out += "<td class=\"num\" data-sort=\"\(String(format: "%.3f", seconds))\">\(ReportEncoding.duration(seconds))</td>"
            } else {
                out += "<td class=\"num\" data-sort=\"\"></td>"
            }
            out += "<td>\(account.spotAccountID.map { "<code>\(Text.escape($0))</code>" } ?? "")</td>"
            out += "<td class=\"num\">\(account.line.map(String.init) ?? "")</td></tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
    }

    private func failures(_ out: Output) {
        let groups = summary.failuresByStep
        guard !groups.isEmpty else { return }
        out += "<section id=\"failures\">\n<h2>Failures by step</h2>\n"
        for group in groups {
            out += "<section class=\"failure-step\" id=\"failed-\(group.step.rawValue)\">\n"
            out += "<h3><code>\(group.step.rawValue)</code> · \(count(group.accounts.count, "account"))</h3>\n"
            // Within a step: by code, then by whether a re-run may fix it (the advice).
            var order: [String] = []
            var byCode: [String: [BatchSummary.Account]] = [:]
            for account in group.accounts {
                let key = "\(account.errorCode ?? "?")\u{0}\(account.rerunMayFix == true)"
                if byCode[key] == nil { order.append(key) }
                byCode[key, default: []].append(account)
            }
            for key in order {
                let accounts = byCode[key] ?? []
                let first = accounts[0]
                out += "<h4><code>\(Text.escape(first.errorCode ?? "?"))</code> · \(count(accounts.count, "account"))</h4>\n"
                out += first.rerunMayFix == true
                    ? "<p class=\"advice rerun\">A passing fault: a re-run may fix this.</p>\n"
                    : "<p class=\"advice person\">This needs a person first: a re-run alone will not fix it.</p>\n"
                out += "<ul class=\"failures\">\n"
                for account in accounts {
                    out += "<li>\(link(account)): \(Text.isolated(account.errorMessage ?? ""))</li>\n"
                }
                out += "</ul>\n"
            }
            out += "</section>\n"
        }
        out += "</section>\n"
    }

    private func interrupted(_ out: Output) {
        let accounts = summary.interruptedAccounts
        guard !accounts.isEmpty else { return }
        out += "<section id=\"interrupted\">\n<h2>Interrupted</h2>\n"
        out += "<p class=\"note\">The run stopped while these were mid-workflow; <code>onboard run --resume</code> finishes them.</p>\n"
        out += "<ul class=\"plain\">\n"
        for account in accounts {
            let step = account.lastCompletedStep.map { "after <code>\($0.rawValue)</code>" } ?? "before its first step finished"
            out += "<li>\(link(account)): stopped \(step)</li>\n"
        }
        out += "</ul>\n</section>\n"
    }

    private func prerequisites(_ out: Output) {
        let indexed = summary.accounts.enumerated().filter { $0.element.status != .notStarted && !$0.element.manualPrerequisites.isEmpty }
        guard !indexed.isEmpty else { return }
        let total = indexed.reduce(0) { $0 + $1.element.manualPrerequisites.count }
        out += "<section id=\"prerequisites\">\n<h2>Manual prerequisites</h2>\n"
        out += "<p class=\"note\">\(count(total, "item")) for a person, over \(count(indexed.count, "account")). "
        out += "Tick them off as you go (the page does not keep the ticks).</p>\n"
        for (index, account) in indexed {
            out += "<h3>\(link(account, anchor: anchors[index]))</h3>\n<ul class=\"checklist\">\n"
            for item in account.manualPrerequisites {
                out += "<li><label><input type=\"checkbox\"> \(Text.isolated(item))</label></li>\n"
            }
            out += "</ul>\n"
        }
        out += "</section>\n"
    }

    private func notStarted(_ out: Output) {
        let accounts = summary.accounts.filter { $0.status == .notStarted }
        guard !accounts.isEmpty else { return }
        out += "<section id=\"not-started\">\n<h2>Not started</h2>\n<ul class=\"plain\">\n"
        for account in accounts {
            let reason = account.manualPrerequisites.map(Text.isolated).joined(separator: "; ")
            out += "<li>\(link(account))\(reason.isEmpty ? "" : ": \(reason)")</li>\n"
        }
        out += "</ul>\n</section>\n"
    }

    private func invalidRows(_ out: Output) {
        let rows = summary.invalidRowsByLine
        guard !rows.isEmpty else { return }
        out += "<section id=\"invalid-rows\">\n<h2>Invalid rows (not run)</h2>\n<ul class=\"plain\">\n"
        for (line, problems) in rows {
            let text = problems.map { problem in
                (problem.column.map { "<code>\(Text.escape($0))</code>: " } ?? "") + Text.isolated(problem.message)
            }
            out += "<li>line \(line): \(text.joined(separator: "; "))</li>\n"
        }
        out += "</ul>\n</section>\n"
    }

    private func details(_ out: Output) {
        out += "<section id=\"details\">\n<h2>Each account</h2>\n"
        out += "<p class=\"note\">Each account's steps in order: the bar shows where its time went (a step's width is its share of the account's time), the table when each step started and what it found or did.</p>\n"
        for (index, account) in summary.accounts.enumerated() {
            let result = self.result(account.accountID)
            out += "<details class=\"account\" id=\"\(Text.escape(anchors[index]))\">\n<summary>"
            out += "\(Text.isolated(account.accountID)) · \(Text.isolated(account.organizationName)) "
            out += "<span class=\"badge \(account.status.rawValue)\">\(words(account.status))</span>"
            if let seconds = account.durationSeconds { out += " <span class=\"meta\">\(ReportEncoding.duration(seconds))</span>" }
            out += "</summary>\n"
            out += statusParagraph(account, result)
            if let result, !result.steps.isEmpty {
                out += timeline(result)
                out += stepTable(result)
            }
            if let result { out += outputs(result) }
            if AccountReportWriter.isFileName(account.accountID) {
                let markdown = AccountReportWriter.markdownPath(accountID: account.accountID)
                out += "<p class=\"meta\">Report: <a href=\"\(Text.escape(markdown))\">\(Text.escape(markdown))</a> · "
                out += "<a href=\"\(Text.escape(account.report))\">\(Text.escape(account.report))</a></p>\n"
            }
            out += "</details>\n"
        }
        out += "</section>\n"
    }

    private func statusParagraph(_ account: BatchSummary.Account, _ result: AccountResult?) -> String {
        switch account.status {
        case .connected:
            let outputs = result?.outputs
            if outputs?.dataStatus == .ready {
                return "<p><strong>Connected</strong>: billing data is ready\(checked(outputs)).</p>\n"
            }
            switch outputs?.dataStatus {
            case .notRegistered?:
                return "<p><strong>Connected</strong>, but Spot does not list its billing source (data status <code>not-registered</code>\(checked(outputs))).</p>\n"
            case .notApplicable?:
                return "<p><strong>Connected</strong>: no billing registered (data status <code>not-applicable</code>\(checked(outputs))).</p>\n"
            default:
                let expected = outputs?.dataExpectedBy.map { "expected by \(time($0))" } ?? "expected within 48 hours"
                let status = outputs?.dataStatus.map { " (data status <code>\($0.rawValue)</code>\(checked(outputs)))" } ?? ""
                return "<p><strong>Connected</strong>: data processing pending, \(expected)\(status).</p>\n"
            }
        case .failed:
            let step = account.failedStep.map { " at <code>\($0.rawValue)</code>" } ?? ""
            let code = account.errorCode.map { " with <code>\(Text.escape($0))</code>" } ?? ""
            var text = "<p><strong>Failed</strong>\(step)\(code):</p>\n"
            text += "<div class=\"error\">\(Text.isolated(account.errorMessage ?? "no message recorded"))</div>\n"
            text += account.rerunMayFix == true
                ? "<p class=\"advice rerun\">A passing fault: a re-run may fix this.</p>\n"
                : "<p class=\"advice person\">This needs a person first: a re-run alone will not fix it.</p>\n"
            return text
        case .interrupted:
            let step = account.lastCompletedStep.map { "after <code>\($0.rawValue)</code>" } ?? "before its first step finished"
            return "<p><strong>Interrupted</strong> \(step): <code>onboard run --resume</code> finishes it from there.</p>\n"
        case .notStarted:
            let reason = account.manualPrerequisites.map(Text.isolated).joined(separator: "; ")
            return "<p><strong>Not started</strong>\(reason.isEmpty ? "" : ": \(reason)").</p>\n"
        case .offboarded:
            return "<p><strong>Offboarded</strong>: what onboard made for it was deleted as its steps say.</p>\n"
        case .dryRun:
            return "<p><strong>Dry run</strong>: its steps say what <code>onboard offboard --apply</code> would delete; nothing was.</p>\n"
        }
    }

    /// The steps as one bar: each step a segment, as wide as its share of the account's time
    /// (at least a sliver, so a step of no time still shows), in the order they ran. An SVG
    /// (its geometry is attributes, not inline style, which the page's policy forbids).
    private func timeline(_ result: AccountResult) -> String {
        let width = 1000.0
        let least = 4.0
        let durations = result.steps.map { $0.duration.isFinite ? max(0, $0.duration) : 0 }
        let total = durations.reduce(0, +)
        var widths = durations.map { total > 0 ? $0 / total * width : width / Double(durations.count) }
        widths = widths.map { max($0, least) }
        let scale = width / widths.reduce(0, +)
        var svg = "<svg class=\"timeline\" viewBox=\"0 0 \(Int(width)) 20\" preserveAspectRatio=\"none\" role=\"img\" "
        svg += "aria-label=\"\(Text.escape("steps: " + result.steps.map { "\($0.step.rawValue) \(ReportEncoding.duration($0.duration))" }.joined(separator: ", ")))\">"
        var x = 0.0
        for (index, step) in result.steps.enumerated() {
            let segment = widths[index] * scale
            svg += "<rect class=\"\(step.status.rawValue)\" x=\"\(number(x))\" y=\"0\" width=\"\(number(max(segment - 1, 1)))\" height=\"20\">"
            svg += "<title>\(step.step.rawValue): \(step.status.rawValue), \(ReportEncoding.duration(step.duration))</title></rect>"
            x += segment
        }
        return svg + "</svg>\n"
    }

    private func stepTable(_ result: AccountResult) -> String {
        let start = result.started ?? result.steps.map(\.started).min() ?? result.steps[0].started
        var table = "<table class=\"steps\"><thead><tr><th>Step</th><th>Status</th><th class=\"num\">Started</th>"
        table += "<th class=\"num\">Duration</th><th>Detail</th></tr></thead><tbody>\n"
        for step in result.steps {
            let offset = step.started.timeIntervalSince(start)
            let at = offset >= 0 && offset < 86_400 ? "+\(ReportEncoding.duration(offset))" : ReportEncoding.timestamp(step.started)
            table += "<tr><td><code>\(step.step.rawValue)</code></td><td><span class=\"badge \(step.status.rawValue)\">\(step.status.rawValue)</span></td>"
            table += "<td class=\"num\" title=\"\(ReportEncoding.timestamp(step.started))\">\(at)</td>"
            table += "<td class=\"num\">\(ReportEncoding.duration(step.duration))</td><td class=\"detail\">\(Text.escape(step.detail))</td></tr>\n"
        }
        return table + "</tbody></table>\n"
    }

    private func outputs(_ result: AccountResult) -> String {
        let outputs = result.outputs
        var rows: [(String, String)] = []
        func code(_ text: String) -> String { "<code>\(Text.escape(text))</code>" }
        if let id = outputs.spotAccountID {
            rows.append(("Spot account", code(id) + (outputs.spotAccountSource.map { " (\($0.rawValue))" } ?? "")))
        }
        if let profile = outputs.spotProfile { rows.append(("Spot profile", code(profile))) }
        if let arn = outputs.spotRoleARN {
            rows.append(("Spot role", code(arn) + (outputs.credentialsAction.map { " (\(Text.escape($0.rawValue)))" } ?? "")))
        }
        if let id = outputs.externalID { rows.append(("External id", code(id))) }
        if let arn = outputs.finOpsRoleARN { rows.append(("FinOps role", code(arn))) }
        if let cur = outputs.costAndUsageReport {
            let action = outputs.costAndUsageReportAction.map { " (\($0.rawValue))" } ?? ""
            rows.append(("Cost and Usage Report", "\(code(cur.reportName)) to \(code("s3://\(cur.s3Bucket)/\(cur.s3Prefix)")) in \(Text.escape(cur.s3Region))\(action)"))
        }
        if outputs.stackName != nil || outputs.stackID != nil {
            let action = outputs.stackAction.map { " (\($0.rawValue))" } ?? ""
            rows.append(("Stack", code(outputs.stackName ?? "?") + action))
        }
        if let products = outputs.registeredProducts {
            rows.append(("Registered with Spot", products.isEmpty ? "nothing" : products.map(code).joined(separator: ", ")))
        }
        if let date = outputs.connectedAt { rows.append(("Connected at", time(date))) }
        guard !rows.isEmpty else { return "" }
        return "<dl class=\"outputs\">" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined() + "</dl>\n"
    }

    // MARK: - Pieces

    /// `id · name`, linked to the account's detail (`anchor`, else the first of its id's).
    private func link(_ account: BatchSummary.Account, anchor: String? = nil) -> String {
        let target = anchor ?? anchorByID[account.accountID] ?? ""
        return "<a href=\"#\(Text.escape(target))\">\(Text.isolated(account.accountID))</a> · \(Text.isolated(account.organizationName))"
    }

    private func words(_ status: AccountStatus) -> String {
        status == .notStarted ? "not started" : status.rawValue
    }

    private func statusRank(_ status: AccountStatus) -> Int {
        switch status {
        case .failed: 0
        case .interrupted: 1
        case .notStarted: 2
        case .connected: 3
        case .dryRun: 4
        case .offboarded: 5
        }
    }

    private func stepRank(_ step: WorkflowStep) -> Double {
        Double(WorkflowStep.allCases.firstIndex(of: step) ?? 0)
    }

    private func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }

    private func time(_ date: Date) -> String {
        "<time datetime=\"\(ReportEncoding.timestamp(date))\">\(ReportEncoding.timestamp(date))</time>"
    }

    private func checked(_ outputs: AccountOutputs?) -> String {
        outputs?.dataStatusCheckedAt.map { ", checked \(time($0))" } ?? ""
    }

    private func number(_ value: Double) -> String {
        String(format: "%.1f", value)
    }
}
