import Foundation

/// Reads an IAM role's trust policy the way Spot's AssumeRole would fare against it: Spot's
/// platform account calls `sts:AssumeRole` with the external id in force for the Spot account
/// (AWS IAM User Guide, "How to use an external ID when granting access to your AWS resources to
/// a third party").
///
/// A statement allows the call when it is an `Allow` for `sts:AssumeRole` (wildcards count) to
/// a principal naming one of the platform accounts, whose only condition is `sts:ExternalId`
/// with `StringEquals` (or `StringLike`) matching that id. A trust policy without the external
/// id condition is refused: Spot's published templates always carry one (spotinst-examples,
/// terraform-spotinst-aws-connect `main.tf`), and whether Spot accepts a role without it is not
/// published, so the sandbox does not accept it. Conditions on other keys cannot be evaluated
/// here: such a statement does not allow the call. A matching `Deny` wins.
enum TrustPolicyCheck {
    /// Why the assume fails, or nil when it succeeds.
    static func refusal(of trust: PolicyDocument?, platformAccounts: Set<String>, externalID: String?) -> String? {
        guard let externalID else { return "no external id is in force for the Spot account" }
        guard let trust else { return "the role's trust policy cannot be read" }
        var allowed = false
        for statement in trust.statements where statement.covers(action: "sts:AssumeRole") {
            let principals = (statement.principals ?? [:]).filter { $0.key == "AWS" || $0.key == "*" }.values.flatMap { $0 }
            let namesPlatform = principals.contains { principal in
                principal == "*" || platformAccounts.contains { principal == $0 || principal.hasSuffix(":iam::\($0):root") }
            }
            guard namesPlatform else { continue }
            if statement.effect == .deny { return "the trust policy denies sts:AssumeRole to Spot's platform account" }
            if statement.effect == .allow, externalIDCondition(statement.conditions, accepts: externalID) { allowed = true }
        }
        return allowed ? nil
            : "the trust policy does not let Spot's platform account assume the role with the external id in force"
    }

    /// Whether the statement's conditions are exactly an `sts:ExternalId` test that `externalID`
    /// passes.
    private static func externalIDCondition(_ conditions: [String: [String: [String]]], accepts externalID: String) -> Bool {
        guard !conditions.isEmpty else { return false }
        for (operation, keys) in conditions {
            guard ["StringEquals", "StringLike"].contains(operation), keys.count == 1,
                let values = keys.first(where: { $0.key.caseInsensitiveCompare("sts:ExternalId") == .orderedSame })?.value,
                values.contains(where: { operation == "StringLike" ? IAMPattern.matches($0, externalID) : $0 == externalID })
            else { return false }
        }
        return true
    }
}
