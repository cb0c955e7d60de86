import AWSKit
import AccountList
import Foundation
import Onboarding
import TestSupport
import Testing

/// The offboarding decisions in the scripted world: what is deleted, what is kept and why.
/// Each test onboards the payer first (``AccountWorkflow`` in the same world), takes the
/// history from that result as `onboard offboard` does from the reports, then offboards.
@Suite("Workflow: offboarding")
struct OffboardingWorkflowTests {
    private static let payer = WorkflowHarness.payer
    /// Every call that changes something in AWS or at Spot.
    private static let mutations: Set<String> = CloudOperation.spotMutations.union(CloudOperation.stackMutations).union([
        CloudOperation.putReportDefinition, CloudOperation.modifyReportDefinition, CloudOperation.deleteReportDefinition,
        CloudOperation.createBucket, CloudOperation.putBucketPolicy, CloudOperation.deleteBucketPolicy,
    ])

    /// The payer onboarded in `harness`'s world; returns the history its result makes.
    private static func onboarded(_ harness: WorkflowHarness, source: SpotAccountSource? = nil, action: CostAndUsageReportAction? = nil) async throws -> OnboardingHistory {
        let result = try await harness.run()
        try #require(result.status == .connected, "\(result.error.map(String.init(describing:)) ?? "")")
        var outputs = result.outputs
        if let source { outputs.spotAccountSource = source }
        if let action { outputs.costAndUsageReportAction = action }
        var history = OnboardingHistory()
        history.add(outputs, runID: "run-20261201-100000")
        harness.transport.clearRequests()
        return history
    }

    private static func offboard(
        _ harness: WorkflowHarness, _ history: OnboardingHistory, mode: OffboardingMode, deleteDefinition: Bool = false
    ) async throws -> AccountResult {
        let workflow = OffboardingWorkflow(
            services: harness.services(), settings: OffboardingSettings(mode: mode, deletesReportDefinition: deleteDefinition),
            histories: [payer: history])
        return try #require(await workflow.run(WorkflowHarness.row()))
    }

    private static func detail(_ result: AccountResult, _ step: WorkflowStep) -> String {
        result.steps.first { $0.step == step }?.detail ?? ""
    }

    @Test func aDryRunMakesNoChangeAndSaysWhatApplyWouldDelete() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness)
        let before = harness.world.snapshot
        let result = try await Self.offboard(harness, history, mode: .dryRun, deleteDefinition: true)

        #expect(result.status == .dryRun)
        #expect(result.steps.map(\.step) == WorkflowStep.offboarding)
        #expect(!harness.transport.sentAny(of: Self.mutations), "\(harness.transport.operations)")
        let after = harness.world.snapshot
        #expect(after.spotAccounts == before.spotAccounts)
        #expect(after.payers[Self.payer]?.stack?.id == before.payers[Self.payer]?.stack?.id)
        #expect(after.payers[Self.payer]?.stack?.status == before.payers[Self.payer]?.stack?.status)
        #expect(after.payers[Self.payer]?.reports == before.payers[Self.payer]?.reports)
        #expect(Set(after.buckets.keys) == Set(before.buckets.keys))
        let spotAccount = try #require(history.createdSpotAccounts.keys.first)
        #expect(Self.detail(result, .deregister).contains("would delete Spot account \(spotAccount)"))
        #expect(Self.detail(result, .deleteStack).contains("would delete onboard's stack spot-onboarding"))
        #expect(Self.detail(result, .deleteCostAndUsageReport).contains("would delete report definition spot-cur-hourly"))
        #expect(result.outputs.offboarding?.spotAccount == .wouldDelete)
        #expect(result.outputs.offboarding?.stack == .wouldDelete)
        #expect(result.outputs.offboarding?.costAndUsageReportDefinition == .wouldDelete)
        #expect(result.outputs.offboarding?.fromRuns == ["run-20261201-100000"])
    }

    @Test func applyDeletesWhatOnboardMadeKeepsTheBucketAndAgainDoesNothing() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness)
        let bucketsBefore = Set(harness.world.snapshot.buckets.keys)
        let result = try await Self.offboard(harness, history, mode: .apply, deleteDefinition: true)

        #expect(result.status == .offboarded, "\(result.error.map(String.init(describing:)) ?? "")")
        let world = harness.world.snapshot
        #expect(world.spotAccounts.isEmpty)
        #expect(world.payers[Self.payer]?.stack == nil)
        #expect(world.payers[Self.payer]?.reports.isEmpty == true)
        #expect(Set(world.buckets.keys) == bucketsBefore)
        #expect(!bucketsBefore.isEmpty)
        #expect(harness.transport.count(CloudOperation.deleteAccount) == 1)
        #expect(harness.transport.count(CloudOperation.deleteStack) == 1)
        #expect(harness.transport.count(CloudOperation.deleteReportDefinition) == 1)
        #expect(Self.detail(result, .deleteCostAndUsageReport).contains("kept bucket spot-cur-\(Self.payer)"))

        harness.transport.clearRequests()
        let again = try await Self.offboard(harness, history, mode: .apply, deleteDefinition: true)
        #expect(again.status == .offboarded)
        #expect(!harness.transport.sentAny(of: Self.mutations), "\(harness.transport.operations)")
        #expect(again.outputs.offboarding?.spotAccount == .absent)
        #expect(again.outputs.offboarding?.stack == .absent)
        #expect(again.outputs.offboarding?.costAndUsageReportDefinition == .absent)
    }

    @Test func aSpotAccountOnboardFoundIsKeptAndLeftToAPersonWithInstructions() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness, source: .found)
        let result = try await Self.offboard(harness, history, mode: .apply)

        #expect(result.status == .offboarded)
        #expect(harness.transport.count(CloudOperation.deleteAccount) == 0)
        #expect(harness.world.snapshot.spotAccounts.count == 1)
        #expect(result.steps.first { $0.step == .deregister }?.status == .attention)
        #expect(result.outputs.offboarding?.spotAccount == .needsPerson)
        let instructions = result.manualPrerequisites.joined()
        #expect(instructions.contains("Spot support"))
        #expect(instructions.contains(Self.payer))
        // Its stack is still onboard's (the managed-by tag): deleted, which ends Spot's access.
        #expect(harness.world.snapshot.payers[Self.payer]?.stack == nil)
    }

    @Test func anAdoptedReportIsNeverDeletedEvenWhenAsked() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness, action: .adopted)
        let result = try await Self.offboard(harness, history, mode: .apply, deleteDefinition: true)

        #expect(harness.transport.count(CloudOperation.deleteReportDefinition) == 0)
        #expect(harness.world.snapshot.payers[Self.payer]?.reports.count == 1)
        #expect(result.outputs.offboarding?.costAndUsageReportDefinition == .kept)
        #expect(Self.detail(result, .deleteCostAndUsageReport).contains("onboard adopted it"))
    }

    @Test func withoutTheOptionTheCreatedReportIsKeptAndNotEvenRead() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness)
        let result = try await Self.offboard(harness, history, mode: .apply)

        #expect(harness.transport.count(CloudOperation.describeReportDefinitions) == 0)
        #expect(harness.world.snapshot.payers[Self.payer]?.reports.count == 1)
        #expect(Self.detail(result, .deleteCostAndUsageReport).contains("pass --delete-cur-definition"))
    }

    @Test func aReportChangedSinceOnboardCreatedItIsKeptForAPerson() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness)
        harness.world.update { $0.payers[Self.payer]?.reports[0].s3Prefix = "someone-else" }
        let result = try await Self.offboard(harness, history, mode: .apply, deleteDefinition: true)

        #expect(harness.transport.count(CloudOperation.deleteReportDefinition) == 0)
        #expect(result.steps.first { $0.step == .deleteCostAndUsageReport }?.status == .attention)
        #expect(Self.detail(result, .deleteCostAndUsageReport).contains("its prefix is someone-else"))
    }

    @Test func aStackWithoutOnboardsTagIsKept() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness)
        harness.world.update { $0.payers[Self.payer]?.stack?.tags = [] }
        let result = try await Self.offboard(harness, history, mode: .apply)

        #expect(harness.transport.count(CloudOperation.deleteStack) == 0)
        #expect(harness.world.snapshot.payers[Self.payer]?.stack != nil)
        #expect(result.outputs.offboarding?.stack == .kept)
        #expect(Self.detail(result, .deleteStack).contains("no managed-by: onboard tag"))
    }

    @Test func aCreatedSpotAccountNowLinkedToAnotherAWSAccountIsNotDeleted() async throws {
        let harness = WorkflowHarness()
        let history = try await Self.onboarded(harness)
        let id = try #require(history.createdSpotAccounts.keys.first)
        harness.world.update { $0.updateSpotAccount(id) { $0.linkedAWSAccount = "999999999999" } }
        let result = try await Self.offboard(harness, history, mode: .apply)

        #expect(result.status == .failed)
        #expect(result.error?.code == .spotAccountLinkedElsewhere)
        #expect(harness.transport.count(CloudOperation.deleteAccount) == 0)
        #expect(harness.transport.count(CloudOperation.deleteStack) == 0)
    }

    @Test func noRecordMeansOnlyAStackWithOnboardsTagIsDeleted() async throws {
        let harness = WorkflowHarness()
        _ = try await Self.onboarded(harness)
        let result = try await Self.offboard(harness, OnboardingHistory(), mode: .apply, deleteDefinition: true)

        #expect(result.status == .offboarded)
        #expect(harness.transport.count(CloudOperation.deleteAccount) == 0)
        #expect(harness.transport.count(CloudOperation.deleteReportDefinition) == 0)
        #expect(harness.world.snapshot.spotAccounts.count == 1)
        #expect(harness.world.snapshot.payers[Self.payer]?.reports.count == 1)
        #expect(harness.world.snapshot.payers[Self.payer]?.stack == nil)
        #expect(result.outputs.offboarding?.spotAccount == .kept)
    }

    @Test func whatOnboardCreatedStaysCreatedWhenALaterRunFindsOrAdoptsIt() {
        var first = AccountOutputs()
        first.spotAccountID = "act-00000001"
        first.spotAccountSource = .created
        first.costAndUsageReport = ReportDefinition(
            reportName: "spot-cur-hourly", timeUnit: .hourly, format: .parquet, compression: .parquet,
            additionalSchemaElements: [.resources], s3Bucket: "b", s3Prefix: "cur", s3Region: "us-east-1")
        first.costAndUsageReportAction = .created
        first.stackName = "spot-onboarding"
        var second = first
        second.spotAccountSource = .found
        second.costAndUsageReportAction = .adopted
        var history = OnboardingHistory()
        history.add(first, runID: "run-20261201-100000")
        history.add(second, runID: "run-20261201-110000")

        #expect(history.createdSpotAccounts == ["act-00000001": "run-20261201-100000"])
        #expect(history.otherSpotAccounts.isEmpty)
        #expect(Set(history.createdReportDefinitions.keys) == ["spot-cur-hourly"])
        #expect(history.adoptedReportDefinitions.isEmpty)
        #expect(history.stackNames == ["spot-onboarding"])
        #expect(history.runIDs == ["run-20261201-100000", "run-20261201-110000"])
    }
}
