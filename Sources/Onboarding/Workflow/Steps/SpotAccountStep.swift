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
        var detail: String
        do {
            if let given = context.account.spotAccountID ?? context.outputs.spotAccountID {
                guard let found = try await spot.account(id: given) else {
                    throw AccountFailure(
                        step: .spotAccount, code: "SpotAccountNotFound",
                        message: "Spot account \(given) is not in the organization of Spot profile '\(context.account.spotProfile)'",
                        rerunMayFix: false)
                }
                if let linked = found.providerExternalID, !linked.isEmpty, linked != accountID {
                    throw AccountFailure(
                        step: .spotAccount, code: "SpotAccountLinkedElsewhere",
                        message: "Spot account \(given) is already connected to AWS account \(linked)", rerunMayFix: false)
                }
                context.outputs.spotAccountID = found.id
                context.outputs.spotAccountSource = context.account.spotAccountID != nil ? "given" : "resumed"
                detail = "using Spot account \(found.id)"
            } else if let linked = try await spot.accounts(cloudAccountID: accountID).first {
                context.outputs.spotAccountID = linked.id
                context.outputs.spotAccountSource = "found"
                detail = "found Spot account \(linked.id), already connected to \(accountID)"
            } else if let unlinked = try await spot.accounts().first(where: {
                $0.name == context.account.organizationName && ($0.providerExternalID ?? "").isEmpty
            }) {
                // Created by an earlier run that stopped before linking it: reuse, never duplicate.
                context.outputs.spotAccountID = unlinked.id
                context.outputs.spotAccountSource = "found"
                detail = "found Spot account \(unlinked.id) named \(context.account.organizationName), not yet connected"
            } else {
                let created = try await spot.createAccount(name: context.account.organizationName)
                context.outputs.spotAccountID = created.id
                context.outputs.spotAccountSource = "created"
                detail = "created Spot account \(created.id)"
            }
        } catch {
            throw AccountFailure.from(error, at: .spotAccount)
        }

        if let inForce = try await externalIDInForce(context) {
            context.outputs.externalID = inForce
            return detail + "; kept the external id in force (the stack's ExternalId parameter)"
        }
        if let kept = context.outputs.externalID {
            return detail + "; kept the external id \(kept.isEmpty ? "" : "issued earlier in this run")"
        }
        do {
            let issued = try await spot.createExternalID(spotAccountID: context.outputs.spotAccountID ?? "")
            context.outputs.externalID = issued.externalID
            return detail + "; new external id issued"
        } catch {
            throw AccountFailure(error, at: .spotAccount)
        }
    }

    /// The existing stack's `ExternalId` parameter, when the stack is there and usable.
    private func externalIDInForce(_ context: AccountContext) async throws(AccountFailure) -> String? {
        let cloudFormation = CloudFormationClient(
            client: services.payerClient, endpoint: services.endpoint(.cloudFormation, context.partition))
        do {
            guard let stack = try await cloudFormation.describeStack(
                name: services.settings.stackName, credentials: try context.credentials())
            else { return nil }
            guard !stack.status.mustBeRecreated, stack.status.disposition != .deleted else { return nil }
            return stack.parameter(StackTemplate.externalIDParameter).flatMap { $0.isEmpty ? nil : $0 }
        } catch {
            throw AccountFailure.from(error, at: .spotAccount)
        }
    }
}
