import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

/// The domain types as the reports and the journal code them: every stored property is
/// written, and reads back equal (a property added to `AccountOutputs` once vanished from the
/// journal, so a resumed run made a second Spot account).
@Suite("Domain types in reports and the journal")
struct DomainCodingTests {
    /// The stored properties of `value` (checked to be all set: a property left `nil` here would
    /// not show whether it is written).
    private func properties(of value: Any, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        Mirror(reflecting: value).children.map { child in
            let label = child.label ?? "?"
            let inner = Mirror(reflecting: child.value)
            #expect(
                !(inner.displayStyle == .optional && inner.children.isEmpty),
                "\(type(of: value)).\(label) is not set in the fixture: set it, so the test shows it is written",
                sourceLocation: sourceLocation)
            return label
        }
    }

    private func object(_ json: some StringProtocol) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    /// One key per stored property (and `extra` keys), in the account report's JSON.
    private func expectEveryPropertyWritten(
        _ value: some Encodable, extra: Int = 0, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let names = properties(of: value, sourceLocation: sourceLocation)
        let keys = try object(ReportEncoding.json(value)).keys
        #expect(keys.count == names.count + extra, "properties \(names.sorted()), keys \(keys.sorted())", sourceLocation: sourceLocation)
    }

    @Test func everyOutputIsWrittenAndReadBack() throws {
        let outputs = ReportFixtures.everyOutput()
        try expectEveryPropertyWritten(outputs)
        let written = try ReportEncoding.json(outputs)
        #expect(try ReportEncoding.decode(AccountOutputs.self, from: Data(written.utf8)) == outputs)
        let intent = try #require(outputs.pendingSpotAccountCreation)
        try expectEveryPropertyWritten(intent)
        // The CUR definition in the report's layout: ReportStatus's two members flattened.
        let definition = try #require(outputs.costAndUsageReport)
        let status = try #require(definition.reportStatus)
        let curKeys = try object(written)["cost_and_usage_report"].flatMap { $0 as? [String: Any] }?.keys.count
        #expect(curKeys == properties(of: definition).count - 1 + properties(of: status).count)
    }

    @Test func everyOutputSurvivesTheJournal() throws {
        var outputs = ReportFixtures.everyOutput()
        outputs.dataStatusCheckedAt = ReportFixtures.start.addingTimeInterval(3600.125)  // milliseconds are kept
        let event = JournalEvent(
            kind: .stepFinished, time: ReportFixtures.start.addingTimeInterval(7.5), accountID: "111111111111",
            record: ReportFixtures.connected().steps[5], outputs: outputs)
        let line = try JournalLine.encode(event, runID: "run-20261127-000000")
        let read = try ReportEncoding.decode(JournalLine.self, from: Data(line))
        #expect(read.event == event)
        #expect(read.runID == "run-20261127-000000")
        let written = try object(String(decoding: line, as: UTF8.self))
        #expect(Set(written.keys) == ["run_id", "kind", "time", "account_id", "record", "outputs"])
        #expect((written["outputs"] as? [String: Any])?.count == properties(of: outputs).count)
    }

    @Test func everyPropertyOfAResultIsWrittenAndReadBack() throws {
        var result = ReportFixtures.connectedWithEveryOutput()
        result.error = AccountFailure(step: .verify, code: .notLinked, message: "not linked", rerunMayFix: true)
        // What a check and a repairing run add (README, "Checks").
        let checked = ReadmeCheckSchemaTests.checked()
        result.check = checked.check
        result.drift = checked.drift
        result.repairs = checked.repairs
        try expectEveryPropertyWritten(result, extra: 1)  // schema_version
        try expectEveryPropertyWritten(result.steps[0])
        try expectEveryPropertyWritten(try #require(result.error))
        #expect(try ReportEncoding.decode(AccountResult.self, from: Data(ReportEncoding.json(result).utf8)) == result)
    }

    @Test func everyPropertyOfAnEventIsWrittenAndReadBack() throws {
        let event = JournalEvent(
            kind: .accountFinished, time: ReportFixtures.start.addingTimeInterval(20.25), accountID: "111111111111",
            record: ReportFixtures.connected().steps[8], outputs: ReportFixtures.everyOutput(),
            result: ReportFixtures.connectedWithEveryOutput(), detail: "done")
        let names = properties(of: event)
        let line = try JournalLine.encode(event, runID: nil)
        #expect(try object(String(decoding: line, as: UTF8.self)).count == names.count)
        #expect(try ReportEncoding.decode(JournalLine.self, from: Data(line)).event == event)
    }
}
