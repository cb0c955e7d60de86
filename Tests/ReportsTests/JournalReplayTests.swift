import Foundation
import Onboarding
import Testing

@testable import Reports

@Suite("Journal replay")
struct JournalReplayTests {
    private func stepEvent(
        _ accountID: String, _ step: WorkflowStep, _ status: StepRecord.Status = .succeeded, stack: String? = nil
    ) -> JournalEvent {
        var outputs = AccountOutputs()
        outputs.externalID = "external-\(accountID)"
        outputs.stackName = stack
        return JournalEvent(
            kind: .stepFinished, time: ReportFixtures.start, accountID: accountID,
            record: StepRecord(step: step, status: status, started: ReportFixtures.start, duration: 1, detail: "\(step.rawValue) \(status.rawValue)"),
            outputs: outputs)
    }

    private func finished(_ result: AccountResult) -> JournalEvent {
        JournalEvent(kind: .accountFinished, time: ReportFixtures.start, accountID: result.accountID, result: result)
    }

    /// A run killed while C was at its fourth step: A connected, B failed, D never started.
    private var killedRun: [JournalEvent] {
        var events = [JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "payers.csv")]
        events += WorkflowStep.onboarding.map { stepEvent("111111111111", $0) }
        events.append(finished(ReportFixtures.connected()))
        events += [.input, .partition, .login, .billingAccess].map { stepEvent("222222222222", $0) }
        events.append(stepEvent("222222222222", .costAndUsageReport, .failed))
        events.append(finished(ReportFixtures.failed()))
        events += [.input, .partition, .login].map { stepEvent("444444444444", $0) }
        events.append(stepEvent("444444444444", .billingAccess, .attention, stack: "latest-outputs"))
        events.append(stepEvent("444444444444", .costAndUsageReport, .failed))
        events.append(finished(ReportFixtures.notStarted()))
        return events
    }

    @Test func finishedAccountsAreKeptAndInterruptedOnesContinueAfterTheirLastCompletedStep() throws {
        let replay = JournalReplay(events: killedRun)
        #expect(replay.accountIDs == ["111111111111", "222222222222", "444444444444", "333333333333"])
        #expect(replay.finished.keys.sorted() == ["111111111111", "222222222222"])
        #expect(replay.finished["111111111111"] == ReportFixtures.connected())
        #expect(replay.finished["222222222222"]?.status == .failed)
        #expect(replay.isFinished("222222222222"))
        #expect(!replay.isFinished("444444444444"))
        // Not started counts as untouched: neither finished nor interrupted.
        #expect(!replay.isFinished("333333333333"))
        #expect(replay.interrupted["333333333333"] == nil)

        let interrupted = try #require(replay.interrupted["444444444444"])
        #expect(interrupted.completedSteps.map(\.step) == [.input, .partition, .login, .billingAccess])
        #expect(interrupted.completedSteps.last?.status == .attention)
        #expect(interrupted.nextStep == .costAndUsageReport)
        // The failed step's event carried outputs too; the latest outputs win.
        #expect(interrupted.outputs.externalID == "external-444444444444")
        #expect(replay.interrupted.count == 1)
        #expect(replay.runsStarted == 1)
        #expect(!replay.lastRunFinished)
    }

    @Test func aResumedRunCompletesTheInterruptedAccount() throws {
        var events = killedRun
        events.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "resume"))
        // The resumed run reports the steps it did not redo; those never replace the originals.
        events += [.input, .partition, .login].map { stepEvent("444444444444", $0, .resumed) }
        let midway = JournalReplay(events: events)
        let interrupted = try #require(midway.interrupted["444444444444"])
        #expect(interrupted.completedSteps.map(\.status) == [.succeeded, .succeeded, .succeeded, .attention])
        #expect(midway.runsStarted == 2)

        events += [.costAndUsageReport, .spotAccount, .stack, .register, .verify].map { stepEvent("444444444444", $0) }
        let allDone = JournalReplay(events: events)
        #expect(allDone.interrupted["444444444444"]?.nextStep == nil)

        events.append(finished(ReportFixtures.connected("444444444444")))
        events.append(JournalEvent(kind: .runFinished, time: ReportFixtures.start, detail: "completed"))
        let replay = JournalReplay(events: events)
        #expect(replay.finished.keys.sorted() == ["111111111111", "222222222222", "444444444444"])
        #expect(replay.interrupted.isEmpty)
        #expect(replay.lastRunFinished)
        #expect(replay.lastRunFinishedDetail == "completed")
    }

    @Test func anAccountWithOnlyAFailedStepStartsOver() {
        let replay = JournalReplay(events: [stepEvent("555555555555", .input, .failed)])
        let interrupted = replay.interrupted["555555555555"]
        #expect(interrupted?.completedSteps.isEmpty == true)
        #expect(interrupted?.nextStep == .input)
    }

    @Test func aFinishedAccountTakenUpAgainContinuesFromItsResult() throws {
        var events = killedRun
        events.append(stepEvent("222222222222", .costAndUsageReport))
        let replay = JournalReplay(events: events)
        #expect(!replay.isFinished("222222222222"))
        let interrupted = try #require(replay.interrupted["222222222222"])
        #expect(interrupted.completedSteps.map(\.step) == [.input, .partition, .login, .billingAccess, .costAndUsageReport])
        #expect(interrupted.nextStep == .spotAccount)
    }

    @Test func replayingTheJournalFileGivesTheSameState() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let journal = try RunJournal(folder: run.folder)
        for event in killedRun { try journal.append(event) }
        journal.close()
        let contents = try RunJournal.read(folder: run.folder)
        #expect(JournalReplay(events: contents.events) == JournalReplay(events: killedRun))
    }
}
