import AWSKit
import Foundation
import HTTPCore

/// `delete-stack`: deletes onboard's stack, and only onboard's: a stack of the configured name
/// (or a name an earlier run recorded) that carries onboard's `managed-by: onboard` tag. A stack
/// without the tag is someone else's and is kept. The tag is the live proof, so a stack onboard
/// made is found even when no report of its run is left.
///
/// A stack still in progress is waited for first; `DELETE_FAILED` (and the other states that
/// need a person) fail the account with `StackNeedsPerson`.
struct DeleteStackStep {
    let services: WorkflowServices
    let settings: OffboardingSettings
    let history: OnboardingHistory

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        do {
            return try await delete(&context)
        } catch {
            throw AccountFailure.from(error, at: .deleteStack)
        }
    }

    private func delete(_ context: inout AccountContext) async throws -> String {
        let credentials = try context.credentials()
        let cloudFormation = CloudFormationClient(
            client: services.payerClient, endpoint: services.endpoint(.cloudFormation, context.partition))
        var names = history.stackNames
        if !names.contains(services.settings.stackName) { names.append(services.settings.stackName) }
        var details: [String] = []
        var actions: [OffboardingAction] = []

        for name in names {
            guard var stack = try await cloudFormation.describeStack(name: name, credentials: credentials),
                stack.status.disposition != .deleted
            else {
                details.append("no stack \(name)")
                actions.append(.absent)
                continue
            }
            guard OnboardStack(stack: stack).isOnboards else {
                details.append("kept stack \(name) (\(stack.status.rawValue)): it has no managed-by: onboard tag, so onboard did not make it")
                actions.append(.kept)
                continue
            }
            guard settings.applies else {
                details.append("would delete onboard's stack \(name) (\(stack.id), \(stack.status.rawValue)) and the roles it made")
                actions.append(.wouldDelete)
                continue
            }
            let waiter = StackWaiter(services: services, cloudFormation: cloudFormation, credentials: credentials)
            if stack.status.isInProgress, stack.status != .deleteInProgress {
                guard let settled = try await waiter.terminal(stack.id, name: name) else {
                    details.append("stack \(name) is gone already")
                    actions.append(.absent)
                    continue
                }
                stack = settled
            }
            if stack.status != .deleteInProgress {
                try await cloudFormation.deleteStack(
                    name: stack.id, clientRequestToken: "onboard-offboard-\(UUID().uuidString)", credentials: credentials)
            }
            // Described by id: a deleted stack reads DELETE_COMPLETE, a new one of the same name is another.
            let final = try await waiter.terminal(stack.id, name: name)
            if let final, final.status.disposition != .deleted {
                throw AccountFailure(
                    step: .deleteStack, code: .stackNeedsPerson,
                    message: "stack \(name) ended \(final.status.rawValue) while being deleted: \(final.statusReason ?? "no reason given"). Delete it in the CloudFormation console (retaining what cannot be deleted), then run again",
                    rerunMayFix: false)
            }
            details.append("deleted onboard's stack \(name) (\(stack.id)) and the roles it made")
            actions.append(.deleted)
        }
        context.outputs.offboarding?.stack = Self.summary(of: actions)
        return details.joined(separator: "; ")
    }

    /// One action for all the names looked at: the strongest (deleted, would-delete, kept, absent).
    static func summary(of actions: [OffboardingAction]) -> OffboardingAction {
        for action in [OffboardingAction.deleted, .wouldDelete, .kept] where actions.contains(action) { return action }
        return .absent
    }
}

/// Looks at a stack with growing waits until it leaves `*_IN_PROGRESS`.
struct StackWaiter {
    let services: WorkflowServices
    let cloudFormation: CloudFormationClient
    let credentials: any CredentialProvider

    /// The stack `id` once terminal; nil when CloudFormation no longer knows it.
    func terminal(_ id: String, name: String) async throws -> Stack? {
        let timings = services.timings
        let started = services.clock.now()
        var wait = timings.stackPollInitial
        while true {
            guard let stack = try await cloudFormation.describeStack(name: id, credentials: credentials) else { return nil }
            if !stack.status.isInProgress { return stack }
            if services.clock.now().timeIntervalSince(started) > timings.stackTimeout {
                throw AccountFailure(
                    step: .deleteStack, code: .stackTimeout,
                    message: "stack \(name) still \(stack.status.rawValue) after \(Int(timings.stackTimeout)) s; run again to keep waiting",
                    rerunMayFix: true)
            }
            await services.sleep(wait, for: .stack)
            wait = min(timings.stackPollMaximum, wait * 2)
        }
    }
}
