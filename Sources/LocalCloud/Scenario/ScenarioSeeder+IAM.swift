import AWSKit
import Foundation

/// Seeding roles through IAM and stacks through CloudFormation, in moto, as their accounts.
extension ScenarioSeeder {
    func createRole(_ role: Scenario.Role) async throws {
        let partition = role.partition ?? "aws"
        try await iam(role.account, partition, "CreateRole", [
            ("RoleName", role.name), ("AssumeRolePolicyDocument", role.trustPolicy.text),
        ])
        for policy in role.inlinePolicies ?? [] {
            try await iam(role.account, partition, "PutRolePolicy", [
                ("RoleName", role.name), ("PolicyName", policy.name), ("PolicyDocument", policy.document.text),
            ])
        }
        for policy in role.managedPolicies ?? [] {
            let created = try await iam(role.account, partition, "CreatePolicy", [
                ("PolicyName", policy.name), ("PolicyDocument", policy.document.text),
            ])
            // Seeded before (EntityAlreadyExists): the policy's ARN is known from its name.
            let arn = created.root?.string("CreatePolicyResult", "Policy", "Arn")
                ?? "arn:\(partition):iam::\(role.account):policy/\(policy.name)"
            try await iam(role.account, partition, "AttachRolePolicy", [("RoleName", role.name), ("PolicyArn", arn)])
        }
        establishedRoles.add("arn:\(partition):iam::\(role.account):role/\(role.name)")
    }

    func createStack(_ stack: Scenario.Stack) async throws {
        let region = stack.region ?? "us-east-1"
        var parameters: [(String, String)] = [("StackName", stack.name), ("TemplateBody", stack.template.text)]
        for (index, (key, value)) in (stack.parameters ?? [:]).sorted(by: { $0.key < $1.key }).enumerated() {
            parameters += [("Parameters.member.\(index + 1).ParameterKey", key), ("Parameters.member.\(index + 1).ParameterValue", value)]
        }
        for (index, (key, value)) in (stack.tags ?? [:]).sorted(by: { $0.key < $1.key }).enumerated() {
            parameters += [("Tags.member.\(index + 1).Key", key), ("Tags.member.\(index + 1).Value", value)]
        }
        parameters.append(("Capabilities.member.1", "CAPABILITY_NAMED_IAM"))
        let created = await moto.cloudFormation(account: stack.account, region: region, "CreateStack", parameters)
        guard let created, created.isSuccess || created.root?.string("Error", "Code") == "AlreadyExistsException" else {
            throw Failure(description: "could not create stack \(stack.name) in \(stack.account): HTTP \(created?.status ?? 0) \(created?.errorCode ?? "")")
        }
        stackRegions.record(account: stack.account, region: region)
    }

    /// An IAM call that must succeed (an entity that already exists counts: seeding twice is
    /// harmless).
    @discardableResult
    private func iam(_ account: String, _ partition: String, _ action: String, _ parameters: [(String, String)]) async throws
        -> MotoQueryResult
    {
        guard let result = await moto.iam(account: account, partition: partition, action, parameters) else {
            throw Failure(description: "moto did not answer IAM \(action) for \(account)")
        }
        guard result.isSuccess || result.errorCode == "EntityAlreadyExists" else {
            throw Failure(description: "IAM \(action) for \(account) answered HTTP \(result.status) \(result.errorCode ?? "")")
        }
        return result
    }
}
