import Foundation
import Onboarding

/// One line of `journal.jsonl` as written: a `JournalEvent` in its own coding (snake_case, as
/// the account report lays out steps, outputs and results), with the id of the run that wrote
/// it (`run_id`; absent in journals written before it was recorded), so a line copied in from
/// another run's journal is recognised.
struct JournalLine: Codable {
    var runID: String?
    var event: JournalEvent

    init(_ event: JournalEvent, runID: String?) {
        self.runID = runID
        self.event = event
    }

    enum CodingKeys: String, CodingKey {
        case runID = "run_id"
    }

    /// The event's keys, and `run_id` beside them.
    init(from decoder: any Decoder) throws {
        event = try JournalEvent(from: decoder)
        runID = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .runID)
    }

    /// The event's keys, and `run_id` beside them (one object: the keyed containers share it).
    func encode(to encoder: any Encoder) throws {
        try event.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(runID, forKey: .runID)
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
