import AWSKit
import AccountList
import Foundation
import HTTPCore
import SpotKit

/// `verify`: read the registration back: Spot lists the account as connected to the payer.
/// Billing data follows within 48 hours (`onboard status` reads when it is ready).
struct VerifyStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        let accountID = context.account.accountID
        do {
            let spot = try services.spot(profile: context.account.spotProfile)
            let linked = try await spot.accounts(cloudAccountID: accountID)
            let isLinked = context.outputs.spotAccountID.map { id in linked.contains { $0.id == id } } ?? false
            if context.isChecking {
                // Nothing connects in a check: the account reads linked, or a run would link it.
                if isLinked { return "Spot lists \(context.outputs.spotAccountID ?? "") as connected to \(accountID)" }
                if !context.gate.recorded.isEmpty { return "a run would read back that Spot lists the Spot account as connected" }
            }
            guard isLinked else {
                throw AccountFailure(
                    step: .verify, code: .notLinked,
                    message: "Spot does not list \(context.outputs.spotAccountID ?? "the Spot account") as connected to \(accountID)",
                    rerunMayFix: true)
            }
        } catch {
            throw AccountFailure.from(error, at: .verify)
        }
        let now = services.clock.now()
        context.outputs.connectedAt = now
        context.outputs.dataExpectedBy = now.addingTimeInterval(services.timings.dataExpectedAfter)
        if context.outputs.registeredProducts?.contains("cloudBilling") == true {
            context.outputs.dataStatus = .pending
            context.outputs.dataStatusCheckedAt = now
        }
        return "Spot lists \(context.outputs.spotAccountID ?? "") as connected to \(accountID)"
            + (context.outputs.dataStatus == .pending ? "; data processing pending (up to 48 h)" : "")
    }
}
