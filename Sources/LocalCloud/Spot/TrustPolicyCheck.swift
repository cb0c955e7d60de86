import Foundation

/// Reads an IAM role's trust policy the way Spot's assume-role would fare against it.
enum TrustPolicyCheck {
    /// The external id under which one of `platformAccounts` may assume the role, when a
    /// statement allows `sts:AssumeRole` to such a principal with `sts:ExternalId` equal to one
    /// of `accepting`; nil otherwise.
    static func externalID(in document: String, trusting platformAccounts: Set<String>, accepting: Set<String>) -> String? {
        guard let policy = (try? JSONSerialization.jsonObject(with: Data(document.utf8))) as? [String: Any] else { return nil }
        for statement in list(policy["Statement"]).compactMap({ $0 as? [String: Any] }) {
            guard (statement["Effect"] as? String) == "Allow",
                list(statement["Action"]).contains(where: { ($0 as? String) == "sts:AssumeRole" || ($0 as? String) == "sts:*" })
            else { continue }
            let principals = list((statement["Principal"] as? [String: Any])?["AWS"]).compactMap { $0 as? String }
            let trustsPlatform = principals.contains { principal in
                platformAccounts.contains { principal == $0 || principal.hasSuffix(":\($0):root") }
            }
            guard trustsPlatform,
                let equals = (statement["Condition"] as? [String: Any])?["StringEquals"] as? [String: Any]
            else { continue }
            for value in list(equals["sts:ExternalId"]).compactMap({ $0 as? String }) where accepting.contains(value) {
                return value
            }
        }
        return nil
    }

    private static func list(_ value: Any?) -> [Any] {
        if let array = value as? [Any] { return array }
        return value.map { [$0] } ?? []
    }
}
