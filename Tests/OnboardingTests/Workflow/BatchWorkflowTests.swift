import AWSKit
import AccountList
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: accounts of one batch sharing services")
struct BatchWorkflowTests {
    @Test func spotListingsAreReadOncePerRun() async throws {
        var state = WorldState.happy(payer: "123456789012")
        state.payers["345678901234"] = WorldPayer(accountID: "345678901234", organizationID: "o-f6e5d4c3b2")
        state.spotAccounts = [
            WorldSpotAccount(id: "act-1a2b3c4d", name: "Acme Corp"),
            WorldSpotAccount(id: "act-5e6f7a8b", name: "Globex"),
        ]
        let harness = WorkflowHarness(state)
        let services = harness.services()
        async let first = harness.run(
            WorkflowHarness.row("123456789012", organization: "Acme Corp", spotAccountID: "act-1a2b3c4d"), on: services)
        async let second = harness.run(
            WorkflowHarness.row("345678901234", organization: "Globex", spotAccountID: "act-5e6f7a8b"), on: services)
        let results = try await [first, second]

        #expect(results.map(\.status) == [.connected, .connected])
        #expect(results.map(\.outputs.spotAccountID) == ["act-1a2b3c4d", "act-5e6f7a8b"])
        let listings = harness.transport.requests(CloudOperation.listAccounts)
        #expect(listings.filter { $0.query["cloudAccountId"] == nil }.count == 1)
        // The per-payer lookups are separate, one per payer.
        #expect(listings.compactMap { $0.query["cloudAccountId"] }.sorted() == ["123456789012", "345678901234"])
        #expect(harness.transport.count(CloudOperation.listCloudBilling) == 1)
        #expect(harness.transport.count(CloudOperation.listCostIntelligence) == 1)
        #expect(harness.transport.count(CloudOperation.createAccount) == 0)
        let world = harness.world.snapshot
        #expect(world.spotAccount("act-1a2b3c4d")?.linkedAWSAccount == "123456789012")
        #expect(world.spotAccount("act-5e6f7a8b")?.linkedAWSAccount == "345678901234")
    }
}
