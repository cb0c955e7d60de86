/// Whether the linked role allows what Spot publishes for Cost Intelligence
/// (``CostIntelligencePolicy``), action by action, with IAM's evaluation (``PolicyEvaluator``).
///
/// A published action with a wildcard (`ec2:Describe*`) is checked as that literal text, so only
/// a grant covering all of it passes (`ec2:Describe*`, `ec2:*`, `*`), not one naming a single
/// `ec2:DescribeInstances`.
enum CostIntelligenceAccessCheck {
    static func check(role: EffectiveRole) -> ValidationCheck {
        let required = CostIntelligencePolicy.readActions.map { ($0, "*") }
            + CostIntelligencePolicy.elasticBeanstalkActions.map {
                ($0, CostIntelligencePolicy.elasticBeanstalkResource(partition: role.partition))
            }
        var missing: [String] = []
        var denied: [String] = []
        for (action, resource) in required {
            switch PolicyEvaluator.decide(action: action, resource: resource, policies: role.permissionPolicies) {
            case .allowed: break
            case .denied: denied.append(action)
            case .notAllowed: missing.append(action)
            }
        }
        let description = "The linked role allows the actions of Spot's Cost Intelligence policy"
        let lacking = denied + missing
        guard !lacking.isEmpty else {
            return ValidationCheck(id: "permissions", description: description, status: .success,
                info: "\(role.arn) allows all \(required.count) actions")
        }
        let sample = lacking.prefix(5).joined(separator: ", ") + (lacking.count > 5 ? ", …" : "")
        let deniedText = denied.isEmpty ? "" : " (\(denied.count) explicitly denied)"
        return ValidationCheck(id: "permissions", description: description, status: .failed,
            info: "\(role.arn) lacks \(lacking.count) of the \(required.count) actions of Spot's Cost Intelligence policy\(deniedText): \(sample)\(role.unreadableNote)")
    }
}
