import AWSKit
import Foundation
import Onboarding
import Testing

@testable import Reports

/// The README's "Checks" tables against what a check's and a repairing run's account reports
/// write: the keys of `check`, its steps, `drift` and `repairs`, and every value list.
@Suite("README's check report schema")
struct ReadmeCheckSchemaTests {
    /// The "Checks" section.
    static var section: Substring {
        let readme = ReadmeSchemaTests.readme
        guard let start = readme.range(of: "\n## Checks\n") else { return "" }
        let rest = readme[start.upperBound...]
        return rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
    }

    /// The rows of the table `| <name> | meaning |` of the section: keys, and values listed.
    static func table(_ name: String) -> [ReadmeSchemaTests.Row] {
        let lines = section.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(of: "| \(name) | meaning |") else { return [] }
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return ReadmeSchemaTests.Row(
                keys: ReadmeSchemaTests.codeSpans(cells[1]),
                values: ReadmeSchemaTests.codeSpans(ReadmeSchemaTests.withoutParentheses(cells[2...].dropLast().joined(separator: "|"))))
        }
    }

    static func values(_ name: String, _ key: String) -> [String] {
        table(name).first { $0.keys.contains(key) }?.values ?? []
    }

    /// A check's report with every part set: a blocked step, a finding for a person, a repair.
    static func checked() -> AccountResult {
        var result = ReportFixtures.failed()
        result.check = AccountCheck(
            steps: [
                StepCheck(step: .login, action: .noChange, detail: "logged in"),
                StepCheck(step: .costAndUsageReport, action: .blocked(code: .nonCompliantReport, reason: "daily"), detail: "daily"),
            ],
            verdict: .drifted, comparedWith: "run-20261201-120000")
        result.drift = [
            DriftFinding(kind: .reportDefinitionChanged, step: .costAndUsageReport, detail: "TimeUnit HOURLY → DAILY", remedy: .person(fix: "put it back"))
        ]
        result.repairs = [WorkflowChange(step: .stack, kind: .create, subject: "stack spot-onboarding", call: "cloudformation CreateStack")]
        return result
    }

    @Test func everyKeyWrittenIsDocumented() throws {
        let written = try ReadmeSchemaTests.written(Self.checked())
        let check = try ReadmeSchemaTests.object(written["check"])
        #expect(Set(Self.values("check key", "check")) == Set(check.keys))
        let steps = try #require(check["steps"] as? [[String: Any]])
        #expect(Set(Self.values("check key", "steps")) == Set(steps[1].keys))
        let drift = try #require(written["drift"] as? [[String: Any]])
        #expect(Set(Self.values("check key", "drift")) == Set(drift[0].keys))
        let repairs = try #require(written["repairs"] as? [[String: Any]])
        #expect(Set(Self.values("repairs key", "repairs")) == Set(repairs[0].keys))
    }

    @Test func everyValueListIsExactlyItsTypesValues() {
        #expect(Self.values("check key", "verdict") == CheckVerdict.allCases.map(\.rawValue))
        let actions: [CheckAction] = [.create, .adopt, .update, .noChange, .blocked(code: .unexpected, reason: "")]
        #expect(Self.values("check key", "action") == actions.map(\.name))
        #expect(Self.values("check key", "remedy") == ["run", "person"])
        #expect(Set(Self.table("finding").flatMap(\.keys)) == Set(DriftFinding.Kind.allCases.map(\.rawValue)))
        #expect(Self.values("repairs key", "change") == WorkflowChange.Kind.allCases.map(\.rawValue))
    }

    @Test func aCheckReportReadsBackAsWritten() throws {
        let result = Self.checked()
        let decoded = try AccountReportWriter.decode(Data(try ReportEncoding.json(result).utf8), path: "check.json")
        #expect(decoded == result)
    }
}
