import AccountList
import AWSKit
import Foundation

/// `stack`: create or update the CloudFormation stack with Spot's roles, wait for it, read the
/// role ARNs. An unchanged stack is a no-op; `ROLLBACK_COMPLETE` is deleted and recreated;
/// a stack in progress is waited for; `ROLLBACK_FAILED`/`DELETE_FAILED` need a person.
struct StackStep {
    /// The stack tag naming the Spot account the roles are for (so a later run reuses it).
    static let spotAccountTag = "spot-account"

    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        guard let template = context.template else {
            throw AccountFailure(step: .stack, code: "NoTemplate", message: "no template for this account", rerunMayFix: false)
        }
        let credentials = try context.credentials()
        let name = services.settings.stackName
        let cloudFormation = CloudFormationClient(
            client: services.payerClient, endpoint: services.endpoint(.cloudFormation, context.partition))
        let body = template.render()
        let parameters = [StackParameter(key: StackTemplate.externalIDParameter, value: context.outputs.externalID ?? "")]
        let tags = [StackTag(key: "managed-by", value: "onboard"), StackTag(key: Self.spotAccountTag, value: context.outputs.spotAccountID ?? "")]
        var action: String
        do {
            var existing = try await cloudFormation.describeStack(name: name, credentials: credentials)
            if let stack = existing, stack.status.isInProgress {
                existing = try await waitForTerminal(name, cloudFormation, credentials)
            }
            if let stack = existing, stack.status.needsPerson || stack.status.disposition == .failed {
                throw AccountFailure(
                    step: .stack, code: "StackNeedsPerson",
                    message: "stack \(name) is \(stack.status.rawValue): \(await reason(name, cloudFormation, credentials, stack)). Fix or delete it in the CloudFormation console, then run again",
                    rerunMayFix: false)
            }
            var recreated = false
            if let stack = existing, stack.status.mustBeRecreated {
                try await cloudFormation.deleteStack(name: name, credentials: credentials)
                _ = try await waitForTerminal(name, cloudFormation, credentials)
                existing = nil
                recreated = true
            }
            if existing == nil || existing?.status.disposition == .deleted {
                _ = try await cloudFormation.createStack(
                    name: name, templateBody: body, parameters: parameters, capabilities: [.namedIAM],
                    clientRequestToken: "onboard-create-\(UUID().uuidString)", tags: tags, credentials: credentials)
                action = recreated ? "recreated" : "created"
            } else {
                let outcome = try await cloudFormation.updateStack(
                    name: name, templateBody: body, parameters: parameters, capabilities: [.namedIAM],
                    clientRequestToken: "onboard-update-\(UUID().uuidString)", tags: tags, credentials: credentials)
                action = outcome == .noUpdatesNeeded ? "unchanged" : "updated"
            }
            guard let final = try await waitForTerminal(name, cloudFormation, credentials) else {
                throw AccountFailure(step: .stack, code: "StackVanished", message: "stack \(name) disappeared", rerunMayFix: true)
            }
            guard final.status.isSuccessful else {
                let why = await reason(name, cloudFormation, credentials, final)
                throw AccountFailure(
                    step: .stack, code: final.status.mustBeRecreated ? "StackRolledBack" : "StackFailed",
                    message: "stack \(name) ended \(final.status.rawValue): \(why)"
                        + (final.status.mustBeRecreated ? ". The next run deletes it and creates it again once the cause is fixed" : ""),
                    rerunMayFix: final.status.mustBeRecreated)
            }
            guard let spotRole = final.output(StackTemplate.spotRoleOutput) else {
                throw AccountFailure(step: .stack, code: "MissingOutput", message: "stack \(name) has no \(StackTemplate.spotRoleOutput) output", rerunMayFix: false)
            }
            context.outputs.stackName = name
            context.outputs.stackID = final.id
            context.outputs.stackAction = action
            context.outputs.spotRoleARN = spotRole
            context.outputs.finOpsRoleARN = final.output(StackTemplate.finOpsRoleOutput)
        } catch {
            throw AccountFailure.from(error, at: .stack)
        }
        return "stack \(name) \(action) with CAPABILITY_NAMED_IAM; role ARNs read from its outputs"
    }

    /// Looks at the stack with growing waits until it leaves `*_IN_PROGRESS`; nil when it is gone.
    private func waitForTerminal(
        _ name: String, _ cloudFormation: CloudFormationClient, _ credentials: any CredentialProvider
    ) async throws -> Stack? {
        let timings = services.timings
        let started = services.clock.now()
        var wait = timings.stackPollInitial
        while true {
            guard let stack = try await cloudFormation.describeStack(name: name, credentials: credentials) else { return nil }
            if !stack.status.isInProgress { return stack }
            if services.clock.now().timeIntervalSince(started) > timings.stackTimeout {
                throw AccountFailure(
                    step: .stack, code: "StackTimeout",
                    message: "stack \(name) still \(stack.status.rawValue) after \(Int(timings.stackTimeout)) s; run again to keep waiting",
                    rerunMayFix: true)
            }
            await services.sleep(wait)
            wait = min(timings.stackPollMaximum, wait * 2)
        }
    }

    /// Why the stack failed: the first failed resource's reason in its events, or its status reason.
    private func reason(
        _ name: String, _ cloudFormation: CloudFormationClient, _ credentials: any CredentialProvider, _ stack: Stack
    ) async -> String {
        let events = (try? await cloudFormation.describeStackEvents(name: name, limit: 50, credentials: credentials)) ?? []
        if let failed = events.first(where: { $0.isFailure && $0.logicalResourceID != name }) ?? events.first(where: \.isFailure) {
            return "\(failed.logicalResourceID ?? "?") \(failed.status ?? ""): \(failed.statusReason ?? "no reason given")"
        }
        return stack.statusReason ?? "no reason given"
    }
}
