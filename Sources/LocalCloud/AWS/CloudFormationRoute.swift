import AWSKit
import Foundation

/// CloudFormation requests: forwarded to moto, with the lifecycles fault rules ask for laid over
/// moto's instant, always-successful stacks.
struct CloudFormationRoute {
    let moto: MotoGateway
    let stacks: StackLifecycle

    func handle(
        _ request: SandboxRequest, operation: String, account: String, fired: [FaultRule],
        reply: @escaping @Sendable (SandboxReply) -> Void
    ) {
        let stack = request.formFields()["StackName"] ?? ""
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
            moto.forward(request) { forwarded in
                if case .response(let response) = forwarded, response.status == 200 {
                    stacks.end(account: account, stack: stack)
                }
                reply(forwarded)
            }
        default:
            moto.forward(request, completion: reply)
        }
    }
}
