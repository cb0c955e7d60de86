import AWSKit
import AccountList
import Foundation
import Onboarding

@testable import Reports

/// A batch made to break a page: names, messages, details and prerequisites that are markup,
/// script, attribute breakers, character references, right-to-left text, emoji and control
/// characters, over many accounts of every status and several failed steps.
enum HTMLReportFixtures {
    /// Organization names no page may turn into markup.
    static let hostileNames = [
        #"</script><script>document.body.setAttribute("data-pwned","1")</script>"#,
        #""><img src=x onerror="document.body.setAttribute('data-pwned','2')">"#,
        #"Tom & Jerry's "Co" <b>bold</b>"#,
        "شركة النفط \u{202E}evil\u{202C} ltd",
        "🚀 Rocket Ltd 👩‍💻",
        "&lt;already escaped&gt; &amp; &#60;",
        "line\u{2028}separator\u{2029}paragraph",
        "<!-- comment --> ]]> <![CDATA[ x ]]>",
    ]

    /// What a hostile name reads as in the page (controls are not in these names).
    static let hostileMessage = #"<iframe src="https://evil.example/"></iframe> & 'quoted' "double""#

    /// 2026-12-01T12:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_796_126_400)

    /// The id of account number `index` (1-based).
    static func accountID(_ index: Int) -> String { String(100_000_000_000 + index) }

    /// `count` accounts: the first ones carry the hostile names; then, in turn, connected,
    /// failed at `login`, `cur` or `stack` (with a re-run that may or may not fix it),
    /// interrupted after `cur`, and not started. Durations vary with the index.
    static func results(count: Int) -> [AccountResult] {
        (1...count).map { index in
            let id = accountID(index)
            let name = index <= hostileNames.count ? hostileNames[index - 1] : "Customer \(index)"
            let steps = WorkflowStep.allCases.enumerated().map { offset, step in
                StepRecord(
                    step: step, status: step == .billingAccess ? .attention : .succeeded,
                    started: start.addingTimeInterval(Double(offset) * 3), duration: Double((index * 7 + offset) % 11) + 0.5,
                    detail: index == 1 ? "found \(hostileMessage)" : "\(step.rawValue) done")
            }
            var outputs = AccountOutputs()
            outputs.spotAccountID = "act-\(String(format: "%08x", index))"
            switch index % 6 {
            case 0, 1:
                outputs.spotRoleARN = "arn:aws:iam::\(id):role/SpotRole"
                outputs.dataStatus = .pending
                outputs.dataExpectedBy = start.addingTimeInterval(48 * 3600)
                return AccountResult(
                    accountID: id, organizationName: name, line: index + 1, partition: .aws, products: [.cloudAnalyzer],
                    status: .connected, steps: steps, outputs: outputs,
                    manualPrerequisites: index % 12 == 1 ? ["Activate IAM access to the Billing console for \(name)"] : [],
                    started: start, finished: start.addingTimeInterval(steps.reduce(0) { $0 + $1.duration }))
            case 2, 3, 4:
                let failedStep: WorkflowStep = [.login, .costAndUsageReport, .stack][index % 3]
                let code = ["NotManagementAccount", "NonCompliantReport", "StackRolledBack"][index % 3]
                let ran = Array(steps.prefix { $0.step != failedStep })
                var failing = steps[ran.count]
                failing.status = .failed
                failing.detail = hostileMessage
                return AccountResult(
                    accountID: id, organizationName: name, line: index + 1, partition: .aws, products: [.cloudAnalyzer],
                    status: .failed, steps: ran + [failing], outputs: outputs,
                    error: AccountFailure(step: failedStep, code: FailureCode(rawValue: code), message: "\(code) for \(name): \(hostileMessage)", rerunMayFix: index % 2 == 0),
                    started: start, finished: start.addingTimeInterval(Double(index % 17) + 1))
            default:
                if index % 12 == 5 {
                    return AccountResult(
                        accountID: id, organizationName: name, line: index + 1, partition: .aws, products: [.cloudAnalyzer],
                        status: .interrupted, steps: Array(steps.prefix(5)), outputs: outputs,
                        manualPrerequisites: ["interrupted mid-workflow; finish it with --resume"], started: start,
                        finished: start.addingTimeInterval(30))
                }
                return AccountResult(
                    accountID: id, organizationName: name, line: index + 1, partition: .aws, products: [.cloudAnalyzer],
                    status: .notStarted, manualPrerequisites: ["stopped by --max-failures 5 <&>"])
            }
        }
    }

    /// The summary of `results`, with a hostile invalid row and stop reason.
    static func summary(runID: String, results: [AccountResult]) -> BatchSummary {
        BatchSummary(
            runID: runID, accountList: "payers <&> \"list\".csv", started: start, finished: start.addingTimeInterval(120),
            results: results, invalidRows: [.init(line: 999, column: "organization_name", message: "bad <script>x</script>")],
            stopReason: "stopped after 5 failures <b>")
    }
}
