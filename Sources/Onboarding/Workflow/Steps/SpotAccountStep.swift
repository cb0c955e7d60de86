import AccountList
import AWSKit
import Foundation
import SpotKit

/// `spot-account`: find or create the Spot account, and get the external id: the one in force
/// (the existing stack's `ExternalId` parameter) when there is one, since a new one would break
/// the link Spot already has; a new one otherwise.
struct SpotAccountStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        let accountID = context.account.accountID
        let spot: SpotClient
        do {
            spot = try services.spot(profile: context.account.spotProfile)
        } catch {
            throw AccountFailure(error, at: .spotAccount)
        }
        context.outputs.spotProfile = context.account.spotProfile
        // The existing stack says which Spot account and external id an earlier run used.
        let stack = try await existingStack(context)
        let taggedAccount = stack?.tags.first { $0.key == StackStep.spotAccountTag }?.value
        var detail: String
        do {
            if let given = context.account.spotAccountID ?? context.outputs.spotAccountID {
                detail = try await use(given, spot: spot, context: &context,
                    source: context.account.spotAccountID != nil ? "given" : "resumed")
            } else if let linked = try await spot.accounts(cloudAccountID: accountID).first {
                context.outputs.spotAccountID = linked.id
                context.outputs.spotAccountSource = "found"
                detail = "found Spot account \(linked.id), already connected to \(accountID)"
            } else if let tagged = taggedAccount, !tagged.isEmpty, try await spot.account(id: tagged) != nil {
                // Made by an earlier run that stopped before Spot linked it: reuse, never duplicate.
                detail = try await use(tagged, spot: spot, context: &context, source: "found")
                    + " (named by the stack's spot-account tag)"
            } else {
                let created = try await spot.createAccount(name: context.account.organizationName)
                context.outputs.spotAccountID = created.id
                context.outputs.spotAccountSource = "created"
                detail = "created Spot account \(created.id)"
            }
        } catch {
            throw AccountFailure.from(error, at: .spotAccount)
        }

        if let stack, !stack.status.mustBeRecreated, stack.status.disposition != .deleted,
            let inForce = stack.parameter(StackTemplate.externalIDParameter), !inForce.isEmpty
        {
            context.outputs.externalID = inForce
            return detail + "; kept the external id in force (the stack's ExternalId parameter)"
        }
        if context.outputs.externalID != nil {
            return detail + "; kept the external id issued earlier in this run"
        }
        do {
            let issued = try await spot.createExternalID(spotAccountID: context.outputs.spotAccountID ?? "")
            context.outputs.externalID = issued.externalID
            return detail + "; new external id issued"
        } catch {
            throw AccountFailure(error, at: .spotAccount)
        }
    }

    /// Uses the Spot account `id`, which must exist and be free or linked to this payer.
    private func use(
        _ id: String, spot: SpotClient, context: inout AccountContext, source: String
    ) async throws -> String {
        let accountID = context.account.accountID
        guard let found = try await spot.account(id: id) else {
            throw AccountFailure(
                step: .spotAccount, code: "SpotAccountNotFound",
                message: "Spot account \(id) is not in the organization of Spot profile '\(context.account.spotProfile)'",
                rerunMayFix: false)
        }
        if let linked = found.providerExternalID, !linked.isEmpty, linked != accountID {
            throw AccountFailure(
                step: .spotAccount, code: "SpotAccountLinkedElsewhere",
                message: "Spot account \(id) is already connected to AWS account \(linked)", rerunMayFix: false)
        }
        context.outputs.spotAccountID = found.id
        context.outputs.spotAccountSource = source
        return "using Spot account \(found.id)"
    }

    /// The payer's stack, if there is one.
    private func existingStack(_ context: AccountContext) async throws(AccountFailure) -> Stack? {
        let cloudFormation = CloudFormationClient(
            client: services.payerClient, endpoint: services.endpoint(.cloudFormation, context.partition))
        do {
            return try await cloudFormation.describeStack(name: services.settings.stackName, credentials: try context.credentials())
        } catch {
            throw AccountFailure.from(error, at: .spotAccount)
        }
    }
}
