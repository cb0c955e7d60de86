import AccountList
import Foundation
import SpotKit

/// `deregister`: takes the account out of Spot as far as Spot publishes a way to.
///
/// Spot publishes one deregistration: `DELETE /setup/account/{accountId}` (its OpenAPI's
/// `OrganizationsAndAccountsDeleteAccount`, organization admins only, "cannot be undone";
/// spotinst-sdk-go `DeleteAccount`; terraform-provider-spotinst deletes `spotinst_account` and
/// `spotinst_account_aws` with it). It publishes none for an account's AWS credentials
/// (terraform-provider-spotinst's `spotinst_credentials_aws` deletes with `schema.NoopContext`),
/// for `/cloudBilling/v1/setup/account` or for `/cbi/v1/setup/account` (no DELETE in the OpenAPI,
/// the Go SDK or the Terraform provider). So:
///
/// - a Spot account onboard created (an earlier run's `spot_account_source: created`) is deleted,
///   with what Spot holds for it, once Spot still lists it, linked to this AWS account or to none;
/// - a Spot account onboard found or was given is the customer's or the partner's: it is kept,
///   and the step is marked for attention with what a person must ask Spot to do.
struct DeregisterStep {
    let services: WorkflowServices
    let settings: OffboardingSettings
    let history: OnboardingHistory

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> (String, Bool) {
        let spot: SpotClient
        let listing: [SpotAccount]
        do {
            spot = try services.spot(profile: context.account.spotProfile)
            listing = try await spot.accounts()
        } catch {
            throw AccountFailure.from(error, at: .deregister)
        }
        let payer = context.account.accountID
        var details: [String] = []
        var action: OffboardingAction?
        var needsPerson = false

        for (id, runID) in history.createdSpotAccounts.sorted(by: { $0.key < $1.key }) {
            guard let live = listing.first(where: { $0.id == id }) else {
                details.append("Spot account \(id) (created by onboard in \(runID)) is gone already")
                action = action ?? .absent
                continue
            }
            if let linked = live.awsAccountID, linked != payer {
                throw AccountFailure(
                    step: .deregister, code: .spotAccountLinkedElsewhere,
                    message: "Spot account \(live) was created by onboard in \(runID) for \(payer), but Spot now links it to AWS account \(linked): onboard does not delete it. Check it in Spot's console",
                    rerunMayFix: false)
            }
            if settings.applies {
                do {
                    try await spot.deleteAccount(id: id)
                } catch {
                    throw AccountFailure.from(error, at: .deregister)
                }
                details.append("deleted Spot account \(live) (created by onboard in \(runID)), with the credentials and registrations Spot held for it")
                action = .deleted
            } else {
                details.append("would delete Spot account \(live) (created by onboard in \(runID)), with the credentials and registrations Spot holds for it")
                action = .wouldDelete
            }
        }

        for (id, source) in history.otherSpotAccounts.sorted(by: { $0.key < $1.key }) {
            guard let live = listing.first(where: { $0.id == id }) else {
                details.append("Spot account \(id) (\(source.rawValue), not created by onboard) is gone already")
                action = action ?? .absent
                continue
            }
            details.append(
                "kept Spot account \(live): onboard \(source == .given ? "was given it (spot_account_id)" : "did not create it"); Spot publishes no endpoint to remove its AWS credentials, billing or Cost Intelligence registration")
            context.manualPrerequisites.append(Self.instructions(spotAccount: live.id, payer: payer))
            needsPerson = true
            if action != .deleted && action != .wouldDelete { action = .needsPerson }
        }

        if history.createdSpotAccounts.isEmpty && history.otherSpotAccounts.isEmpty {
            // No run recorded a Spot account: onboard made none it can tell of. What Spot lists
            // for the AWS account is someone else's and is left as it is.
            let linked = listing.filter { $0.awsAccountID == payer }.map(\.description)
            details.append(
                linked.isEmpty
                    ? "no earlier run recorded a Spot account for \(payer), and Spot lists none linked to it: nothing to deregister"
                    : "no earlier run recorded a Spot account for \(payer): kept what Spot lists for it (\(linked.joined(separator: ", "))), which onboard did not make")
            action = linked.isEmpty ? .absent : .kept
        }
        context.outputs.offboarding?.spotAccount = action
        return (details.joined(separator: "; "), needsPerson)
    }

    /// What a person does for a Spot account onboard did not create: Spot's own ways, named.
    static func instructions(spotAccount: String, payer: String) -> String {
        "Spot account \(spotAccount) keeps AWS account \(payer)'s registrations (onboard did not create it, and Spot publishes no API to remove credentials, billing or Cost Intelligence): "
            + "an organization admin of the Spot organization asks Spot support to remove the AWS credentials, the billing source (Cloud Analyzer) and Cost Intelligence of \(spotAccount) for \(payer), "
            + "or, when nothing else uses \(spotAccount), deletes it (Spot console, Settings → Account, https://console.spotinst.com/#/settings/account/general; or DELETE /setup/account/\(spotAccount)). "
            + "Where Spot's credentials name the role of onboard's stack, deleting that stack (delete-stack) ends Spot's access to the account"
    }
}
