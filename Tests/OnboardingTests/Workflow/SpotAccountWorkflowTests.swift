import AWSKit
import AccountList
import Onboarding
import SpotKit
import TestSupport
import Testing

@Suite("Workflow: the spot-account step and the credentials in force")
struct SpotAccountWorkflowTests {
    private static let payer = WorkflowHarness.payer
    private static let customerRole = "arn:aws:iam::123456789012:role/CustomerSpotRole"
    private static let existingExternalID = "spotinst:aws:extid:3b9d6e1f2a4c5e7f9011"

    /// A Spot account connected to the payer, holding a role onboard did not make.
    private static func connectedToCustomerRole() -> WorldState {
        var state = WorldState.happy(payer: payer)
        state.spotAccounts = [
            WorldSpotAccount(id: "act-1c2d3e4f", name: "Acme Corp", linkedAWSAccount: payer, iamRole: customerRole)
        ]
        return state
    }

    @Test func credentialsInForceAreKept() async throws {
        let harness = WorkflowHarness(Self.connectedToCustomerRole())
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountID == "act-1c2d3e4f")
        #expect(result.outputs.spotAccountSource == .found)
        #expect(result.outputs.credentialsAction == .keepExisting)
        #expect(result.outputs.spotRoleARN == Self.customerRole)
        #expect(result.outputs.externalID == nil)
        #expect(result.outputs.stackAction == .skipped)
        #expect(result.detail(.spotAccount).contains("kept the existing role ARN \(Self.customerRole)"))
        #expect(result.detail(.register).contains("kept the existing role ARN \(Self.customerRole)"))
        // Nothing that would replace the link in force.
        #expect(harness.transport.count(CloudOperation.createExternalID) == 0)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
        #expect(harness.transport.count(CloudOperation.createStack) == 0)
        #expect(harness.transport.count(CloudOperation.updateStack) == 0)
        #expect(harness.transport.count(CloudOperation.createAccount) == 0)
        // What was missing is still added.
        #expect(harness.transport.count(CloudOperation.validateCloudBilling) == 1)
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 1)
        #expect(harness.transport.count(CloudOperation.validateCostIntelligence) == 1)
        #expect(harness.transport.count(CloudOperation.setupCostIntelligence) == 1)
        #expect(result.outputs.registeredProducts == ["cloudBilling", "cbi"])
        #expect(harness.world.snapshot.spotAccount("act-1c2d3e4f")?.iamRole == Self.customerRole)
    }

    @Test func connectedAccountWhoseRoleSpotDoesNotShowIsKept() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [WorldSpotAccount(id: "act-1c2d3e4f", name: "Acme Corp", linkedAWSAccount: Self.payer)]
        let harness = WorkflowHarness(state)
        harness.transport.on(CloudOperation.getAWSCredentials) { _ in
            SpotWire.error(status: 404, code: "CREDENTIALS_NOT_FOUND", message: "no credentials for the account")
        }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.credentialsAction == .keepExisting)
        #expect(result.outputs.spotRoleARN == nil)
        #expect(result.detail(.spotAccount).contains("Spot does not show it"))
        #expect(harness.transport.count(CloudOperation.createExternalID) == 0)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
        #expect(!harness.transport.sentAny(of: CloudOperation.stackMutations))
    }

    @Test func replaceCredentialsDeploysAndHandsOverOnboardsRole() async throws {
        var harness = WorkflowHarness(Self.connectedToCustomerRole())
        harness.settings.replaceCredentials = true
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.credentialsAction == .replace)
        #expect(harness.transport.count(CloudOperation.createExternalID) == 1)
        let issued = try #require(harness.world.snapshot.spotAccount("act-1c2d3e4f")?.externalIDs.last)
        #expect(result.outputs.externalID == issued)
        let create = try #require(harness.transport.requests(CloudOperation.createStack).first)
        #expect(create.formStructures("Parameters", key: "ParameterKey", value: "ParameterValue").first { $0.key == "ExternalId" }?.value == issued)
        let handover = try #require(harness.transport.requests(CloudOperation.setAWSCredentials).first)
        #expect(handover.jsonString("credentials", "iamRole") == WorldFixtures.onboardRole())
        #expect(result.outputs.spotRoleARN == WorldFixtures.onboardRole())
        #expect(harness.world.snapshot.spotAccount("act-1c2d3e4f")?.iamRole == WorldFixtures.onboardRole())
        #expect(result.detail(.spotAccount).contains("--replace-credentials"))
    }

    @Test func onboardsOwnRoleInForceKeepsTheStacksExternalID() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [
            WorldSpotAccount(id: "act-1c2d3e4f", name: "Acme Corp", linkedAWSAccount: Self.payer, iamRole: WorldFixtures.onboardRole())
        ]
        state.payers[Self.payer]?.stack = WorldFixtures.onboardStack(spotAccount: "act-1c2d3e4f", externalID: Self.existingExternalID)
        let harness = WorkflowHarness(state)
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.credentialsAction == .keepOnboardRole)
        #expect(result.outputs.externalID == Self.existingExternalID)
        #expect(result.outputs.stackAction == .updated)
        #expect(harness.transport.count(CloudOperation.createExternalID) == 0)
        #expect(harness.transport.count(CloudOperation.createStack) == 0)
        let update = try #require(harness.transport.requests(CloudOperation.updateStack).first)
        #expect(update.formStructures("Parameters", key: "ParameterKey", value: "ParameterValue").first { $0.key == "ExternalId" }?.value == Self.existingExternalID)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
        // The role changed in this run: Spot is given time before the validations.
        #expect(harness.clock.delays.contains(harness.timings.propagationFirstWait))
    }

    @Test func rowsSpotAccountDiffersFromTheStacksTag() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [
            WorldSpotAccount(id: "act-0a1b2c3d", name: "Acme Corp"),
            WorldSpotAccount(id: "act-9f8e7d6c", name: "Acme Corp (old)"),
        ]
        state.payers[Self.payer]?.stack = WorldFixtures.onboardStack(spotAccount: "act-9f8e7d6c", externalID: Self.existingExternalID)
        let harness = WorkflowHarness(state)
        let result = try await harness.run(WorkflowHarness.row(spotAccountID: "act-0a1b2c3d"))

        #expect(result.error?.step == .spotAccount)
        #expect(result.error?.code == .spotAccountMismatch)
        #expect(result.error?.rerunMayFix == false)
        #expect(result.error?.message.contains("act-9f8e7d6c") == true)
        #expect(!harness.transport.sentAny(of: CloudOperation.spotMutations))
        #expect(!harness.transport.sentAny(of: CloudOperation.stackMutations))
    }

    @Test func stackOnboardDidNotMakeIsNeverTouched() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.payers[Self.payer]?.stack = WorldStack(
            accountID: Self.payer, status: .createComplete,
            outputs: [StackOutput(key: "SpotRoleArn", value: "arn:aws:iam::123456789012:role/PlatformSpotRole")],
            tags: [StackTag(key: "owner", value: "platform-team")])
        let harness = WorkflowHarness(state)
        let result = try await harness.run()

        #expect(result.error?.step == .spotAccount)
        #expect(result.error?.code == .stackNotManagedByOnboard)
        #expect(harness.transport.count(CloudOperation.createAccount) == 0)
        #expect(harness.transport.count(CloudOperation.createExternalID) == 0)
        #expect(harness.transport.count(CloudOperation.createStack) == 0)
        #expect(harness.transport.count(CloudOperation.updateStack) == 0)
        #expect(harness.transport.count(CloudOperation.deleteStack) == 0)
        #expect(harness.world.snapshot.spotAccounts.isEmpty)
    }

    @Test func spotAccountNamedByTheRowMustExist() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run(WorkflowHarness.row(spotAccountID: "act-0a1b2c3d"))

        #expect(result.error?.code == .spotAccountNotFound)
        #expect(!harness.transport.sentAny(of: CloudOperation.spotMutations))
    }

    @Test func spotAccountConnectedToAnotherPayerIsRefused() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [WorldSpotAccount(id: "act-0a1b2c3d", name: "Other", linkedAWSAccount: "210987654321", iamRole: "arn:aws:iam::210987654321:role/SpotRole")]
        let harness = WorkflowHarness(state)
        let result = try await harness.run(WorkflowHarness.row(spotAccountID: "act-0a1b2c3d"))

        #expect(result.error?.code == .spotAccountLinkedElsewhere)
        #expect(result.error?.message.contains("210987654321") == true)
        #expect(!harness.transport.sentAny(of: CloudOperation.spotMutations))
    }

    @Test func spotAccountOfAnEarlierStackIsReusedWithItsExternalID() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [WorldSpotAccount(id: "act-5e6f7a8b", name: "Acme Corp")]
        state.payers[Self.payer]?.stack = WorldFixtures.onboardStack(spotAccount: "act-5e6f7a8b", externalID: Self.existingExternalID)
        let harness = WorkflowHarness(state)
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountID == "act-5e6f7a8b")
        #expect(result.outputs.credentialsAction == .link)
        #expect(result.outputs.externalID == Self.existingExternalID)
        #expect(result.detail(.spotAccount).contains("kept the external id of onboard's stack"))
        #expect(harness.transport.count(CloudOperation.createAccount) == 0)
        #expect(harness.transport.count(CloudOperation.createExternalID) == 0)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 1)
        #expect(harness.world.snapshot.spotAccounts.count == 1)
    }
}
