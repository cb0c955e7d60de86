import Foundation
import Onboarding
import Synchronization
import TestSupport
import Testing

/// Every wait of the workflow reaches its ``WorkflowWaitObserver`` with its cause and length
/// (on the manual clock: the lengths are the waits asked).
@Suite("Workflow waits are heard by cause")
struct WorkflowWaitTests {
    final class Recorder: WorkflowWaitObserver {
        private let heard = Mutex<[(cause: WorkflowWait, seconds: Double)]>([])
        var waits: [(cause: WorkflowWait, seconds: Double)] { heard.withLock { $0 } }
        func waited(_ cause: WorkflowWait, seconds: Double) { heard.withLock { $0.append((cause, seconds)) } }
    }

    @Test("The happy path: one look at the stack in progress, then IAM propagation before the handover")
    func happyPath() async throws {
        var harness = WorkflowHarness()
        let recorder = Recorder()
        harness.waitObserver = recorder
        let result = try await harness.run()
        #expect(result.status == .connected)
        #expect(recorder.waits.map(\.cause) == [.stack, .iamPropagation])
        #expect(recorder.waits.map(\.seconds) == [harness.timings.stackPollInitial, harness.timings.propagationFirstWait])
    }

    @Test("A stack in progress for several looks: each growing wait is a stack wait")
    func stackInProgress() async throws {
        var harness = WorkflowHarness()
        harness.world.update { $0.stackPolls = 4 }
        let recorder = Recorder()
        harness.waitObserver = recorder
        let result = try await harness.run()
        #expect(result.status == .connected)
        let stackWaits = recorder.waits.filter { $0.cause == .stack }.map(\.seconds)
        #expect(stackWaits == [2, 4, 8, 15])
        #expect(harness.clock.delays.reduce(0, +) == recorder.waits.map(\.seconds).reduce(0, +))
    }
}
