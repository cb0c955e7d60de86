import Foundation
import Onboarding
import Testing
import TestSupport

/// A cancelled task stops the workflow's waits (between stack checks, before handing a new role
/// to Spot) at once: on a clock that holds every sleeper until it is advanced, the run ends
/// although the clock never moves.
@Suite("Workflow cancellation")
struct WorkflowCancellationTests {
    @Test func aCancelledRunStopsWaitingAtOnce() async throws {
        let clock = ManualClock(holdingSleepers: true)
        let start = clock.now()
        let harness = WorkflowHarness(clock: clock)
        let services = harness.services()
        let run = Task { await AccountWorkflow(services: services).run(WorkflowHarness.row()) }
        await clock.waitForSleepers(1)
        run.cancel()
        _ = await run.value
        #expect(clock.now() == start)
        #expect(clock.sleeperCount == 0)
        #expect(!clock.delays.isEmpty)
    }
}
