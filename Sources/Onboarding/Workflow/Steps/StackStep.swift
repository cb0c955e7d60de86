import AccountList
import AWSKit
import Foundation

/// `stack`: create or update the CloudFormation stack with Spot's roles, wait for it, read the
/// role ARNs. The template's bucket and path prefix parameters are what `cur` settled (possibly
/// an adopted report's), the external id what `spot-account` settled. An unchanged stack is a
/// no-op; `ROLLBACK_COMPLETE` is deleted and recreated; a stack in progress is waited for;
/// `ROLLBACK_FAILED`/`DELETE_FAILED` need a person; a stack onboard did not make is never touched.
/// When Spot's credentials in force are kept (a role onboard did not make), no stack is deployed.
struct StackStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        if context.outputs.credentialsAction == .keepExisting {
            context.outputs.stackAction = .skipped
            if context.account.products.contains(.eco) {
                context.manualPrerequisites.append(
                    "Eco: onboard deployed no FinOps role because the Spot account's credentials in force (\(context.outputs.spotRoleARN ?? "a role onboard did not make")) were kept. Create Spot's FinOps role with Spot's Eco template and the external id shown in Spot's console, then give Spot its ARN; or re-run with --replace-credentials")
            }
            return "no stack deployed: the credentials Spot has in force (\(context.outputs.spotRoleARN ?? "role not shown")) were kept, and onboard's role would replace them"
        }
        guard let template = context.template else {
            throw AccountFailure(step: .stack, code: .missingOutputs, message: "no template for this account", rerunMayFix: false)
        }
        guard let report = context.outputs.costAndUsageReport, let externalID = context.outputs.externalID,
            let spotAccount = context.outputs.spotAccountID
        else {
            throw AccountFailure(
                step: .stack, code: .missingOutputs, message: "no report, external id or Spot account from the steps before",
                rerunMayFix: true)
        }
        let credentials = try context.credentials()
        let name = services.settings.stackName
        let deployment = StackDeployment(
            services: services, name: name, credentials: credentials,
            cloudFormation: CloudFormationClient(
                client: services.payerClient, endpoint: services.endpoint(.cloudFormation, context.partition)))
        let parameters = template.parameters(externalID: externalID, bucket: report.s3Bucket, pathPrefix: report.pathPrefix)
            .map { StackParameter(key: $0.key, value: $0.value) }
        let tags = [OnboardStack.managedByTag, StackTag(key: OnboardStack.spotAccountTag, value: spotAccount)]
        let (action, found, note) = try await deployment.deploy(
            body: template.render(), parameters: parameters, tags: tags, gate: context.gate)
        context.outputs.stackName = name
        context.outputs.stackAction = action
        guard let final = found else {
            // A check, and the run would create the stack: its outputs are not known yet.
            context.outputs.spotRoleARN = WorkflowChange.pending("role")
            return "would \(action == .recreated ? "delete and create again" : "create") stack \(name) with CAPABILITY_NAMED_IAM; its roles would read s3://\(report.s3Bucket)/\(report.pathPrefix)"
                + (note.isEmpty ? "" : "; \(note)")
        }
        guard let spotRole = final.output(StackTemplate.spotRoleOutput) else {
            throw AccountFailure(
                step: .stack, code: .missingOutput, message: "stack \(name) has no \(StackTemplate.spotRoleOutput) output",
                rerunMayFix: false)
        }
        context.outputs.stackID = final.id
        context.outputs.spotRoleARN = spotRole
        context.outputs.finOpsRoleARN = final.output(StackTemplate.finOpsRoleOutput)
        if context.isChecking {
            return action == .unchanged
                ? "stack \(name) is as a run would leave it (template, parameters and tags)" + (note.isEmpty ? "" : "; \(note)")
                : "would update stack \(name): \(note)"
        }
        return "stack \(name) \(action.rawValue) with CAPABILITY_NAMED_IAM; its roles read s3://\(report.s3Bucket)/\(report.pathPrefix); role ARNs read from its outputs"
    }
}
