import AWSKit
import AccountList
import Onboarding
import SpotKit
import TestSupport
import Testing

@Suite("Workflow: the register step (role handover, billing, Cost Intelligence, eco)")
struct RegisterWorkflowTests {
    private static let payer = WorkflowHarness.payer
    /// A code Spot might answer that the workflow has never seen.
    private static let unseenCode = "ROLE_VALIDATION_PENDING_Q7X"

    private static func refusal(_ code: String = unseenCode) -> ScriptedTransport.Reply {
        SpotWire.error(status: 400, code: code, message: "Could not assume the given role", field: "credentials.iamRole")
    }

    /// The payer with an adopted (not new) compliant report.
    private static func withAdoptedReport() -> WorldState {
        var state = WorldState.happy(payer: payer)
        state.payers[payer]?.reports = [WorldFixtures.compliantReport("finance-cur", bucket: "acme-billing-data", prefix: "billing")]
        state.buckets["acme-billing-data"] = WorldBucket(name: "acme-billing-data", owner: payer)
        return state
    }

    @Test func propagationIsRetriedOnACodeNeverSeenBefore() async throws {
        let harness = WorkflowHarness()
        harness.transport.enqueue(CloudOperation.setAWSCredentials, Self.refusal(), Self.refusal())
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 3)
        let detail = result.detail(.register)
        #expect(detail.contains(Self.unseenCode))
        #expect(detail.contains("after 3 tries"))
        let timings = harness.timings
        #expect(harness.clock.delays == [
            timings.stackPollInitial, timings.propagationFirstWait, timings.propagationInitial, timings.propagationInitial * 2,
        ])
        #expect(harness.world.snapshot.spotAccounts.first?.iamRole == WorldFixtures.onboardRole())
    }

    @Test func refusalFailsAtOnceWhenTheRoleDidNotChange() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [WorldSpotAccount(id: "act-5e6f7a8b", name: "Acme Corp")]
        state.payers[Self.payer]?.stack = WorldFixtures.onboardStack(
            spotAccount: "act-5e6f7a8b", externalID: "spotinst:aws:extid:3b9d6e1f2a4c5e7f9011")
        let harness = WorkflowHarness(state)
        harness.transport.enqueue(
            CloudOperation.updateStack, AWSWire.queryError(code: "ValidationError", message: "No updates are to be performed."))
        harness.transport.on(CloudOperation.setAWSCredentials) { _ in Self.refusal("INVALID_ROLE_TRUST_4K") }
        let result = try await harness.run()

        #expect(result.outputs.stackAction == .unchanged)
        #expect(result.error?.step == .register)
        #expect(result.error?.code == .service("INVALID_ROLE_TRUST_4K"))
        #expect(result.error?.rerunMayFix == false)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 1)
        #expect(!harness.clock.delays.contains(harness.timings.propagationFirstWait))
        #expect(harness.clock.delays.isEmpty)
    }

    @Test func propagationWindowExhaustedIsCredentialsRefused() async throws {
        let harness = WorkflowHarness()
        harness.transport.on(CloudOperation.setAWSCredentials) { _ in Self.refusal() }
        let result = try await harness.run()

        #expect(result.error?.step == .register)
        #expect(result.error?.code == .credentialsRefused)
        #expect(result.error?.rerunMayFix == true)
        #expect(result.error?.message.contains(Self.unseenCode) == true)
        let timings = harness.timings
        let attempts = harness.transport.count(CloudOperation.setAWSCredentials)
        #expect(attempts > 2)
        // After the first wait, the retries' waits stay within the window.
        let delays = harness.clock.delays
        let first = try #require(delays.firstIndex(of: timings.propagationFirstWait))
        let retries = delays[(first + 1)...]
        #expect(retries.count == attempts - 1)
        #expect(retries.reduce(0, +) <= timings.propagationTimeout)
        #expect(retries.allSatisfy { $0 <= timings.propagationMaximum })
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 0)
    }

    @Test func failedBillingValidationOfAnAdoptedReportFails() async throws {
        let harness = WorkflowHarness(Self.withAdoptedReport())
        harness.world.update {
            $0.billingValidation = [WorldFixtures.failedCheck("bucketAccess", "Access Denied reading s3://acme-billing-data/billing")]
        }
        let result = try await harness.run()

        #expect(result.error?.step == .register)
        #expect(result.error?.code == .billingValidationFailed)
        #expect(result.error?.message.contains("bucketAccess failed") == true)
        #expect(harness.transport.count(CloudOperation.validateCloudBilling) >= 1)
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 0)
        #expect(harness.transport.count(CloudOperation.setupCostIntelligence) == 0)
        #expect(harness.world.snapshot.billingRegistered.isEmpty)
    }

    @Test func billingValidationWarningConnectsWithAttention() async throws {
        let harness = WorkflowHarness(Self.withAdoptedReport())
        harness.world.update {
            $0.billingValidation = [
                SpotValidationCheck(id: "bucketAccess", status: .success),
                SpotValidationCheck(id: "curFiles", status: .warning, validationInfo: "no files delivered in the last 48 hours"),
            ]
        }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.step(.register)?.status == .attention)
        #expect(result.detail(.register).contains("curFiles warning"))
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 1)
    }

    @Test func newReportsFailedValidationIsPendingWhenSetupAccepts() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.billingValidation = [WorldFixtures.failedCheck("curExists", "no report under cur/spot-cur-hourly")] }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.costAndUsageReportAction == .created)
        #expect(result.step(.register)?.status == .attention)
        #expect(result.detail(.register).contains("pending its first delivery"))
        // A new report's failed checks are not waited out.
        #expect(harness.transport.count(CloudOperation.validateCloudBilling) == 1)
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 1)
        #expect(result.outputs.registeredProducts == ["cloudBilling", "cbi"])
    }

    @Test func newReportRefusedBySetupFailsForALaterRun() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.billingValidation = [WorldFixtures.failedCheck("curExists", "no report under cur/spot-cur-hourly")] }
        harness.transport.enqueue(
            CloudOperation.setupCloudBilling,
            SpotWire.error(status: 400, code: "BILLING_SOURCE_EMPTY", message: "no CUR files under the path prefix"))
        let result = try await harness.run()

        #expect(result.error?.code == .billingValidationFailed)
        #expect(result.error?.rerunMayFix == true)
        #expect(result.error?.message.contains("BILLING_SOURCE_EMPTY") == true)
    }

    @Test func failedCostIntelligenceValidationFails() async throws {
        let harness = WorkflowHarness()
        harness.world.update {
            $0.costIntelligenceValidation = [WorldFixtures.failedCheck("readOnlyPolicy", "ce:GetCostAndUsage is denied")]
        }
        let result = try await harness.run()

        #expect(result.error?.step == .register)
        #expect(result.error?.code == .costIntelligenceValidationFailed)
        #expect(result.error?.message.contains("readOnlyPolicy failed") == true)
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 1)
        #expect(harness.transport.count(CloudOperation.setupCostIntelligence) == 0)
    }

    @Test func registrationsSpotAlreadyListsAreKept() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [WorldSpotAccount(id: "act-5e6f7a8b", name: "Acme Corp")]
        state.billingRegistered = ["act-5e6f7a8b"]
        state.costIntelligenceRegistered = ["act-5e6f7a8b"]
        let harness = WorkflowHarness(state)
        let result = try await harness.run(WorkflowHarness.row(spotAccountID: "act-5e6f7a8b"))

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountSource == .given)
        #expect(result.outputs.registeredProducts == ["cloudBilling", "cbi"])
        #expect(result.detail(.register).contains("billing already registered: kept"))
        #expect(result.detail(.register).contains("Cost Intelligence already enabled: kept"))
        #expect(harness.transport.count(CloudOperation.validateCloudBilling) == 0)
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 0)
        #expect(harness.transport.count(CloudOperation.validateCostIntelligence) == 0)
        #expect(harness.transport.count(CloudOperation.setupCostIntelligence) == 0)
    }

    @Test func ecoIsAManualPrerequisiteNamingTheFinOpsRoleAndExternalID() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run(WorkflowHarness.row(products: [.cloudAnalyzer, .eco]))

        #expect(result.status == .connected)
        let finOpsRole = try #require(result.outputs.finOpsRoleARN)
        let externalID = try #require(result.outputs.externalID)
        #expect(finOpsRole == "arn:aws:iam::123456789012:role/SpotOnboardingFinOpsRole")
        let eco = result.manualPrerequisites.filter { $0.hasPrefix("Eco") }
        #expect(eco.count == 1)
        #expect(eco.first?.contains(finOpsRole) == true)
        #expect(eco.first?.contains(externalID) == true)
        #expect(result.outputs.registeredProducts == ["cloudBilling", "cbi"])
        #expect(result.outputs.registeredProducts?.contains("eco") == false)
        #expect(result.step(.register)?.status == .attention)
    }

    @Test func ecoWithCredentialsKeptDeploysNoFinOpsRole() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [
            WorldSpotAccount(id: "act-1c2d3e4f", name: "Acme Corp", linkedAWSAccount: Self.payer, iamRole: "arn:aws:iam::123456789012:role/CustomerSpotRole")
        ]
        let harness = WorkflowHarness(state)
        let result = try await harness.run(WorkflowHarness.row(products: [.cloudAnalyzer, .eco]))

        #expect(result.status == .connected)
        #expect(result.outputs.credentialsAction == .keepExisting)
        #expect(result.outputs.finOpsRoleARN == nil)
        let eco = result.manualPrerequisites.filter { $0.hasPrefix("Eco") }
        #expect(eco.count == 1)
        #expect(eco.first?.contains("arn:aws:iam::123456789012:role/CustomerSpotRole") == true)
        #expect(eco.first?.contains("--replace-credentials") == true)
        #expect(!harness.transport.sentAny(of: CloudOperation.stackMutations))
    }

    @Test func ecoAloneRegistersNoProduct() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run(WorkflowHarness.row(products: [.eco]))

        #expect(result.status == .connected)
        #expect(result.outputs.registeredProducts == [])
        #expect(result.manualPrerequisites.contains { $0.hasPrefix("Eco") && $0.contains("SpotOnboardingFinOpsRole") })
        #expect(harness.transport.count(CloudOperation.validateCloudBilling) == 0)
        #expect(harness.transport.count(CloudOperation.setupCostIntelligence) == 0)
    }
}
