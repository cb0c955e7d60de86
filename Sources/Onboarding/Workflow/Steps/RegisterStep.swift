import AWSKit
import AccountList
import Foundation
import SpotKit

/// `register`: hand Spot the role (unless the credentials in force are kept), then validate and
/// register billing and Cost Intelligence for cloud-analyzer, reading and acting on both
/// validations; for eco, what the partner gives Spot by hand (Spot has no public endpoint for it)
/// becomes a manual prerequisite. A registration Spot already lists is kept.
struct RegisterStep {
    let services: WorkflowServices

    /// What the step did, and whether a person should look (validation warnings, pending data).
    struct Outcome {
        var details: [String] = []
        var needsAttention = false
    }

    func run(_ context: inout AccountContext) async throws -> (String, Bool) {
        let spot = try services.spot(profile: context.account.spotProfile)
        guard let spotAccount = context.outputs.spotAccountID, let action = context.outputs.credentialsAction else {
            throw AccountFailure(step: .register, code: .missingOutputs, message: "no Spot account or credentials decision to register", rerunMayFix: true)
        }
        var outcome = Outcome()
        let roleChanged = context.outputs.stackAction?.changedRole == true
        let handover = RoleHandover(services: services, spot: spot, spotAccountID: spotAccount)
        switch action {
        case .link, .replace:
            guard let role = context.outputs.spotRoleARN else {
                throw AccountFailure(step: .register, code: .missingOutputs, message: "no role to hand to Spot", rerunMayFix: true)
            }
            let handing = WorkflowChange(
                step: .register, kind: action == .replace ? .update : .create, subject: "Spot's AWS credentials (role \(role))",
                call: "POST /setup/credentials/aws")
            let linked = try await context.gate.make(handing) { () async throws(AccountFailure) in
                try await handover.link(role, roleChanged: roleChanged)
            }
            outcome.details.append(linked ?? "would hand Spot the role \(role)")
        case .keepOnboardRole:
            if roleChanged && !context.isChecking { await handover.waitForPropagation() }
            outcome.details.append("Spot already holds onboard's role \(context.outputs.spotRoleARN ?? "")")
        case .keepExisting:
            outcome.details.append("kept the existing role ARN \(context.outputs.spotRoleARN ?? "(not shown by Spot)") in force")
        }
        var registered: [String] = []
        if context.account.products.contains(.cloudAnalyzer) {
            guard let report = context.outputs.costAndUsageReport else {
                throw AccountFailure(step: .register, code: .missingOutputs, message: "no CUR definition to register", rerunMayFix: true)
            }
            let registration = ProductRegistration(
                services: services, spot: spot, spotAccountID: spotAccount, profile: context.account.spotProfile,
                keptRole: action == .keepExisting ? (context.outputs.spotRoleARN ?? "the role in force") : nil,
                roleChanged: roleChanged, reportIsNew: context.outputs.costAndUsageReportAction == .created,
                gate: context.gate)
            let source = SpotBillingSource(bucket: report.s3Bucket, region: report.s3Region, pathPrefix: report.pathPrefix)
            try await registration.billing(source, into: &outcome)
            try await registration.costIntelligence(into: &outcome)
            registered = ["cloudBilling", "cbi"]
        }
        if context.account.products.contains(.eco), action != .keepExisting {
            context.manualPrerequisites.append(
                "Eco: Spot has no public API for it. Give Spot (Eco onboarding, or Spot support) the FinOps role ARN \(context.outputs.finOpsRoleARN ?? "-") and its external id \(context.outputs.externalID ?? "-") (the stack's ExternalId parameter)")
            outcome.details.append("eco: FinOps role \(context.outputs.finOpsRoleARN ?? "-") made; handing it to Spot is a manual prerequisite")
            outcome.needsAttention = true
        }
        context.outputs.registeredProducts = registered
        return (outcome.details.joined(separator: "; "), outcome.needsAttention)
    }
}
