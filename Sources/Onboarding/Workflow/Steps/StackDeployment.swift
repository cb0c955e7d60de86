import AWSKit
import Foundation
import HTTPCore

/// Creates or updates one stack and waits for it: the CloudFormation half of `stack`.
struct StackDeployment {
    let services: WorkflowServices
    let name: String
    let credentials: any CredentialProvider
    let cloudFormation: CloudFormationClient

    /// Deploys the template; returns what was done (never ``StackAction/skipped``) and the stack
    /// as it ended.
    func deploy(body: String, parameters: [StackParameter], tags: [StackTag]) async throws(AccountFailure) -> (StackAction, Stack) {
        do {
            return try await deployChecked(body: body, parameters: parameters, tags: tags)
        } catch {
            throw AccountFailure.from(error, at: .stack)
        }
    }

    private func deployChecked(body: String, parameters: [StackParameter], tags: [StackTag]) async throws -> (StackAction, Stack) {
        var existing = try await cloudFormation.describeStack(name: name, credentials: credentials)
        if let stack = existing, stack.status.disposition != .deleted, !OnboardStack(stack: stack).isOnboards {
            throw AccountFailure(
                step: .stack, code: .stackNotManagedByOnboard,
                message: "a stack named \(name) (\(stack.status.rawValue)) exists without onboard's managed-by tag: onboard neither updates nor deletes it. Delete or rename it, or pass --stack-name to use another name",
                rerunMayFix: false)
        }
        if let stack = existing, stack.status.isInProgress {
            existing = try await waitForTerminal()
        }
        if let stack = existing, stack.status.needsPerson || stack.status.disposition == .failed {
            throw AccountFailure(
                step: .stack, code: .stackNeedsPerson,
                message: "stack \(name) is \(stack.status.rawValue): \(await reason(stack, token: nil)). Fix or delete it in the CloudFormation console, then run again",
                rerunMayFix: false)
        }
        var recreated = false
        if let stack = existing, stack.status.mustBeRecreated {
            try await cloudFormation.deleteStack(name: name, credentials: credentials)
            _ = try await waitForTerminal()
            existing = nil
            recreated = true
        }
        let action: StackAction
        let token: String
        if existing == nil || existing?.status.disposition == .deleted {
            token = "onboard-create-\(UUID().uuidString)"
            _ = try await cloudFormation.createStack(
                name: name, templateBody: body, parameters: parameters, capabilities: [.namedIAM],
                clientRequestToken: token, tags: tags, credentials: credentials)
            action = recreated ? .recreated : .created
        } else {
            token = "onboard-update-\(UUID().uuidString)"
            let outcome = try await cloudFormation.updateStack(
                name: name, templateBody: body, parameters: parameters, capabilities: [.namedIAM],
                clientRequestToken: token, tags: tags, credentials: credentials)
            action = outcome == .noUpdatesNeeded ? .unchanged : .updated
        }
        guard let final = try await waitForTerminal() else {
            throw AccountFailure(step: .stack, code: .stackVanished, message: "stack \(name) disappeared", rerunMayFix: true)
        }
        guard final.status.isSuccessful else {
            let why = await reason(final, token: token)
            throw AccountFailure(
                step: .stack, code: final.status.mustBeRecreated ? .stackRolledBack : .stackFailed,
                message: "stack \(name) ended \(final.status.rawValue): \(why)"
                    + (final.status.mustBeRecreated ? ". The next run deletes it and creates it again once the cause is fixed" : ""),
                rerunMayFix: final.status.mustBeRecreated)
        }
        return (action, final)
    }

    /// Looks at the stack with growing waits until it leaves `*_IN_PROGRESS`; nil when it is gone.
    private func waitForTerminal() async throws -> Stack? {
        let timings = services.timings
        let started = services.clock.now()
        var wait = timings.stackPollInitial
        while true {
            guard let stack = try await cloudFormation.describeStack(name: name, credentials: credentials) else { return nil }
            if !stack.status.isInProgress { return stack }
            if services.clock.now().timeIntervalSince(started) > timings.stackTimeout {
                throw AccountFailure(
                    step: .stack, code: .stackTimeout,
                    message: "stack \(name) still \(stack.status.rawValue) after \(Int(timings.stackTimeout)) s; run again to keep waiting",
                    rerunMayFix: true)
            }
            await services.sleep(wait, for: .stack)
            wait = min(timings.stackPollMaximum, wait * 2)
        }
    }

    /// Why the stack failed: the earliest failed event of this operation (see
    /// ``StackFailureReason``), or the stack's own status reason.
    private func reason(_ stack: Stack, token: String?) async -> String {
        let events = (try? await cloudFormation.describeStackEvents(name: name, limit: 100, credentials: credentials)) ?? []
        return StackFailureReason(events: events, stackName: name, clientRequestToken: token)?.text
            ?? stack.statusReason ?? "no reason given"
    }
}
