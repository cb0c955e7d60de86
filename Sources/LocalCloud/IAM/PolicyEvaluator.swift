/// IAM's policy evaluation logic for one request, as far as the sandbox can follow it (AWS IAM
/// User Guide, "Policy evaluation logic"): an explicit `Deny` wins, otherwise an `Allow` grants,
/// otherwise the request is implicitly denied.
///
/// Conditions are not evaluated. An `Allow` statement with a `Condition` does not grant here:
/// the sandbox cannot tell whether the condition holds for Spot's request, and granting would be
/// the convenient guess. A `Deny` statement with a `Condition` applies as if its condition held,
/// for the same reason.
enum PolicyEvaluator {
    /// The decision for `action` on `resource` from identity policies `policies`.
    static func decide(action: String, resource: String, policies: [PolicyDocument]) -> PolicyDecision {
        decide(action: action, resource: resource, policies: policies, principalMatches: { _ in true })
    }

    /// The decision for `action` on `resource` from a resource-based policy (a bucket policy)
    /// for a request made by role `roleARN` of `account`: only statements whose `Principal`
    /// names the role, its account (`arn:…:iam::<account>:root` or the bare id) or `*` apply.
    static func decide(
        action: String, resource: String, resourcePolicy: PolicyDocument, roleARN: String, account: String
    ) -> PolicyDecision {
        decide(action: action, resource: resource, policies: [resourcePolicy]) { statement in
            let named = (statement.principals ?? [:]).filter { $0.key == "AWS" || $0.key == "*" }.values.flatMap { $0 }
            return named.contains { principal in
                principal == "*" || principal == roleARN || principal == account
                    || (principal.hasPrefix("arn:") && principal.hasSuffix(":iam::\(account):root"))
            }
        }
    }

    private static func decide(
        action: String, resource: String, policies: [PolicyDocument], principalMatches: (PolicyStatement) -> Bool
    ) -> PolicyDecision {
        var allowed = false
        for policy in policies {
            for statement in policy.statements
            where statement.effect != nil && statement.covers(action: action) && statement.covers(resource: resource)
                && principalMatches(statement)
            {
                switch statement.effect {
                case .deny?: return .denied(origin: policy.origin)
                case .allow?: if statement.conditions.isEmpty { allowed = true }
                case nil: break
                }
            }
        }
        return allowed ? .allowed : .notAllowed
    }
}
