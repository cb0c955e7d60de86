import AccountList
import AWSKit
import Foundation
import SpotKit

/// `spot-account`: find or create the Spot account, read the AWS credentials Spot has in force
/// for it, decide what to do with them (``SpotCredentialsAction``), and settle the external id.
///
/// Credentials in force are kept: a role onboard did not make is never replaced without
/// `--replace-credentials` (replacing it can stop a customer's Elastigroup clusters), and no new
/// external id is issued for it (a new one replaces the link in force). Credentials that point at
/// the role of onboard's own stack keep that stack's external id. Nothing is created (no Spot
/// account, no external id) when the stack step could not go on: a stack of the same name that
/// onboard did not make fails the account here.
struct SpotAccountStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        do {
            return try await settle(&context)
        } catch {
            throw AccountFailure.from(error, at: .spotAccount)
        }
    }

    private func settle(_ context: inout AccountContext) async throws -> String {
        let spot = try services.spot(profile: context.account.spotProfile)
        context.outputs.spotProfile = context.account.spotProfile
        let stack = try await OnboardStack.read(services: services, context: context, at: .spotAccount)
        var details: [String] = []

        // The Spot account, when there is one already.
        var spotAccount = try await existingSpotAccount(stack: stack, context: &context, details: &details)

        // The credentials in force, and what to do with them.
        let inForce = try await credentialsInForce(spotAccount, spot: spot)
        let action = decide(
            inForce: inForce, stack: stack, spotAccountID: spotAccount?.id, recorded: context.recorded?.result.outputs)
        if action.deploysPlatformRole, let stack, !stack.isOnboards {
            throw AccountFailure(
                step: .spotAccount, code: .stackNotManagedByOnboard,
                message: "a stack named \(stack.stack.name) (\(stack.stack.status.rawValue)) exists in \(context.account.accountID) without onboard's managed-by tag: onboard neither updates nor deletes it. Delete or rename it, or pass --stack-name to use another name",
                rerunMayFix: false)
        }
        if let spotAccount, context.recorded?.result.outputs.spotAccountID != spotAccount.id {
            context.gate.adopt("Spot account \(spotAccount.id)", at: .spotAccount)
        }
        var spotAccountID = spotAccount?.id ?? ""
        if spotAccount == nil {
            let creation = WorkflowChange(
                step: .spotAccount, kind: .create, subject: "Spot account \(context.account.organizationName)",
                call: "POST /setup/account")
            let made = try await context.gate.make(creation) { [context] () async throws in
                try await SpotAccountCreation(services: services, spot: spot, context: context).create()
            }
            if let made {
                let (created, how) = made
                spotAccount = created
                spotAccountID = created.id
                context.outputs.spotAccountID = created.id
                context.outputs.spotAccountSource = .created
                context.outputs.pendingSpotAccountCreation = nil
                // Journaled now: a run killed before the step ends resumes with this account.
                context.checkpoint(context.outputs)
                details.append(how)
            } else {
                spotAccountID = WorkflowChange.pending("Spot account")
                context.outputs.spotAccountID = spotAccountID
                context.outputs.spotAccountSource = .created
                details.append("would create Spot account \(context.account.organizationName)")
            }
        }
        context.outputs.credentialsAction = action

        switch action {
        case .keepExisting:
            context.outputs.spotRoleARN = inForce.role
            context.outputs.externalID = nil
            details.append(
                "kept the existing role ARN \(inForce.role ?? "(Spot does not show it)") that Spot has in force: no external id issued, no role deployed (pass --replace-credentials to replace it with onboard's)")
        case .keepOnboardRole:
            context.outputs.externalID = stack?.externalID ?? context.recorded?.result.outputs.externalID
            details.append("Spot's credentials in force are onboard's role \(inForce.role ?? ""); kept the stack's external id")
        case .link, .replace:
            details.append(try await externalID(for: spotAccountID, action: action, stack: stack, spot: spot, context: &context))
        }
        return details.joined(separator: "; ")
    }

    /// The Spot account the row names, an interrupted run made, Spot lists for the payer, or
    /// onboard's stack was made for; nil when there is none yet.
    private func existingSpotAccount(
        stack: OnboardStack?, context: inout AccountContext, details: inout [String]
    ) async throws -> SpotAccount? {
        let index = try services.spotIndex(profile: context.account.spotProfile)
        let spot = try services.spot(profile: context.account.spotProfile)
        let tagged = stack?.taggedSpotAccount
        if let given = context.account.spotAccountID {
            if let tagged, tagged != given {
                throw AccountFailure(
                    step: .spotAccount, code: .spotAccountMismatch,
                    message: "the row names Spot account \(given), but onboard's stack \(stack?.stack.name ?? "") in \(context.account.accountID) was made for \(tagged) (its spot-account tag): its external id belongs to \(tagged). Correct spot_account_id, or delete the stack to connect \(given)",
                    rerunMayFix: false)
            }
            let account = try await use(given, index: index, context: &context, source: .given)
            details.append("using Spot account \(account.id)")
            return account
        }
        if let resumed = context.outputs.spotAccountID {
            let account = try await use(resumed, index: index, context: &context, source: context.outputs.spotAccountSource ?? .resumed)
            details.append("using Spot account \(account.id) from the interrupted run")
            return account
        }
        if let linked = try await spot.accounts(cloudAccountID: context.account.accountID).first {
            context.outputs.spotAccountID = linked.id
            context.outputs.spotAccountSource = .found
            details.append("found Spot account \(linked.id), already connected to \(context.account.accountID)")
            return linked
        }
        if let tagged, let account = try await index.account(id: tagged) {
            // Made by an earlier run that stopped before Spot linked it: reuse, never duplicate.
            _ = try await use(account.id, index: index, context: &context, source: .found)
            details.append("using Spot account \(account.id) (named by the stack's spot-account tag)")
            return account
        }
        return nil
    }

    /// Uses the Spot account `id`, which must exist and be free or linked to this payer.
    private func use(
        _ id: String, index: SpotOrganizationIndex, context: inout AccountContext, source: SpotAccountSource
    ) async throws -> SpotAccount {
        let accountID = context.account.accountID
        guard let found = try await index.account(id: id) else {
            throw AccountFailure(
                step: .spotAccount, code: .spotAccountNotFound,
                message: "Spot account \(id) is not in the organization of Spot profile '\(context.account.spotProfile)'",
                rerunMayFix: false)
        }
        if let linked = found.awsAccountID, linked != accountID {
            throw AccountFailure(
                step: .spotAccount, code: .spotAccountLinkedElsewhere,
                message: "Spot account \(id) is already connected to AWS account \(linked)", rerunMayFix: false)
        }
        context.outputs.spotAccountID = found.id
        context.outputs.spotAccountSource = source
        // No other row takes it for the account its own lost CreateAccount made.
        await index.claim(found.id, name: found.name)
        return found
    }

    /// What Spot has in force for the account: whether it holds credentials, and the role when
    /// Spot shows it. A Spot account listed as connected holds credentials even when reading
    /// them fails; one that is not, and whose credentials cannot be read, holds none.
    private func credentialsInForce(_ account: SpotAccount?, spot: SpotClient) async throws -> (held: Bool, role: String?) {
        guard let account else { return (false, nil) }
        let linked = account.awsAccountID != nil
        do throws(SpotError) {
            let role = try await spot.awsCredentials(spotAccountID: account.id)?.iamRole
            let held = linked || !(role ?? "").isEmpty
            return (held, (role ?? "").isEmpty ? nil : role)
        } catch {
            // Spot's answer for an account without credentials is not published; any refusal
            // (not a fault worth retrying) of an unlinked account reads as "none held".
            if error.isRetryable || error.kind == .unauthorized { throw error }
            return (linked, nil)
        }
    }

    private func decide(
        inForce: (held: Bool, role: String?), stack: OnboardStack?, spotAccountID: String?, recorded: AccountOutputs?
    ) -> SpotCredentialsAction {
        guard inForce.held else { return .link }
        if let stack, stack.isOnboards, stack.taggedSpotAccount == spotAccountID, stack.externalID != nil,
            let role = inForce.role, role == stack.stack.output(StackTemplate.spotRoleOutput)
        {
            return .keepOnboardRole
        }
        // The role onboard's stack made, which an earlier run connected, with the stack gone
        // since: still onboard's. The stack is made again with the recorded external id (a
        // repair), and Spot keeps the credentials it holds.
        if stack == nil, let recorded, recorded.spotAccountID == spotAccountID,
            recorded.credentialsAction.map({ [.link, .keepOnboardRole, .replace].contains($0) }) == true,
            recorded.externalID != nil,
            let role = inForce.role, role == recorded.spotRoleARN
        {
            return .keepOnboardRole
        }
        return services.settings.replaceCredentials ? .replace : .keepExisting
    }

    /// The external id for a new link: onboard's stack's own (made for this Spot account, which
    /// holds no credentials yet), the one issued earlier in this run, or a new one.
    private func externalID(
        for spotAccountID: String, action: SpotCredentialsAction, stack: OnboardStack?, spot: SpotClient,
        context: inout AccountContext
    ) async throws -> String {
        if action == .link, let stack, stack.isOnboards, stack.taggedSpotAccount == spotAccountID, let inForce = stack.externalID {
            context.outputs.externalID = inForce
            return "kept the external id of onboard's stack (made for this Spot account)"
        }
        if context.outputs.externalID != nil {
            return "kept the external id issued earlier in this run"
        }
        let issue = WorkflowChange(
            step: .spotAccount, kind: .create, subject: "external id for \(spotAccountID)",
            call: "POST /setup/credentials/aws/externalId")
        guard let issued = try await context.gate.make(issue, { () async throws(SpotError) in
            try await spot.createExternalID(spotAccountID: spotAccountID)
        }) else {
            context.outputs.externalID = WorkflowChange.pending("external id")
            return action == .replace
                ? "would issue a new external id to replace the credentials in force (--replace-credentials)"
                : "would issue a new external id"
        }
        context.outputs.externalID = issued.externalID
        return action == .replace
            ? "new external id issued to replace the credentials in force (--replace-credentials)"
            : "new external id issued"
    }
}
