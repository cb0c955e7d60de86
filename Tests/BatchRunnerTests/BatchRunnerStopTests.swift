import AWSKit
import AccountList
import BatchRunner
import Foundation
import HTTPCore
import Onboarding
import Synchronization
import TestSupport
import Testing

/// How a batch stops: a signal before it starts, an admission gate that closes, and a stop while
/// an account hangs mid-step.
@Suite("BatchRunner: stopping")
struct BatchRunnerStopTests {
    /// The steps before `stack`, in order.
    private static let stepsBeforeStack: [WorkflowStep] = [.input, .partition, .login, .billingAccess, .costAndUsageReport, .spotAccount]
    /// The id the world gives the first Spot account it makes.
    private static let firstMade = "act-5e1f0a01"

    private static func configuration(concurrency: Int = 4, stopGrace: Double = 30, gate: (any AdmissionGate)? = nil)
        -> BatchRunner.Configuration
    {
        var configuration = BatchRunner.Configuration(concurrency: concurrency, gate: gate)
        configuration.stopGrace = stopGrace
        return configuration
    }

    // MARK: - A stop before the run

    @Test("a stop before run starts no account: every one not-started, the signal the reason")
    func stopBeforeRunStartsNone() async {
        let batch = BatchWorld()
        let runner = batch.runner(Self.configuration(stopGrace: 0.01))
        runner.stop(signal: 2)
        let outcome = await runner.run(batch.rows())

        #expect(outcome.stopReason == .signal(2))
        #expect(outcome.unfinished.map(\.accountID) == BatchWorld.payers)
        #expect(outcome.finishedCount == 0)
        #expect(outcome.unfinished.allSatisfy { $0.status == .notStarted })
        #expect(outcome.unfinished.allSatisfy { $0.manualPrerequisites == [BatchOutcome.StopReason.signal(2).sentence] })
        #expect(outcome.unfinished.allSatisfy { $0.steps.isEmpty })
        #expect(outcome.interrupted.isEmpty)
        #expect(batch.events.events.isEmpty)
        #expect(batch.world.transport.requests.isEmpty)
    }

    @Test("a stop before run of an empty batch completes it too")
    func stopBeforeRunOfAnEmptyBatch() async {
        let batch = BatchWorld()
        let runner = batch.runner(Self.configuration(stopGrace: 0.01))
        runner.stop(signal: 15)
        let outcome = await runner.run([])

        #expect(outcome.unfinished.isEmpty)
        #expect(outcome.finishedCount == 0)
        #expect(outcome.stopReason == .signal(15))
    }

    @Test("two stops before run, and one after it ended, change nothing")
    func repeatedStops() async {
        let batch = BatchWorld()
        let runner = batch.runner(Self.configuration(stopGrace: 0.01))
        runner.stop(signal: 2)
        runner.stop(signal: 15)
        let outcome = await runner.run(batch.rows())
        runner.stop(signal: 2)

        // The first signal is the reason.
        #expect(outcome.stopReason == .signal(2))
        #expect(outcome.unfinished.count == BatchWorld.payers.count)
        #expect(outcome.unfinished.allSatisfy { $0.status == .notStarted })
    }

    // MARK: - An admission gate

    @Test("a gate that closes after two accounts: the rest are not started, with its reason", arguments: [1, 4])
    func gateStopsAdmission(concurrency: Int) async {
        let batch = BatchWorld()
        let reason = BatchOutcome.StopReason.serviceFailing(service: "cloudformation", detail: "9 of 10 attempts failed")
        let gate = CountingGate(admitting: 2, then: reason)
        let outcome = await batch.runner(Self.configuration(concurrency: concurrency, gate: gate)).run(batch.rows())

        #expect(outcome.stopReason == reason)
        // The finished accounts went to the events, once each; the outcome holds the others.
        #expect(outcome.finishedCount == 2)
        #expect(batch.events.finished.map(\.accountID).sorted() == Array(BatchWorld.payers.prefix(2)).sorted())
        #expect(batch.events.finished.allSatisfy { $0.status == .connected })
        #expect(outcome.unfinished.map(\.accountID) == Array(BatchWorld.payers.dropFirst(2)))
        #expect(outcome.unfinished.map(\.status) == [.notStarted, .notStarted])
        for result in outcome.unfinished {
            #expect(result.manualPrerequisites == [reason.sentence])
            #expect(result.steps.isEmpty)
        }
        #expect(outcome.interrupted.isEmpty)
        #expect(batch.events.started == Array(BatchWorld.payers.prefix(2)))
        // Nothing of the unstarted payers was called.
        let payersLoggedIn = batch.world.transport.requests(CloudOperation.assumeRole).compactMap { $0.formFields["RoleArn"] }
        #expect(payersLoggedIn.allSatisfy { !$0.contains(BatchWorld.payers[2]) && !$0.contains(BatchWorld.payers[3]) })
    }

    @Test("a gate closed from the start starts nothing")
    func closedGateStartsNothing() async {
        let batch = BatchWorld()
        let health = ServiceHealth(clock: batch.clock)
        health.spotObserver(profile: "default").attemptEnded(CallAttempt(service: "spot", operation: "ListAccounts", outcome: .unauthorized))
        let outcome = await batch.runner(Self.configuration(gate: health)).run(batch.rows())

        guard case .credentialsRejected(let service, _)? = outcome.stopReason else {
            Issue.record("expected credentialsRejected, got \(String(describing: outcome.stopReason))")
            return
        }
        #expect(service == "Spot")
        #expect(outcome.unfinished.count == BatchWorld.payers.count)
        #expect(outcome.unfinished.allSatisfy { $0.status == .notStarted })
        #expect(outcome.unfinished.allSatisfy { $0.manualPrerequisites == [outcome.stopReason?.sentence ?? ""] })
        #expect(batch.events.started.isEmpty)
        #expect(batch.world.transport.requests.isEmpty)
    }

    // MARK: - A stop while an account hangs

    @Test("a stop while an account hangs mid-step: after the grace it ends interrupted with what it completed, its call cancelled")
    func stopWhileAnAccountHangs() async throws {
        let batch = BatchWorld(holding: [CloudOperation.createStack])
        let runner = batch.runner(Self.configuration(concurrency: 1, stopGrace: 0.02))
        let rows = batch.rows()
        async let ran = runner.run(rows)
        await batch.transport.waitUntilHeld()
        runner.stop(signal: 15)
        let outcome = await ran
        // The grace let the account go and cancelled its task: the hanging call ended then
        // (cancellation handlers run as the task is cancelled, before the batch completes).
        #expect(batch.transport.cancelledCount == 1)
        batch.transport.release()

        let first = BatchWorld.payers[0]
        #expect(outcome.stopReason == .signal(15))
        #expect(outcome.interrupted == [first])
        #expect(outcome.unfinished.map(\.accountID) == BatchWorld.payers)
        #expect(outcome.finishedCount == 0)
        let interrupted = try #require(outcome.unfinished.first)
        #expect(interrupted.status == .interrupted)
        #expect(interrupted.steps.map(\.step) == Self.stepsBeforeStack)
        #expect(interrupted.steps.allSatisfy { $0.status == .succeeded })
        #expect(interrupted.outputs.spotAccountID == Self.firstMade)
        #expect(interrupted.outputs.externalID != nil)
        #expect(interrupted.error == nil)
        for result in outcome.unfinished.dropFirst() {
            #expect(result.status == .notStarted)
            #expect(result.manualPrerequisites == [BatchOutcome.StopReason.signal(15).sentence])
        }
        #expect(batch.events.started == [first])
        #expect(batch.events.events.contains(.outputs(first, spotAccountID: Self.firstMade)))
    }

    @Test("a stop while an account hangs: when the call ends within the grace, it stops at the next safe point")
    func stopReachesTheNextSafePoint() async throws {
        let batch = BatchWorld(holding: [CloudOperation.createStack])
        let runner = batch.runner(Self.configuration(concurrency: 1, stopGrace: 600))
        async let ran = runner.run(batch.rows())
        await batch.transport.waitUntilHeld()
        runner.stop(signal: 2)
        batch.transport.release()
        let outcome = await ran

        let first = BatchWorld.payers[0]
        #expect(outcome.interrupted == [first])
        let interrupted = try #require(outcome.unfinished.first)
        #expect(interrupted.status == .interrupted)
        // The step under way completed; the next did not start.
        #expect(interrupted.steps.map(\.step) == Self.stepsBeforeStack + [.stack])
        #expect(interrupted.outputs.spotAccountID == Self.firstMade)
        #expect(interrupted.outputs.spotRoleARN != nil)
        #expect(batch.world.transport.count(CloudOperation.setAWSCredentials) == 0)
        #expect(batch.events.events.contains(.interrupted(first)))
        #expect(!batch.events.events.contains { if case .finished = $0 { true } else { false } })
        #expect(outcome.unfinished.map(\.accountID) == BatchWorld.payers)
        #expect(outcome.unfinished.dropFirst().allSatisfy { $0.status == .notStarted })
    }
}

/// Admits `admitting` accounts, then gives `reason` whenever asked.
private final class CountingGate: AdmissionGate {
    private let asked = Mutex(0)
    private let admitting: Int
    private let reason: BatchOutcome.StopReason

    init(admitting: Int, then reason: BatchOutcome.StopReason) {
        self.admitting = admitting
        self.reason = reason
    }

    func stopReason() -> BatchOutcome.StopReason? {
        asked.withLock { count in
            count += 1
            return count > admitting ? reason : nil
        }
    }
}
