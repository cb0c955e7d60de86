import AWSKit
import Foundation
import HTTPCore
import SpotKit

/// `POST /setup/credentials/aws`: hands Spot the role, patient with IAM propagation.
///
/// Spot publishes no error codes for a role it cannot assume yet, so none is matched: when the
/// stack created or changed the role in this run, the handover waits first (Spot's own Terraform
/// module sleeps 10 s after creating the role and 5 s after attaching policies), then takes any
/// 400 or 403 as possibly propagation and tries again with growing waits within the propagation
/// window. Spot's code and message are kept in the detail so they can be learned.
struct RoleHandover {
    let services: WorkflowServices
    let spot: SpotClient
    let spotAccountID: String

    /// Waits the first propagation wait.
    func waitForPropagation() async {
        await services.sleep(services.timings.propagationFirstWait, for: .iamPropagation)
    }

    /// Hands Spot `role`; returns the detail.
    func link(_ role: String, roleChanged: Bool) async throws(AccountFailure) -> String {
        let timings = services.timings
        if roleChanged { await waitForPropagation() }
        let started = services.clock.now()
        var wait = timings.propagationInitial
        var refusals: [String] = []
        while true {
            let outcome = await attempt(role)
            guard case .failure(let error) = outcome else { break }
            let elapsed = services.clock.now().timeIntervalSince(started)
            let mayBePropagation = roleChanged && [400, 403].contains(error.httpStatus ?? 0)
            refusals.append("\(error.code): \(error.message)")
            guard mayBePropagation, elapsed + wait <= timings.propagationTimeout else {
                var failure = AccountFailure(error, at: .register)
                if mayBePropagation {
                    failure.code = .credentialsRefused
                    failure.message = "Spot refused the role \(role) \(refusals.count) times over \(Int(elapsed)) s (last: \(error.code): \(error.message)): check that its trust policy names Spot's account \(services.settings.commercialPrincipals.platformAccountID) and the external id, then run again"
                    failure.rerunMayFix = true
                }
                throw failure
            }
            await services.sleep(wait, for: .iamPropagation)
            wait = min(timings.propagationMaximum, wait * 2)
        }
        guard !refusals.isEmpty else { return "Spot can assume \(role)" }
        let distinct = Array(Set(refusals)).sorted().joined(separator: " | ")
        return "Spot can assume \(role) after \(refusals.count + 1) tries (IAM propagation; Spot answered \(distinct))"
    }

    private func attempt(_ role: String) async -> Result<Void, SpotError> {
        do throws(SpotError) {
            try await spot.setAWSCredentials(spotAccountID: spotAccountID, roleARN: role)
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}
