/// What a stack's current template gives one of its roles: the trust policy, the inline
/// policies (the role's `Policies`, `AWS::IAM::Policy` and `AWS::IAM::RolePolicy` resources
/// naming it) and the managed policies (`AWS::IAM::ManagedPolicy` resources whose `Roles` name
/// it, and the role's `ManagedPolicyArns`), read generically from the resources' types and
/// properties (AWS CloudFormation User Guide, resource type reference for `AWS::IAM::*`).
struct StackTemplateRole {
    var trustPolicy: PolicyDocument?
    /// The documents the template itself holds.
    var policies: [PolicyDocument] = []
    /// `ManagedPolicyArns` that are not the stack's own policies: read from IAM.
    var externalManagedPolicyARNs: [String] = []
    /// The inline policy names the template gives the role (IAM's copy of them is moto's).
    var inlinePolicyNames: Set<String> = []
    /// The ARNs of the stack's own managed policies.
    var stackManagedPolicyARNs: Set<String> = []

    /// Reads `template` (from `JSONSerialization`) for the role with logical id `logicalID`
    /// and name `roleName`, resolving intrinsics with `resolver`.
    init(template: [String: Any], logicalID: String, roleName: String, resolver: TemplateResolver) {
        let resources = template["Resources"] as? [String: Any] ?? [:]
        func properties(_ id: String) -> [String: Any] {
            let resource = resources[id] as? [String: Any]
            return (resource?["Properties"]).flatMap { resolver.resolve($0) } as? [String: Any] ?? [:]
        }
        let role = properties(logicalID)
        trustPolicy = role["AssumeRolePolicyDocument"].flatMap { PolicyDocument(origin: "trust policy", object: $0) }
        for policy in role["Policies"] as? [Any] ?? [] {
            guard let policy = policy as? [String: Any], let name = policy["PolicyName"] as? String else { continue }
            inlinePolicyNames.insert(name)
            if let document = policy["PolicyDocument"].flatMap({ PolicyDocument(origin: "inline policy \(name)", object: $0) }) {
                policies.append(document)
            }
        }
        var attachedARNs = Set(PolicyStatement.strings(role["ManagedPolicyArns"]) ?? [])
        for (id, value) in resources.sorted(by: { $0.key < $1.key }) where id != logicalID {
            let type = (value as? [String: Any])?["Type"] as? String
            guard ["AWS::IAM::ManagedPolicy", "AWS::IAM::Policy", "AWS::IAM::RolePolicy"].contains(type) else { continue }
            let resource = properties(id)
            let roles = type == "AWS::IAM::RolePolicy"
                ? PolicyStatement.strings(resource["RoleName"]) ?? [] : PolicyStatement.strings(resource["Roles"]) ?? []
            let physical = resolver.physicalIDs[id] ?? id
            if type == "AWS::IAM::ManagedPolicy" { stackManagedPolicyARNs.insert(physical) }
            let attached = roles.contains(roleName) || (type == "AWS::IAM::ManagedPolicy" && attachedARNs.contains(physical))
            guard attached else { continue }
            attachedARNs.remove(physical)
            if type != "AWS::IAM::ManagedPolicy", let name = resource["PolicyName"] as? String { inlinePolicyNames.insert(name) }
            let origin = type == "AWS::IAM::ManagedPolicy" ? "managed policy \(id) (\(physical))" : "policy \(id)"
            if let document = resource["PolicyDocument"].flatMap({ PolicyDocument(origin: origin, object: $0) }) {
                policies.append(document)
            }
        }
        externalManagedPolicyARNs = attachedARNs.sorted()
    }
}
