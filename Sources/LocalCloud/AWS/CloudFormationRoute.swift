import AWSKit
import Foundation

/// CloudFormation requests: forwarded to moto, with the lifecycles fault rules ask for laid over
/// moto's instant, always-successful stacks.
struct CloudFormationRoute {
    let moto: MotoGateway
    let stacks: StackLifecycle

    func handle(
        _ request: SandboxRequest, operation: String, account: String, region: String, fired: [FaultRule],
        reply: @escaping @Sendable (SandboxReply) -> Void
    ) {
        let stack = Self.stackName(request.formFields()["StackName"] ?? "")
        let stacks = stacks
        switch operation {
        case "CreateStack", "UpdateStack":
            if operation == "UpdateStack", let refusal = stacks.updateRefusal(account: account, stack: stack) {
                return reply(.response(AWSErrorReply.make(.query, status: 400, code: "ValidationError", message: refusal)))
            }
            let lifecycle = fired.first { [.stackInProgress, .stackRollback, .stackRollbackFailed].contains($0.action) }
            moto.forward(request) { forwarded in
                if case .response(let response) = forwarded, response.status == 200, let lifecycle {
                    let phase: StackLifecycle.Phase
                    switch lifecycle.action {
                    case .stackInProgress:
                        phase = .inProgress(
                            until: Date().addingTimeInterval(lifecycle.stackSeconds ?? 10),
                            operation: operation == "CreateStack" ? "CREATE" : "UPDATE")
                    default:
                        phase = .rolledBack(
                            reason: lifecycle.reason ?? "Resource handler returned message: \"Access Denied\"",
                            failed: lifecycle.action == .stackRollbackFailed, at: Date())
                    }
                    stacks.begin(phase, account: account, stack: stack)
                }
                reply(forwarded)
            }
        case "DescribeStacks", "DescribeStackEvents":
            moto.forward(request) { forwarded in
                guard case .response(var response) = forwarded, response.status == 200, !stack.isEmpty else {
                    return reply(forwarded)
                }
                let xml = String(decoding: response.body, as: UTF8.self)
                let rewritten = operation == "DescribeStacks"
                    ? stacks.rewriteDescription(xml, account: account, stack: stack)
                    : stacks.rewriteEvents(xml, account: account, stack: stack)
                response.body = Array(rewritten.utf8)
                reply(.response(response))
            }
        case "DeleteStack":
            let moto = moto
            Task {
                await Self.detachManagedPolicies(moto: moto, account: account, region: region, stack: stack)
                moto.forward(request) { forwarded in
                    if case .response(let response) = forwarded, response.status == 200 {
                        stacks.end(account: account, stack: stack)
                    }
                    reply(forwarded)
                }
            }
        default:
            moto.forward(request, completion: reply)
        }
    }

    /// The stack's name from `StackName`, which CloudFormation takes as "the name or the unique
    /// stack ID" (AWS CloudFormation API Reference, DeleteStack and DescribeStacks, `StackName`):
    /// an id (`arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<uuid>`) gives its
    /// name, so the lifecycle of a stack is the same whichever way a client names it.
    static func stackName(_ given: String) -> String {
        guard given.hasPrefix("arn:") else { return given }
        let resource = given.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).last ?? ""
        let parts = resource.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts[0] == "stack" ? String(parts[1]) : given
    }

    /// Detaches the stack's `AWS::IAM::ManagedPolicy` resources from their roles before moto
    /// deletes the stack. CloudFormation deletes resources in reverse dependency order, so a
    /// managed policy whose `Roles` name a role of the stack is deleted (and detached) before the
    /// role (AWS CloudFormation User Guide, "DependsOn attribute": "resources are deleted in the
    /// reverse order"; a `Ref` is a dependency). moto 5.2.1 deletes the role first and fails the
    /// whole DeleteStack with `DeleteConflict` ("must detach all policies first"), leaving the
    /// role behind: this corrects it.
    static func detachManagedPolicies(moto: MotoGateway, account: String, region: String, stack: String) async {
        guard !stack.isEmpty,
            let resources = await moto.cloudFormation(account: account, region: region, "DescribeStackResources", [("StackName", stack)]),
            resources.status == 200
        else { return }
        let partition = region.hasPrefix("cn-") ? "aws-cn" : "aws"
        let members = resources.root?.at("DescribeStackResourcesResult", "StackResources")?.children("member") ?? []
        for member in members where member.string("ResourceType") == "AWS::IAM::ManagedPolicy" {
            guard let policy = member.string("PhysicalResourceId"), policy.hasPrefix("arn:") else { continue }
            let entities = await moto.iam(account: account, partition: partition, "ListEntitiesForPolicy", [("PolicyArn", policy)])
            let roles = entities?.root?.at("ListEntitiesForPolicyResult", "PolicyRoles")?.children("member")
                .compactMap { $0.string("RoleName") } ?? []
            for role in roles {
                _ = await moto.iam(account: account, partition: partition, "DetachRolePolicy", [("RoleName", role), ("PolicyArn", policy)])
            }
        }
    }
}
