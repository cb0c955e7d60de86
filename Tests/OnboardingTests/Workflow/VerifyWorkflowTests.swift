import AWSKit
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: the verify step")
struct VerifyWorkflowTests {
    @Test func accountSpotDoesNotListAsConnectedIsNotLinked() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.setCredentialsLinks = false }
        let result = try await harness.run()

        #expect(result.error?.step == .verify)
        #expect(result.error?.code == .notLinked)
        #expect(result.error?.rerunMayFix == true)
        #expect(result.outputs.connectedAt == nil)
        let lookups = harness.transport.requests(CloudOperation.listAccounts).filter { $0.query["cloudAccountId"] != nil }
        #expect(lookups.last?.query["cloudAccountId"] == WorkflowHarness.payer)
    }
}
