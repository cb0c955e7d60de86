import AWSKit
import AccountList
import Foundation
import Onboarding
import Synchronization

/// An account's element of `plan.json`'s `accounts`, made from its shape's: the plan of the
/// shape's generic account (``PlannedWorkflow/genericAccount(_:settings:)``) is encoded once,
/// and each account's entry is that text with its own values, JSON-escaped, put where the
/// placeholders are, and its line where the generic account's 0 is. The same bytes as encoding
/// the account's plan (held so by `PlanReportStreamTests`), without encoding it: JSONEncoder
/// was most of a plan's time.
struct PlanEntryTemplate: Sendable {
    /// A value of the account's own, written where its placeholder is.
    enum Value: CaseIterable, Sendable {
        case accountID, organizationName, roleARN, profile, reportName, s3Bucket, s3Prefix, spotAccountID

        /// The placeholder, as the generic account holds it (JSON leaves it as it is).
        var placeholder: String {
            switch self {
            case .accountID: "<account_id>"
            case .organizationName: "<organization_name>"
            case .roleARN: "<role_arn>"
            case .profile: "<profile>"
            case .reportName: "<report_name>"
            case .s3Bucket: "<s3_bucket>"
            case .s3Prefix: "<s3_prefix>"
            case .spotAccountID: "<spot_account_id>"
            }
        }

        /// The account's value in `plan`.
        func value(in plan: AccountPlan) -> String {
            switch self {
            case .accountID: plan.accountID
            case .organizationName: plan.organizationName
            case .roleARN, .profile: plan.login.target
            case .reportName: plan.costAndUsageReport.definition.reportName
            case .s3Bucket: plan.costAndUsageReport.definition.s3Bucket
            case .s3Prefix: plan.costAndUsageReport.definition.s3Prefix
            case .spotAccountID: plan.spotAccountID ?? ""
            }
        }
    }

    /// A piece of the entry: text as it is, an account's value, or its line.
    enum Part: Sendable {
        case text([UInt8])
        case value(Value)
        case line
    }

    let parts: [Part]

    /// The template of `generic`'s plan as `encoder` encodes it, indented by `indent` for its
    /// place in `accounts`; nil when its line (0) is not where a top-level `line` is expected.
    init?(encoding generic: AccountPlan, with encoder: JSONEncoder, indentedBy indent: Int) throws {
        var bytes: [UInt8] = []
        ReportFileStream.appendIndented(try encoder.encode(generic), by: indent, to: &bytes)
        let line = Array("\n\(String(repeating: " ", count: indent + 2))\"line\" : 0,".utf8)
        let tokens = Value.allCases.map { (value: $0, bytes: Array($0.placeholder.utf8)) }
        var parts: [Part] = []
        var text: [UInt8] = []
        var foundLine = false
        var index = 0
        func matches(_ token: [UInt8], at index: Int) -> Bool {
            index + token.count <= bytes.count && bytes[index..<(index + token.count)].elementsEqual(token)
        }
        while index < bytes.count {
            if !foundLine, matches(line, at: index) {
                // `"line" : ` stays text; the 0 becomes the account's line.
                text += line.dropLast(2)
                parts.append(.text(text))
                parts.append(.line)
                text = [UInt8(ascii: ",")]
                index += line.count
                foundLine = true
                continue
            }
            if bytes[index] == UInt8(ascii: "<"), let token = tokens.first(where: { matches($0.bytes, at: index) }) {
                parts.append(.text(text))
                parts.append(.value(token.value))
                text = []
                index += token.bytes.count
                continue
            }
            text.append(bytes[index])
            index += 1
        }
        parts.append(.text(text))
        guard foundLine else { return nil }
        self.parts = parts
    }

    /// The entry of `plan` (an account of the template's shape).
    func entry(for plan: AccountPlan) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        for part in parts {
            switch part {
            case .text(let bytes): out += bytes
            case .value(let value): Self.appendEscaped(value.value(in: plan), to: &out)
            case .line: out += Array(String(plan.line).utf8)
            }
        }
        return out
    }

    /// Appends `text` as the inside of a JSON string, escaped as `ReportEncoding`'s encoder
    /// escapes it: `"` and `\` with a backslash, U+0008, U+0009, U+000A, U+000C and U+000D as
    /// `\b`, `\t`, `\n`, `\f`, `\r`, other control characters below U+0020 as `\u00XX`
    /// (lowercase hex); everything else, `/` included, as it is.
    static func appendEscaped(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x00..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
    }
}

/// The entry templates of a plan's shapes, shared by the threads rendering its accounts.
final class PlanEntryTemplates: Sendable {
    /// How many shapes are kept; past it, entries are encoded each time.
    static let capacity = 256
    private let known = Mutex<[PayerAccount: PlanEntryTemplate]>([:])

    /// `plan`'s entry (of `account`, planned by `planner`), indented by `indent`, made from its
    /// shape's template; encoded with `encoder` when the shape has none.
    func entry(
        for plan: AccountPlan, of account: PayerAccount, planner: AccountPlanner, encoder: JSONEncoder, indentedBy indent: Int
    ) throws -> [UInt8] {
        let generic = PlannedWorkflow.genericAccount(account, settings: planner.settings)
        var template = known.withLock { $0[generic] }
        if template == nil, let made = try PlanEntryTemplate(encoding: planner.plan(for: generic).plan, with: encoder, indentedBy: indent) {
            template = made
            known.withLock { if $0.count < Self.capacity { $0[generic] = made } }
        }
        if let template { return template.entry(for: plan) }
        var bytes: [UInt8] = []
        ReportFileStream.appendIndented(try encoder.encode(plan), by: indent, to: &bytes)
        return bytes
    }
}
