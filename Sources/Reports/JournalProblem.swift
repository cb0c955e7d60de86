/// A line of a run's journal that is not trusted on replay: left out, with the accounts it
/// names, which are then treated as not finished (`--resume` runs them again from the start).
///
/// A journal is the tool's own record, but it is a file a person can edit: nothing in it is
/// taken on trust that the tool itself would not have written.
public struct JournalProblem: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the line.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Not JSON, or not an event (an unknown kind, a missing or mistyped field).
        case notAnEvent = "not-an-event"
        /// Recorded under another run's id (copied in from another journal).
        case foreignRun = "foreign-run"
        /// An account id that is not 12 digits.
        case malformedAccountID = "malformed-account-id"
        /// The event's account id and its result's differ.
        case accountMismatch = "account-mismatch"
        /// A `step-finished` event with neither its step record nor outputs (a checkpoint
        /// mid-step has outputs only).
        case missingRecord = "missing-record"
        /// An `account-finished` event without its result.
        case missingResult = "missing-result"
        /// A result that the workflow would not have produced: `connected` without the outputs a
        /// connection has (Spot account, credentials decision, the roles the products need, the
        /// report for cloud-analyzer, when it connected), `failed` without its error, or outputs
        /// of the wrong shape (a Spot account id that is not `act-…`, a role ARN that is not an
        /// IAM role ARN, or of another account for a role onboard made).
        case implausibleResult = "implausible-result"
    }

    /// The journal's line (1-based); `nil` when the events were replayed without their lines.
    public var line: Int?
    /// The well-formed account ids the line names: none of them is trusted.
    public var accountIDs: [String]
    /// What is wrong.
    public var kind: Kind
    /// What is wrong, for a person (no secret: journals hold none).
    public var reason: String

    /// A problem of the line `line` naming `accountIDs`.
    public init(line: Int?, accountIDs: [String], kind: Kind, reason: String) {
        self.line = line
        self.accountIDs = accountIDs
        self.kind = kind
        self.reason = reason
    }

    /// A short, label-safe description: no paths, ids or values.
    public var shortDescription: String { "journal line rejected: \(kind.rawValue)" }

    /// `journal.jsonl:LINE: reason; what happens to the accounts`.
    public var description: String {
        let place = line.map { "\(RunJournal.fileName):\($0)" } ?? RunJournal.fileName
        let consequence: String
        switch accountIDs.count {
        case 0: consequence = "the line is ignored"
        case 1: consequence = "account \(accountIDs[0]) is not trusted as finished and will be run again"
        default: consequence = "accounts \(accountIDs.joined(separator: ", ")) are not trusted as finished and will be run again"
        }
        return "\(place): \(kind.rawValue): \(reason); \(consequence)"
    }

    /// `text` in quotes, cut to 80 characters, control characters escaped (for a reason that
    /// shows a value read from the line).
    static func quoted(_ text: String) -> String {
        let cut = text.unicodeScalars.count > 80 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(80))) + "…" : text
        return "\"" + cut.unicodeScalars.map { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? $0.escaped(asASCII: true) : String($0) }.joined() + "\""
    }
}
