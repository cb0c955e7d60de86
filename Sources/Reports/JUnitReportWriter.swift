import Foundation
import Onboarding

/// Writes `junit.xml`: the run as one test suite with a test case per account, so CI shows
/// failed accounts like failed tests.
///
/// A failed account is a `<failure>` (`message` is `step: code`, `type` the code, the text the
/// error's message); an interrupted account is a `<failure>` of type `interrupted` (`message`
/// names the last completed step); an account not started is `<skipped>`; an account with manual
/// prerequisites lists them in `<system-out>`. Each invalid row of the account list is a failed
/// test case of its own (class `onboard.invalid-rows`, named `<account list>:<line>`, type
/// `invalid`, its problems as the text).
public struct JUnitReportWriter: Sendable {
    /// The run the report belongs to.
    public let folder: RunFolder

    /// A writer for the JUnit report of `folder`.
    public init(folder: RunFolder) {
        self.folder = folder
    }

    /// Writes `junit.xml`, atomically.
    public func write(_ summary: BatchSummary) throws {
        try folder.write(Self.xml(summary), to: "junit.xml")
    }

    /// The summary as a JUnit XML document.
    public static func xml(_ summary: BatchSummary) -> String {
        let counts = summary.counts
        let invalidRows = summary.invalidRowsByLine
        let tests = counts.total + invalidRows.count
        let failures = counts.failed + counts.interrupted + invalidRows.count
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
        out.append(
            "<testsuite name=\"onboard\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(counts.notStarted)\" time=\"\(seconds(summary.durationSeconds))\" timestamp=\"\(timestamp(summary.started))\">"
        )
        for account in summary.accounts {
            let group = account.organizationName.isEmpty ? account.accountID : account.organizationName
            let open =
                "  <testcase classname=\"\(attribute("onboard.\(group)"))\" name=\"\(attribute(account.accountID))\" time=\"\(seconds(account.durationSeconds ?? 0))\""
            var children: [String] = []
            switch account.status {
            case .connected, .offboarded, .dryRun:
                break
            case .failed:
                let step = account.failedStep?.rawValue ?? "unknown"
                let code = account.errorCode ?? "unknown"
                let advice = account.rerunMayFix == true ? "A re-run may fix this." : "This needs a person first."
                let message = account.errorMessage.map { "\($0)\n\n\(advice)" } ?? advice
                children.append(
                    "    <failure message=\"\(attribute("\(step): \(code)"))\" type=\"\(attribute(code))\">\(XMLText.escape(message))</failure>")
            case .interrupted:
                let step = account.lastCompletedStep.map { "after \($0.rawValue)" } ?? "before its first step finished"
                let text = "The run stopped while this account was mid-workflow, \(step); finish it with onboard run --resume."
                children.append(
                    "    <failure message=\"\(attribute("interrupted \(step)"))\" type=\"interrupted\">\(XMLText.escape(text))</failure>")
            case .notStarted:
                let reason = account.manualPrerequisites.joined(separator: "; ")
                children.append("    <skipped message=\"\(attribute(reason.isEmpty ? "not started" : "not started: \(reason)"))\"/>")
            }
            if account.status != .notStarted, !account.manualPrerequisites.isEmpty {
                let list = account.manualPrerequisites.map { "- \($0)" }.joined(separator: "\n")
                children.append("    <system-out>\(XMLText.escape("Manual prerequisites:\n\(list)"))</system-out>")
            }
            if children.isEmpty {
                out.append(open + "/>")
            } else {
                out.append(open + ">")
                out.append(contentsOf: children)
                out.append("  </testcase>")
            }
        }
        for (line, problems) in invalidRows {
            let text = problems.map { problem in (problem.column.map { "\($0): " } ?? "") + problem.message }
            let message = problems.count == 1 ? text[0] : "\(problems.count) problems: \(text[0]); …"
            out.append(
                "  <testcase classname=\"onboard.invalid-rows\" name=\"\(attribute("\(summary.accountList):\(line)"))\" time=\"0.000\">")
            out.append(
                "    <failure message=\"\(attribute(message))\" type=\"invalid\">\(XMLText.escape(text.joined(separator: "\n")))</failure>")
            out.append("  </testcase>")
        }
        out.append("</testsuite>")
        out.append("")
        return out.joined(separator: "\n")
    }

    private static func attribute(_ text: String) -> String { XMLText.escape(text, attribute: true) }

    /// Seconds with three decimals, as JUnit readers expect.
    private static func seconds(_ value: Double) -> String {
        String(format: "%.3f", value.isFinite ? max(0, value) : 0)
    }

    /// `yyyy-MM-ddTHH:mm:ss` in UTC (the JUnit schema's form, without a zone).
    private static func timestamp(_ date: Date) -> String {
        String(ReportEncoding.timestamp(date).prefix(19))
    }
}
