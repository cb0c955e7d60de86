import AWSKit
import AccountList
import Foundation
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: the stack step")
struct StackWorkflowTests {
    private static let payer = WorkflowHarness.payer
    private static let externalID = "spotinst:aws:extid:3b9d6e1f2a4c5e7f9011"
    private static let cause =
        "API: iam:CreateRole User: arn:aws:sts::123456789012:assumed-role/OnboardAccess/onboard-123456789012 is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::123456789012:role/SpotOnboardingRole"

    /// The payer with onboard's stack in `status`, made for an existing, unconnected Spot account.
    private static func withStack(_ status: StackStatus, change: (inout WorldStack) -> Void = { _ in }) -> WorldState {
        var state = WorldState.happy(payer: payer)
        state.spotAccounts = [WorldSpotAccount(id: "act-5e6f7a8b", name: "Acme Corp")]
        var stack = WorldFixtures.onboardStack(spotAccount: "act-5e6f7a8b", externalID: externalID, status: status)
        change(&stack)
        state.payers[payer]?.stack = stack
        return state
    }

    @Test func rollbackReportsTheEarliestFailureOfTheOperation() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.stackOutcome = .rollback(cause: Self.cause) }
        let result = try await harness.run()

        #expect(result.error?.step == .stack)
        #expect(result.error?.code == .stackRolledBack)
        #expect(result.error?.rerunMayFix == true)
        let message = result.error?.message ?? ""
        #expect(message.contains("ROLLBACK_COMPLETE"))
        #expect(message.contains("SpotRole CREATE_FAILED: \(Self.cause)"))
        #expect(!message.contains("Resource creation cancelled"))
        #expect(harness.transport.count(CloudOperation.describeStackEvents) == 1)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
        // The world lists events newest first, the cancellation newer than the cause.
        let events = try #require(harness.world.snapshot.payers[Self.payer]?.stack?.events)
        let cancelled = try #require(events.firstIndex { $0.statusReason == "Resource creation cancelled" })
        let failed = try #require(events.firstIndex { $0.statusReason == Self.cause })
        #expect(failed < cancelled)
    }

    @Test func rolledBackStackIsDeletedAndRecreated() async throws {
        let harness = WorkflowHarness(Self.withStack(.rollbackComplete))
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.stackAction == .recreated)
        #expect(result.outputs.spotAccountID == "act-5e6f7a8b")
        let operations = harness.transport.operations
        let delete = try #require(operations.firstIndex(of: CloudOperation.deleteStack))
        let create = try #require(operations.firstIndex(of: CloudOperation.createStack))
        #expect(delete < create)
        #expect(harness.transport.count(CloudOperation.deleteStack) == 1)
        #expect(harness.transport.count(CloudOperation.updateStack) == 0)
        #expect(harness.transport.count(CloudOperation.createAccount) == 0)
        #expect(harness.world.snapshot.payers[Self.payer]?.stack?.status == .createComplete)
    }

    @Test func failedRollbackNeedsAPerson() async throws {
        let harness = WorkflowHarness(Self.withStack(.rollbackFailed) { stack in
            stack.record(
                [
                    (stack.name, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
                    ("SpotRole", "AWS::IAM::Role", "CREATE_FAILED", "Role with name SpotOnboardingRole already exists."),
                    (stack.name, "AWS::CloudFormation::Stack", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [SpotRole]."),
                    ("SpotRole", "AWS::IAM::Role", "DELETE_FAILED", "Cannot delete entity, must detach all policies first."),
                    (stack.name, "AWS::CloudFormation::Stack", "ROLLBACK_FAILED", nil),
                ], token: "onboard-create-0f6a3c2e", now: stack.creationTime)
        })
        let result = try await harness.run()

        #expect(result.error?.step == .stack)
        #expect(result.error?.code == .stackNeedsPerson)
        #expect(result.error?.rerunMayFix == false)
        #expect(result.error?.message.contains("ROLLBACK_FAILED") == true)
        #expect(result.error?.message.contains("already exists") == true)
        #expect(!harness.transport.sentAny(of: CloudOperation.stackMutations))
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
    }

    @Test func failedDeletionNeedsAPerson() async throws {
        let harness = WorkflowHarness(Self.withStack(.deleteFailed))
        let result = try await harness.run()

        #expect(result.error?.code == .stackNeedsPerson)
        #expect(!harness.transport.sentAny(of: CloudOperation.stackMutations))
    }

    @Test func stackInProgressIsWaitedFor() async throws {
        let harness = WorkflowHarness(Self.withStack(.createInProgress) { stack in
            stack.next = .createComplete
            stack.pollsBeforeNext = 4
            stack.outputs = [StackOutput(key: "SpotRoleArn", value: WorldFixtures.onboardRole())]
        })
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.stackAction == .updated)
        let operations = harness.transport.operations
        let update = try #require(operations.firstIndex(of: CloudOperation.updateStack))
        // spot-account looked once, stack once, then it was waited for with growing waits until it completed.
        #expect(operations[..<update].filter { $0 == CloudOperation.describeStacks }.count == 5)
        #expect(harness.clock.delays.prefix(2) == [harness.timings.stackPollInitial, harness.timings.stackPollInitial * 2])
    }

    @Test func stackStuckInProgressTimesOut() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.stackOutcome = .staysInProgress }
        let result = try await harness.run()

        #expect(result.error?.step == .stack)
        #expect(result.error?.code == .stackTimeout)
        #expect(result.error?.rerunMayFix == true)
        #expect(harness.clock.delays.reduce(0, +) >= harness.timings.stackTimeout)
        #expect(harness.clock.delays.allSatisfy { $0 <= harness.timings.stackPollMaximum })
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
    }

    @Test func stackWithoutRoleOutputFails() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.stackOutcome = .completeWithoutOutputs }
        let result = try await harness.run()

        #expect(result.error?.code == .missingOutput)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
    }
}
