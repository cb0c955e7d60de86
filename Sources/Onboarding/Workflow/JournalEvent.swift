import Foundation

/// One line of a run's `journal.jsonl`: appended and flushed as it happens, so a killed run can
/// be resumed from it. Never holds a secret.
public struct JournalEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        /// The run started (or resumed): `detail` names the account list.
        case runStarted = "run-started"
        /// A step of an account ended (`record`, `outputs` so far); without a `record`, the
        /// outputs recorded mid-step, the moment something was made that must not be made twice
        /// (a Spot account just created).
        case stepFinished = "step-finished"
        /// An account ended (`result`).
        case accountFinished = "account-finished"
        /// The run ended (`detail`: completed, interrupted by a signal, stopped by --max-failures).
        case runFinished = "run-finished"
    }

    public var kind: Kind
    public var time: Date
    public var accountID: String?
    public var record: StepRecord?
    /// The account's outputs after the step (so a resumed run continues from them).
    public var outputs: AccountOutputs?
    /// The account's final result (for `account-finished`).
    public var result: AccountResult?
    public var detail: String?

    public init(
        kind: Kind, time: Date, accountID: String? = nil, record: StepRecord? = nil, outputs: AccountOutputs? = nil,
        result: AccountResult? = nil, detail: String? = nil
    ) {
        self.kind = kind
        self.time = time
        self.accountID = accountID
        self.record = record
        self.outputs = outputs
        self.result = result
        self.detail = detail
    }

    /// The journal's keys (a step, outputs and a result as the account report lays them out).
    enum CodingKeys: String, CodingKey {
        case kind, time
        case accountID = "account_id"
        case record, outputs, result, detail
    }
}
