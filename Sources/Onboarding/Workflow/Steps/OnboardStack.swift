import AWSKit
import Foundation

/// The payer's stack of onboard's stack name, as `spot-account` and `stack` read it: whether
/// onboard made it (its `managed-by` tag), the Spot account it was made for, its external id.
struct OnboardStack: Sendable {
    /// The tag onboard puts on its stacks, and its value.
    static let managedByTag = StackTag(key: "managed-by", value: "onboard")
    /// The stack tag naming the Spot account the roles are for (so a later run reuses it).
    static let spotAccountTag = "spot-account"

    let stack: Stack

    /// Whether onboard made the stack (it carries the `managed-by: onboard` tag).
    var isOnboards: Bool { stack.tags.contains(Self.managedByTag) }

    /// The Spot account an onboard stack was made for; nil for another's stack.
    var taggedSpotAccount: String? {
        guard isOnboards, let value = stack.tags.first(where: { $0.key == Self.spotAccountTag })?.value, !value.isEmpty
        else { return nil }
        return value
    }

    /// The external id in the roles' trust policies (the `ExternalId` parameter) of an onboard
    /// stack; a rolled-back one keeps it too (it was issued for this stack and never replaced),
    /// so recreating the stack issues no new one.
    var externalID: String? {
        guard isOnboards, stack.status.disposition != .deleted,
            let value = stack.parameter(StackTemplate.externalIDParameter), !value.isEmpty
        else { return nil }
        return value
    }

    /// The payer's stack of the configured name, if there is one (deleted stacks are none).
    static func read(
        services: WorkflowServices, context: AccountContext, at step: WorkflowStep
    ) async throws(AccountFailure) -> OnboardStack? {
        let cloudFormation = CloudFormationClient(
            client: services.payerClient, endpoint: services.endpoint(.cloudFormation, context.partition))
        do {
            let stack = try await cloudFormation.describeStack(name: services.settings.stackName, credentials: try context.credentials())
            guard let stack, stack.status.disposition != .deleted else { return nil }
            return OnboardStack(stack: stack)
        } catch {
            throw AccountFailure.from(error, at: step)
        }
    }
}
