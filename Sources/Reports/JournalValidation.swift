import AWSKit
import AccountList
import Onboarding

/// The checks a journal event passes before a replay trusts it: what the workflow itself would
/// have written, nothing a hand edit could slip in (an account marked connected without the
/// roles it needs, a result filed under another account, an id that is no account's).
enum JournalValidation {
    /// Whether `text` is an AWS account id: exactly 12 ASCII digits.
    static func isAccountID(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Whether `text` is a Spot account id: `act-` and 1 to 64 ASCII letters or digits.
    static func isSpotAccountID(_ text: String) -> Bool {
        guard text.hasPrefix("act-") else { return false }
        let rest = text.utf8.dropFirst(4)
        return (1...64).contains(rest.count) && rest.allSatisfy(isAlphanumeric)
    }

    /// The partition and account of an IAM role ARN, `arn:<aws|aws-cn>:iam::<12 digits>:role/<path/name>`
    /// (the name and path of IAM's characters, at most 576); `nil` for anything else.
    static func roleARN(_ text: String) -> (partition: String, account: String)? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", Partition(rawValue: String(parts[1])) != nil, parts[2] == "iam",
            parts[3].isEmpty, isAccountID(String(parts[4])), parts[5].hasPrefix("role/")
        else { return nil }
        let name = parts[5].utf8.dropFirst(5)
        guard (1...576).contains(name.count), name.last != 0x2F,
            name.allSatisfy({ isAlphanumeric($0) || "+=,.@_-/".utf8.contains($0) })
        else { return nil }
        return (String(parts[1]), String(parts[4]))
    }

    /// `ids` without repeats, in order.
    static func unique(_ ids: [String]) -> [String] {
        var seen: Set<String> = []
        return ids.filter { seen.insert($0).inserted }
    }

    /// The well-formed account ids `event` names (its own and its result's).
    static func wellFormedAccountIDs(of event: JournalEvent) -> [String] {
        unique([event.accountID, event.result?.accountID].compactMap { $0 }.filter(isAccountID))
    }

    /// What is wrong with `event` (on `line`), or `nil` when a replay may trust it.
    static func problem(of event: JournalEvent, line: Int?) -> JournalProblem? {
        let ids = wellFormedAccountIDs(of: event)
        func problem(_ kind: JournalProblem.Kind, _ reason: String) -> JournalProblem {
            JournalProblem(line: line, accountIDs: ids, kind: kind, reason: reason)
        }
        switch event.kind {
        case .runStarted, .runFinished:
            return nil
        case .stepFinished:
            guard let accountID = event.accountID else {
                return problem(.malformedAccountID, "a step-finished event without an account id")
            }
            guard isAccountID(accountID) else {
                return problem(.malformedAccountID, "account id \(JournalProblem.quoted(accountID)) is not 12 digits")
            }
            // Without a record it is a checkpoint: the outputs so far, mid-step.
            guard event.record != nil || event.outputs != nil else {
                return problem(.missingRecord, "a step-finished event with neither its step nor outputs")
            }
            if let record = event.record, !record.duration.isFinite || record.duration < 0 {
                return problem(.implausibleResult, "step \(record.step.rawValue) took \(record.duration) seconds")
            }
            if let outputs = event.outputs, let reason = shapeProblem(outputs, accountID: accountID) {
                return problem(.implausibleResult, reason)
            }
            return nil
        case .accountFinished:
            if let accountID = event.accountID, !isAccountID(accountID) {
                return problem(.malformedAccountID, "account id \(JournalProblem.quoted(accountID)) is not 12 digits")
            }
            guard let result = event.result else { return problem(.missingResult, "an account-finished event without its result") }
            guard isAccountID(result.accountID) else {
                return problem(.malformedAccountID, "the result's account id \(JournalProblem.quoted(result.accountID)) is not 12 digits")
            }
            if let accountID = event.accountID, accountID != result.accountID {
                return problem(.accountMismatch, "the event is for \(accountID) but its result is for \(result.accountID)")
            }
            if let reason = resultProblem(result) { return problem(.implausibleResult, reason) }
            return nil
        }
    }

    /// What is wrong with `result`, or `nil`.
    static func resultProblem(_ result: AccountResult) -> String? {
        if let reason = shapeProblem(result.outputs, accountID: result.accountID) {
            return reason
        }
        if let step = result.steps.first(where: { !$0.duration.isFinite || $0.duration < 0 }) {
            return "step \(step.step.rawValue) took \(step.duration) seconds"
        }
        switch result.status {
        case .connected:
            guard result.error == nil else { return "a connected result with an error" }
            return connectionProblem(result)
        case .failed:
            return result.error == nil ? "a failed result without its error" : nil
        case .offboarded, .dryRun:
            return result.error == nil ? nil : "an \(result.status.rawValue) result with an error"
        case .notStarted, .interrupted:
            return nil
        }
    }

    /// What a connected result lacks of what a connection has, or `nil`.
    static func connectionProblem(_ result: AccountResult) -> String? {
        let outputs = result.outputs
        guard outputs.spotAccountID != nil else { return "connected without a Spot account" }
        guard let action = outputs.credentialsAction else { return "connected without a credentials decision" }
        if action.deploysPlatformRole {
            guard outputs.spotRoleARN != nil else { return "connected (\(action.rawValue)) without the Spot role ARN" }
            if result.products.contains(.eco), outputs.finOpsRoleARN == nil {
                return "connected for eco without the FinOps role ARN"
            }
        }
        if result.products.contains(.cloudAnalyzer) {
            guard outputs.costAndUsageReport != nil else { return "connected for cloud-analyzer without a Cost and Usage Report" }
            guard outputs.registeredProducts?.contains("cloudBilling") == true else {
                return "connected for cloud-analyzer without the billing registration"
            }
        }
        guard outputs.connectedAt != nil else { return "connected without the time it connected" }
        return nil
    }

    /// What is wrong with the shape of `outputs` of account `accountID`, or `nil`. (A role's
    /// partition is not held against it: the local cloud's CloudFormation writes `aws` for
    /// `${AWS::Partition}` in China too.)
    static func shapeProblem(_ outputs: AccountOutputs, accountID: String) -> String? {
        if let id = outputs.spotAccountID, !isSpotAccountID(id) {
            return "Spot account id \(JournalProblem.quoted(id)) is not act-…"
        }
        let onboardsRole = outputs.credentialsAction?.deploysPlatformRole == true
        let roles: [(name: String, arn: String?, ownedByPayer: Bool)] = [
            ("Spot role", outputs.spotRoleARN, onboardsRole), ("FinOps role", outputs.finOpsRoleARN, true),
        ]
        for role in roles {
            guard let arn = role.arn else { continue }
            guard let parsed = roleARN(arn) else { return "\(role.name) \(JournalProblem.quoted(arn)) is not an IAM role ARN" }
            if role.ownedByPayer, parsed.account != accountID {
                return "\(role.name) \(JournalProblem.quoted(arn)) is not a role of account \(accountID)"
            }
        }
        return nil
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
