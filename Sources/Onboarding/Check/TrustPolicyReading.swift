import Foundation

/// A role's trust policy read for what it grants: which AWS accounts may assume the role, each
/// with the external id its condition requires. Spot's published trust (spot-policies/
/// trust-spot-platform.json, trust-finops.json) is one Allow of `sts:AssumeRole` to Spot's
/// accounts with `StringEquals sts:ExternalId`; anything else in the document is "other".
struct TrustPolicyReading {
    /// An account allowed to assume the role, and the external id required of it (nil: none).
    struct Grant: Hashable {
        var account: String
        var externalID: String?
    }

    /// What the Allow statements of `sts:AssumeRole` grant.
    private(set) var grants: Set<Grant> = []
    /// Whether the document holds anything else: other statements, principals that are not AWS
    /// accounts, other conditions, or text that is not a policy.
    private(set) var hasOtherStatements = false

    init(document: String) {
        guard let parsed = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] else {
            hasOtherStatements = true
            return
        }
        let statements = (parsed["Statement"] as? [Any]) ?? [parsed["Statement"] as Any]
        for case let statement as [String: Any] in statements {
            guard (statement["Effect"] as? String) == "Allow", Self.strings(statement["Action"]) == ["sts:AssumeRole"],
                let principal = statement["Principal"] as? [String: Any], principal.keys.sorted() == ["AWS"]
            else {
                hasOtherStatements = true
                continue
            }
            var externalID: String?
            if let condition = statement["Condition"] {
                guard let conditions = condition as? [String: Any], conditions.keys.sorted() == ["StringEquals"],
                    let equals = conditions["StringEquals"] as? [String: Any], equals.keys.sorted() == ["sts:ExternalId"],
                    Self.strings(equals["sts:ExternalId"]).count == 1
                else {
                    hasOtherStatements = true
                    continue
                }
                externalID = Self.strings(equals["sts:ExternalId"]).first
            }
            for account in Self.strings(principal["AWS"]) {
                grants.insert(Grant(account: Self.accountID(account), externalID: externalID))
            }
        }
    }

    /// `arn:<partition>:iam::<id>:root` → `<id>`; anything else as it is.
    static func accountID(_ principal: String) -> String {
        let parts = principal.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[5] == "root" { return String(parts[4]) }
        return principal
    }

    static func strings(_ value: Any?) -> [String] {
        if let one = value as? String { return [one] }
        return (value as? [Any])?.compactMap { $0 as? String } ?? []
    }
}
