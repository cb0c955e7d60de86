import Foundation
import Onboarding

/// One line of `journal.jsonl` as written: a `JournalEvent` in the reports' snake_case layout
/// (a step as in the account report, outputs and results as the account report lays them out).
struct JournalLine: Codable {
    var kind: JournalEvent.Kind
    var time: Date
    var accountID: String?
    var record: AccountReport.Step?
    var outputs: AccountReport.Outputs?
    var result: AccountReport?
    var detail: String?

    init(_ event: JournalEvent) {
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
        case kind, time
        case accountID = "account_id"
        case record, outputs, result, detail
    }

    /// The event as one line of compact JSON, newline included; dates in ISO 8601 with
    /// milliseconds.
    static func encode(_ event: JournalEvent) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        var bytes = Array(try encoder.encode(JournalLine(event)))
        bytes.append(0x0A)
        return bytes
    }
}
