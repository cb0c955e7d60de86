import Foundation
import Onboarding

/// One line of `journal.jsonl` as written: a `JournalEvent` in the reports' snake_case layout
/// (a step as in the account report, outputs and results as the account report lays them out),
/// with the id of the run that wrote it (`run_id`; absent in journals written before it was
/// recorded), so a line copied in from another run's journal is recognised.
struct JournalLine: Codable {
    var runID: String?
    var kind: JournalEvent.Kind
    var time: Date
    var accountID: String?
    var record: AccountReport.Step?
    var outputs: AccountReport.Outputs?
    var result: AccountReport?
    var detail: String?

    init(_ event: JournalEvent, runID: String?) {
        self.runID = runID
        kind = event.kind
        time = event.time
        accountID = event.accountID
        record = event.record.map(AccountReport.Step.init)
        outputs = event.outputs.map(AccountReport.Outputs.init)
        result = event.result.map(AccountReport.init)
        detail = event.detail
    }

    var event: JournalEvent {
        JournalEvent(
            kind: kind, time: time, accountID: accountID, record: record?.record, outputs: outputs?.accountOutputs,
            result: result?.result, detail: detail)
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
        case kind, time
        case accountID = "account_id"
        case record, outputs, result, detail
    }

    /// The event of run `runID` as one line of compact JSON, newline included; dates in ISO 8601
    /// with milliseconds.
    static func encode(_ event: JournalEvent, runID: String?) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        var bytes = Array(try encoder.encode(JournalLine(event, runID: runID)))
        bytes.append(0x0A)
        return bytes
    }

    /// The well-formed account ids a line that is not an event still names, so the accounts it
    /// may have been about are not trusted: its `account_id` and its result's when it is a JSON
    /// object, else every `"account_id": "<12 digits>"` in its text (a line cut or mangled).
    static func accountIDs(in line: Data) -> [String] {
        var ids: [String] = []
        if let object = (try? JSONSerialization.jsonObject(with: line)) as? [String: Any] {
            if let id = object["account_id"] as? String { ids.append(id) }
            if let result = object["result"] as? [String: Any], let id = result["account_id"] as? String { ids.append(id) }
        } else {
            let text = String(decoding: line, as: UTF8.self)
            ids = text.matches(of: /"account_id"\s*:\s*"([0-9]{12})"/).map { String($0.output.1) }
        }
        return JournalValidation.unique(ids.filter(JournalValidation.isAccountID))
    }
}
