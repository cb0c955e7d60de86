import AWSKit
import BatchRunner
import Foundation
import Onboarding
import Testing

@testable import Reports

/// The README's "Run reports" tables against what onboard writes: every key a table lists is
/// written and every key written is listed, and each documented value list is exactly the
/// values of its type (so a new key or value cannot go undocumented, nor a documented one stay
/// after the code stopped writing it).
@Suite("README's run report schema")
struct ReadmeSchemaTests {
    /// One row of a `| … key | meaning |` table: the keys of its first cell, and the values its
    /// meaning lists (the code spans outside parentheses, which hold explanations).
    struct Row {
        var keys: [String]
        var values: [String]
    }

    static let readme: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// The "Run reports" section.
    static var section: Substring {
        guard let start = readme.range(of: "\n## Run reports\n") else { return "" }
        let rest = readme[start.upperBound...]
        return rest[..<(rest.range(of: "\n## ")?.lowerBound ?? rest.endIndex)]
    }

    /// The rows of the table whose header is `| <name> | meaning |`.
    static func table(_ name: String) -> [Row] {
        let lines = section.split(separator: "\n").map(String.init)
        guard let header = lines.firstIndex(of: "| \(name) | meaning |") else { return [] }
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            return Row(keys: codeSpans(cells[1]), values: codeSpans(withoutParentheses(cells[2...].dropLast().joined(separator: "|"))))
        }
    }

    /// The keys a table lists.
    static func keys(_ name: String) -> Set<String> { Set(table(name).flatMap(\.keys)) }

    /// The values the row of `key` in table `name` lists.
    static func values(_ name: String, _ key: String) -> [String] {
        table(name).first { $0.keys.contains(key) }?.values ?? []
    }

    static func codeSpans(_ text: String) -> [String] {
        text.matches(of: /`([^`]+)`/).map { String($0.output.1) }
    }

    static func withoutParentheses(_ text: String) -> String {
        var depth = 0
        var out = ""
        for character in text {
            if character == "(" { depth += 1 } else if character == ")" { depth = max(0, depth - 1) } else if depth == 0 { out.append(character) }
        }
        return out
    }

    /// The JSON onboard writes for `result`, as objects.
    static func written(_ result: AccountResult) throws -> [String: Any] {
        let data = Data(try ReportEncoding.json(result).utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func object(_ value: Any?) throws -> [String: Any] { try #require(value as? [String: Any]) }

    @Test func theSectionHasItsTables() {
        for name in ["key", "step key", "outputs key", "error key"] {
            #expect(!Self.table(name).isEmpty, "no `| \(name) | meaning |` table under Run reports")
        }
    }

    @Test func everyKeyWrittenIsDocumentedAndEveryDocumentedKeyIsWritten() throws {
        let connected = try Self.written(ReportFixtures.connectedWithEveryOutput())
        let failed = try Self.written(ReportFixtures.failed())
        #expect(Self.keys("key") == Set(connected.keys).union(failed.keys))
        let steps = try #require(connected["steps"] as? [[String: Any]])
        #expect(Self.keys("step key") == Set(steps[0].keys))
        let outputs = try Self.object(connected["outputs"])
        #expect(Self.keys("outputs key") == Set(outputs.keys))
        #expect(Self.keys("error key") == Set(try Self.object(failed["error"]).keys))
        // The nested objects of outputs: their keys are the row's values.
        #expect(Set(Self.values("outputs key", "cost_and_usage_report")) == Set(try Self.object(outputs["cost_and_usage_report"]).keys))
        #expect(
            Set(Self.values("outputs key", "pending_spot_account_creation"))
                == Set(try Self.object(outputs["pending_spot_account_creation"]).keys))
        #expect(Set(Self.values("outputs key", "offboarding")) == Set(try Self.object(outputs["offboarding"]).keys))
    }

    @Test func everyDocumentedValueListIsExactlyItsTypesValues() {
        #expect(Self.values("key", "status") == AccountStatus.allCases.map(\.rawValue))
        #expect(Self.values("step key", "step") == WorkflowStep.allCases.map(\.rawValue))
        #expect(Self.values("step key", "status") == StepRecord.Status.allCases.map(\.rawValue))
        #expect(Self.values("outputs key", "spot_account_source") == SpotAccountSource.allCases.map(\.rawValue))
        #expect(Self.values("outputs key", "credentials_action") == SpotCredentialsAction.allCases.map(\.rawValue))
        #expect(Self.values("outputs key", "cost_and_usage_report_action") == CostAndUsageReportAction.allCases.map(\.rawValue))
        #expect(Self.values("outputs key", "stack_action") == StackAction.allCases.map(\.rawValue))
        #expect(Self.values("outputs key", "data_status") == DataStatus.allCases.map(\.rawValue))
        #expect(Self.values("error key", "code") == FailureCode.workflowCodes.map(\.rawValue))
    }

    @Test func theJournalsKindsAreNamed() throws {
        let kinds = try #require(Self.section.firstMatch(of: /`kind` \(([^)]*)\)/)).output.1
        #expect(Self.codeSpans(String(kinds)) == JournalEvent.Kind.allCases.map(\.rawValue))
    }

    @Test func summaryTimeSpentKeysAndWaitsAreDocumented() throws {
        var spent = RunTimeSpent()
        spent.workflowWaits = ["stack": 1]
        let summary = BatchSummary(
            runID: "run-20261201-120000", accountList: "accounts.csv", started: Date(timeIntervalSince1970: 0),
            finished: Date(timeIntervalSince1970: 60), results: [], timeSpent: spent)
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(try ReportEncoding.json(summary).utf8)) as? [String: Any])
        let timeSpent = try Self.object(written["time_spent"])
        #expect(Set(timeSpent.keys) == Self.keys("time_spent key"))
        #expect(Self.values("time_spent key", "workflow_waits") == WorkflowWait.allCases.map(\.rawValue))
    }
}
