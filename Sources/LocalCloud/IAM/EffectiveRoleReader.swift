import AWSKit
import Foundation

/// Reads a role the way Spot would meet it, from moto — correcting moto where its IAM is wrong.
///
/// moto 5.2.1's IAM is wrong for roles made through CloudFormation (verified): an update-stack
/// does not change the role (its trust policy keeps the first `ExternalId`, policy changes are
/// ignored), a role's `ManagedPolicyArns` are never attached, and inline policies read back as a
/// Python repr instead of JSON. The real service applies the stack's current template. So when a
/// live stack owns the role (an `AWS::IAM::Role` resource whose physical id is the role's name,
/// found with ListStacks and DescribeStackResources in the regions of ``StackRegistry``), the
/// trust and permission policies come from that stack's current template (GetTemplate) and
/// parameters (DescribeStacks), plus whatever IAM attaches to the role outside the stack.
/// Otherwise everything comes from moto's IAM. A role whose stack a fault rule holds in progress
/// or rolled back does not exist yet (or any more), as in the real service.
struct EffectiveRoleReader: Sendable {
    let moto: MotoGateway
    let stacks: StackRegistry
    let lifecycle: StackLifecycle

    /// The role `role` as it stands now.
    func read(_ role: IAMRoleARN) async -> RoleReading {
        guard let got = await moto.iam(account: role.account, partition: role.partition, "GetRole", [("RoleName", role.name)])
        else { return .unavailable(reason: "moto did not answer IAM GetRole") }
        guard got.isSuccess, let element = got.root?.at("GetRoleResult", "Role") else {
            if got.errorCode == "NoSuchEntity" || got.status == 404 { return .missing(reason: "IAM has no role \(role.name)") }
            return .unavailable(reason: "IAM GetRole answered HTTP \(got.status)")
        }
        let created = Self.date(element.string("CreateDate"))
        if let owner = await owningStack(role) {
            switch lifecycle.phase(account: role.account, stack: owner.name) {
            case .inProgress(_, let operation)? where operation == "CREATE":
                return .missing(reason: "stack \(owner.name) has not finished making the role")
            case .rolledBack?:
                return .missing(reason: "stack \(owner.name) rolled back, which deletes the role")
            default:
                break
            }
            if let read = await fromStack(role, owner: owner, created: created) { return .found(read) }
        }
        return .found(await fromIAM(role, element: element, created: created))
    }

    // MARK: - Finding the stack

    /// A live stack with the role among its resources.
    struct OwningStack: Sendable {
        var name: String
        var region: String
        var logicalID: String
        var physicalIDs: [String: String]
        var resourceTypes: [String: String]
    }

    private func owningStack(_ role: IAMRoleARN) async -> OwningStack? {
        var found: [(created: String, stack: OwningStack)] = []
        for region in stacks.regions(account: role.account, partition: role.partition) {
            guard let listed = await moto.cloudFormation(account: role.account, region: region, "ListStacks"),
                let summaries = listed.root?.at("ListStacksResult", "StackSummaries")
            else { continue }
            for summary in summaries.children("member") where summary.string("StackStatus") != "DELETE_COMPLETE" {
                guard let name = summary.string("StackName"),
                    let described = await moto.cloudFormation(
                        account: role.account, region: region, "DescribeStackResources", [("StackName", name)]),
                    let resources = described.root?.at("DescribeStackResourcesResult", "StackResources")?.children("member")
                else { continue }
                var physicalIDs: [String: String] = [:]
                var types: [String: String] = [:]
                for resource in resources {
                    guard let logical = resource.string("LogicalResourceId") else { continue }
                    physicalIDs[logical] = resource.string("PhysicalResourceId")
                    types[logical] = resource.string("ResourceType")
                }
                let logical = types.keys.sorted().first {
                    types[$0] == "AWS::IAM::Role" && physicalIDs[$0] == role.name
                }
                guard let logical else { continue }
                found.append((summary.string("CreationTime") ?? "", OwningStack(
                    name: name, region: region, logicalID: logical, physicalIDs: physicalIDs, resourceTypes: types)))
            }
        }
        return found.max { $0.created < $1.created }?.stack
    }

    // MARK: - Reading

    /// The role from its stack's template; nil when the template is not JSON (YAML is not read
    /// here: the caller falls back to IAM).
    private func fromStack(_ role: IAMRoleARN, owner: OwningStack, created: Date?) async -> EffectiveRole? {
        guard let template = await moto.cloudFormation(
                account: role.account, region: owner.region, "GetTemplate", [("StackName", owner.name)]),
            let body = template.root?.string("GetTemplateResult", "TemplateBody"),
            let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        else { return nil }
        let described = await moto.cloudFormation(
            account: role.account, region: owner.region, "DescribeStacks", [("StackName", owner.name)])
        let stack = described?.root?.at("DescribeStacksResult", "Stacks", "member")
        var parameters: [String: String] = [:]
        for (name, declaration) in object["Parameters"] as? [String: Any] ?? [:] {
            if let value = PolicyStatement.strings((declaration as? [String: Any])?["Default"])?.joined(separator: ",") {
                parameters[name] = value
            }
        }
        for parameter in stack?.at("Parameters")?.children("member") ?? [] {
            if let key = parameter.string("ParameterKey") { parameters[key] = parameter.string("ParameterValue") ?? "" }
        }
        let resolver = TemplateResolver(
            parameters: parameters, physicalIDs: owner.physicalIDs, resourceTypes: owner.resourceTypes,
            partition: role.partition, account: role.account, region: owner.region, stackName: owner.name,
            stackID: stack?.string("StackId") ?? owner.name)
        let read = StackTemplateRole(template: object, logicalID: owner.logicalID, roleName: role.name, resolver: resolver)
        var unreadable: [String] = []
        var policies = read.policies
        // What IAM attaches to the role outside the stack still applies. moto (like
        // CloudFormation) names a stack's managed policies `<stack>-<logical id>-<suffix>`: an
        // attachment with that name is the stack's own, possibly stale, and is left out.
        let attached = await attachedPolicyARNs(role).filter { arn in
            !read.stackManagedPolicyARNs.contains(arn)
                && !(arn.split(separator: "/").last.map { $0.hasPrefix("\(owner.name)-") } ?? false)
        }
        for arn in Set(attached + read.externalManagedPolicyARNs).sorted() {
            if let document = await managedPolicy(arn, role: role) { policies.append(document) } else { unreadable.append(arn) }
        }
        for name in await inlinePolicyNames(role) where !read.inlinePolicyNames.contains(name) {
            if let document = await inlinePolicy(name, role: role) { policies.append(document) } else { unreadable.append(name) }
        }
        return EffectiveRole(
            arn: role.arn, partition: role.partition, account: role.account, name: role.name, created: created,
            trustPolicy: read.trustPolicy, permissionPolicies: policies, source: .stack(name: owner.name, region: owner.region),
            unreadable: unreadable)
    }

    private func fromIAM(_ role: IAMRoleARN, element: AWSXMLElement, created: Date?) async -> EffectiveRole {
        var policies: [PolicyDocument] = []
        var unreadable: [String] = []
        for name in await inlinePolicyNames(role) {
            if let document = await inlinePolicy(name, role: role) { policies.append(document) } else { unreadable.append(name) }
        }
        for arn in await attachedPolicyARNs(role) {
            if let document = await managedPolicy(arn, role: role) { policies.append(document) } else { unreadable.append(arn) }
        }
        return EffectiveRole(
            arn: role.arn, partition: role.partition, account: role.account, name: role.name, created: created,
            trustPolicy: element.string("AssumeRolePolicyDocument").flatMap { PolicyDocument(origin: "trust policy", text: $0) },
            permissionPolicies: policies, source: .iam, unreadable: unreadable)
    }

    // MARK: - IAM reads

    private func inlinePolicyNames(_ role: IAMRoleARN) async -> [String] {
        let listed = await moto.iam(account: role.account, partition: role.partition, "ListRolePolicies", [("RoleName", role.name)])
        return listed?.root?.at("ListRolePoliciesResult", "PolicyNames")?.children("member").map(\.text) ?? []
    }

    private func inlinePolicy(_ name: String, role: IAMRoleARN) async -> PolicyDocument? {
        let got = await moto.iam(
            account: role.account, partition: role.partition, "GetRolePolicy", [("RoleName", role.name), ("PolicyName", name)])
        return got?.root?.string("GetRolePolicyResult", "PolicyDocument")
            .flatMap { PolicyDocument(origin: "inline policy \(name)", text: $0) }
    }

    private func attachedPolicyARNs(_ role: IAMRoleARN) async -> [String] {
        let listed = await moto.iam(
            account: role.account, partition: role.partition, "ListAttachedRolePolicies", [("RoleName", role.name)])
        return listed?.root?.at("ListAttachedRolePoliciesResult", "AttachedPolicies")?.children("member")
            .compactMap { $0.string("PolicyArn") } ?? []
    }

    /// A managed policy's default version. AWS managed policies are unknown to moto unless it
    /// loads them: such a policy grants nothing here.
    private func managedPolicy(_ arn: String, role: IAMRoleARN) async -> PolicyDocument? {
        guard let policy = await moto.iam(account: role.account, partition: role.partition, "GetPolicy", [("PolicyArn", arn)]),
            let version = policy.root?.string("GetPolicyResult", "Policy", "DefaultVersionId"),
            let got = await moto.iam(
                account: role.account, partition: role.partition, "GetPolicyVersion", [("PolicyArn", arn), ("VersionId", version)]),
            let text = got.root?.string("GetPolicyVersionResult", "PolicyVersion", "Document")
        else { return nil }
        return PolicyDocument(origin: "managed policy \(arn)", text: text)
    }

    static func date(_ text: String?) -> Date? {
        text.flatMap(AWSTimestamp.parse)
    }
}
