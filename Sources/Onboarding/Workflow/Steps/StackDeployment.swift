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
    /// as it ended. In a check nothing is deployed: the action is what a run would do, and the
    /// stack the one there now (nil when the run would create it).
    func deploy(
        body: String, parameters: [StackParameter], tags: [StackTag], gate: ChangeGate
    ) async throws(AccountFailure) -> (StackAction, Stack?, String) {
        do {
            return try await deployChecked(body: body, parameters: parameters, tags: tags, gate: gate)
        } catch {
            throw AccountFailure.from(error, at: .stack)
        }
    }

    private func deployChecked(
        body: String, parameters: [StackParameter], tags: [StackTag], gate: ChangeGate
    ) async throws -> (StackAction, Stack?, String) {
        var existing = try await cloudFormation.describeStack(name: name, credentials: credentials)
        if let stack = existing, stack.status.disposition != .deleted, !OnboardStack(stack: stack).isOnboards {
            throw AccountFailure(
                step: .stack, code: .stackNotManagedByOnboard,
                message: "a stack named \(name) (\(stack.status.rawValue)) exists without onboard's managed-by tag: onboard neither updates nor deletes it. Delete or rename it, or pass --stack-name to use another name",
                rerunMayFix: false)
        }
        var notes: [String] = []
        if let stack = existing, stack.status.isInProgress {
            if gate.isChecking {
                notes.append("the stack is \(stack.status.rawValue): a run waits for it first")
            } else {
                existing = try await waitForTerminal()
            }
        }
        if let stack = existing, stack.status.needsPerson || stack.status.disposition == .failed {
            throw AccountFailure(
                step: .stack, code: .stackNeedsPerson,
                message: "stack \(name) is \(stack.status.rawValue): \(await reason(stack, token: nil)). Fix or delete it in the CloudFormation console, then run again",
                rerunMayFix: false)
        }
        var recreated = false
        if let stack = existing, stack.status.mustBeRecreated {
            let deletion = WorkflowChange(
                step: .stack, kind: .delete, subject: "stack \(name) (\(stack.status.rawValue))", call: "cloudformation DeleteStack")
            if try await gate.make(deletion, { () async throws(AWSError) in
                try await cloudFormation.deleteStack(name: name, credentials: credentials)
            }) != nil {
                _ = try await waitForTerminal()
            }
            existing = nil
            recreated = true
        }
        let action: StackAction
        let token: String
        if existing == nil || existing?.status.disposition == .deleted {
            token = "onboard-create-\(UUID().uuidString)"
            let creation = WorkflowChange(step: .stack, kind: .create, subject: "stack \(name)", call: "cloudformation CreateStack")
            let made = try await gate.make(creation, { () async throws(AWSError) in
                try await cloudFormation.createStack(
                    name: name, templateBody: body, parameters: parameters, capabilities: [.namedIAM],
                    clientRequestToken: token, tags: tags, credentials: credentials)
            })
            action = recreated ? .recreated : .created
            if made == nil { return (action, nil, notes.joined(separator: "; ")) }
        } else if gate.isChecking, let stack = existing {
            // What UpdateStack would find: the template, parameters and tags against the live ones.
            let differences = try await differences(of: stack, body: body, parameters: parameters, tags: tags)
            if differences.isEmpty {
                return (.unchanged, stack, notes.joined(separator: "; "))
            }
            gate.record(WorkflowChange(step: .stack, kind: .update, subject: "stack \(name)", call: "cloudformation UpdateStack"))
            return (.updated, stack, (notes + ["differs in \(differences.joined(separator: ", "))"]).joined(separator: "; "))
        } else {
            token = "onboard-update-\(UUID().uuidString)"
            let update = WorkflowChange(step: .stack, kind: .update, subject: "stack \(name)", call: "cloudformation UpdateStack")
            let outcome = try await gate.make(update, madeWhen: { $0 != .noUpdatesNeeded }, { () async throws(AWSError) in
                try await cloudFormation.updateStack(
                    name: name, templateBody: body, parameters: parameters, capabilities: [.namedIAM],
                    clientRequestToken: token, tags: tags, credentials: credentials)
            })
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
        return (action, final, "")
    }

    /// What an UpdateStack with `body`, `parameters` and `tags` would change in `stack`: the
    /// names of what differs (`template`, `parameter ExternalId`, `tag spot-account`); empty when
    /// CloudFormation would answer "No updates are to be performed".
    func differences(of stack: Stack, body: String, parameters: [StackParameter], tags: [StackTag]) async throws -> [String] {
        var differences: [String] = []
        let live = try await cloudFormation.getTemplate(name: stack.id.isEmpty ? name : stack.id, credentials: credentials)
        if !Self.sameTemplate(live, body) { differences.append("template") }
        let wanted = Dictionary(parameters.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        let found = Dictionary(stack.parameters.map { ($0.key, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
        for key in Set(wanted.keys).union(found.keys).sorted() where wanted[key] != found[key] {
            differences.append("parameter \(key)")
        }
        for tag in tags where !stack.tags.contains(tag) { differences.append("tag \(tag.key)") }
        return differences
    }

    /// Whether two template bodies are the same JSON value (formatting aside).
    static func sameTemplate(_ live: String?, _ wanted: String) -> Bool {
        guard let live else { return false }
        if live == wanted { return true }
        func canonical(_ text: String) -> Data? {
            guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else { return nil }
            return try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        }
        guard let live = canonical(live) else { return false }
        return live == canonical(wanted)
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
