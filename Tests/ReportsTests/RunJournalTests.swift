import Dispatch
import Foundation
import Onboarding
import Testing

@testable import Reports

@Suite("Run journal")
struct RunJournalTests {
    private func step(_ accountID: String, _ step: WorkflowStep, at offset: Double) -> JournalEvent {
        let record = StepRecord(
            step: step, status: .succeeded, started: ReportFixtures.start.addingTimeInterval(offset), duration: 0.125,
            detail: "\(step.rawValue) ok")
        var outputs = AccountOutputs()
        outputs.externalID = "external-\(accountID)"
        return JournalEvent(
            kind: .stepFinished, time: ReportFixtures.start.addingTimeInterval(offset + 0.125), accountID: accountID,
            record: record, outputs: outputs)
    }

    private func rawLines(_ run: TemporaryRun) throws -> [Substring] {
        try run.text(RunJournal.fileName).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 }
    }

    @Test func linesAreCompactSnakeCaseJSONWithFractionalSeconds() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let journal = try RunJournal(folder: run.folder)
        try journal.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start.addingTimeInterval(0.25), detail: "payers.csv"))
        try journal.append(step("111111111111", .login, at: 1))
        journal.close()
        #expect(try run.mode(RunJournal.fileName) == 0o600)
        let lines = try rawLines(run)
        #expect(lines.count == 2)
        #expect(lines[0] == #"{"detail":"payers.csv","kind":"run-started","run_id":"run-20261127-000000","time":"2026-11-27T00:00:00.250Z"}"#)
        #expect(lines[1].contains(#""account_id":"111111111111""#))
        #expect(lines[1].contains(#""duration_seconds":0.125"#))
        #expect(lines[1].contains(#""external_id":"external-111111111111""#))
        #expect(lines[1].contains(#""time":"2026-11-27T00:00:01.125Z""#))
        #expect(!lines[1].contains("  ") && !lines[1].contains("\n"))
    }

    /// The checkpoint written before a CreateAccount: a run killed mid-call must find it on
    /// resume (a journal that dropped it made a second Spot account in the kill drill).
    @Test func aCreateAccountIntentSurvivesTheJournalIntoTheResumePoint() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let journal = try RunJournal(folder: run.folder)
        try journal.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "payers.csv"))
        try journal.append(step("111111111111", .costAndUsageReport, at: 1))
        var outputs = AccountOutputs()
        outputs.spotProfile = "default"
        let intent = SpotAccountCreationIntent(
            name: "Acme Corp", requestedAt: ReportFixtures.start.addingTimeInterval(2), namesakesBefore: ["act-0a0b0c0d"])
        outputs.pendingSpotAccountCreation = intent
        try journal.append(JournalEvent(
            kind: .stepFinished, time: ReportFixtures.start.addingTimeInterval(2), accountID: "111111111111", outputs: outputs))
        journal.close()

        #expect(try rawLines(run)[2].contains(#""pending_spot_account_creation":{"#))
        let replay = JournalReplay(contents: try RunJournal.read(folder: run.folder))
        #expect(replay.problems.isEmpty, "\(replay.problems)")
        let point = try #require(replay.resumePoint(for: "111111111111"))
        #expect(point.outputs.pendingSpotAccountCreation == intent)
        #expect(point.completed.map(\.step) == [.costAndUsageReport])
    }

    @Test func eventsReadBackUnchanged() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let events = [
            JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "payers.csv"),
            step("111111111111", .input, at: 0.5),
            JournalEvent(kind: .accountFinished, time: ReportFixtures.start.addingTimeInterval(20), accountID: "111111111111", result: ReportFixtures.connected()),
            JournalEvent(kind: .accountFinished, time: ReportFixtures.start.addingTimeInterval(21), accountID: "222222222222", result: ReportFixtures.failed()),
            JournalEvent(kind: .accountFinished, time: ReportFixtures.start.addingTimeInterval(22), accountID: "333333333333", result: ReportFixtures.notStarted()),
            JournalEvent(kind: .runFinished, time: ReportFixtures.start.addingTimeInterval(23.5), detail: "completed"),
        ]
        let journal = try RunJournal(folder: run.folder)
        for event in events { try journal.append(event) }
        let contents = try RunJournal.read(folder: run.folder)
        #expect(contents.tornLines == 0)
        #expect(contents.events == events)
    }

    @Test func concurrentAppendsAreAllPresentAndWhole() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let journal = try RunJournal(folder: run.folder)
        let count = 400
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let accountID = String(format: "%012d", index)
            // A long detail makes a torn or interleaved line visible.
            var event = step(accountID, WorkflowStep.allCases[index % WorkflowStep.allCases.count], at: Double(index))
            event.record?.detail = String(repeating: "\(index % 10)", count: 2000 + index)
            try? journal.append(event)
        }
        journal.close()
        let lines = try rawLines(run)
        #expect(lines.count == count)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
        }
        let contents = try RunJournal.read(folder: run.folder)
        #expect(contents.tornLines == 0)
        #expect(Set(contents.events.compactMap(\.accountID)) == Set((0..<count).map { String(format: "%012d", $0) }))
        for event in contents.events {
            let index = Int(event.accountID!)!
            #expect(event.record?.detail == String(repeating: "\(index % 10)", count: 2000 + index))
        }
    }

    @Test("read a part at a time: lines across parts, one longer than a part, a line not an event, a torn end")
    func readEachAcrossParts() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let journal = try RunJournal(folder: run.folder)
        try journal.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "payers.csv"))
        // Details of 300 KB to 2.5 MB: lines end on either side of the 1 MiB parts, one spans three.
        let sizes = [300_000, 500_000, 400_000, 2_500_000, 700_000, 100]
        for (index, size) in sizes.enumerated() {
            var event = step(String(format: "%012d", index + 1), .input, at: Double(index))
            event.record?.detail = String(repeating: "\(index)", count: size)
            try journal.append(event)
        }
        journal.close()
        let handle = try #require(FileHandle(forWritingAtPath: "\(run.folder.path)/\(RunJournal.fileName)"))
        handle.seekToEndOfFile()
        handle.write(Data("not an event {\"account_id\":\"999999999999\"}\n".utf8))
        handle.write(Data(#"{"account_id":"111111111111","kind":"step-fin"#.utf8))
        try handle.close()

        var events: [(line: Int, event: JournalEvent)] = []
        var problems: [JournalProblem] = []
        let torn = try RunJournal.readEach(
            folder: run.folder, event: { events.append((line: $0, event: $1)) }, problem: { problems.append($0) })
        #expect(torn == 1)
        #expect(events.map(\.line) == Array(1...(sizes.count + 1)))
        for (index, size) in sizes.enumerated() {
            #expect(events[index + 1].event.record?.detail == String(repeating: "\(index)", count: size), "line \(index + 2)")
        }
        #expect(problems.map(\.line) == [sizes.count + 2])
        #expect(problems.first?.accountIDs == ["999999999999"])
        // The whole read and the replay read a part at a time agree.
        let contents = try RunJournal.read(folder: run.folder)
        #expect(contents.events == events.map(\.event))
        #expect(contents.tornLines == 1)
        let replay = try JournalReplay.read(folder: run.folder)
        #expect(replay == JournalReplay(contents: contents))
        #expect(replay.distrusted == ["999999999999"])
        #expect(replay.interrupted.count == sizes.count)
    }

    @Test func aTornLastLineIsIgnoredAndCutOffOnResume() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let first = try RunJournal(folder: run.folder)
        try first.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "payers.csv"))
        try first.append(step("111111111111", .input, at: 1))
        first.close()
        // What a run killed in the middle of a write leaves behind.
        let handle = try #require(FileHandle(forWritingAtPath: "\(run.folder.path)/\(RunJournal.fileName)"))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"account_id":"111111111111","kind":"step-fin"#.utf8))
        try handle.close()

        let torn = try RunJournal.read(folder: run.folder)
        #expect(torn.events.count == 2)
        #expect(torn.tornLines == 1)

        let resumed = try RunJournal(folder: run.folder)
        try resumed.append(step("111111111111", .partition, at: 2))
        resumed.close()
        let contents = try RunJournal.read(folder: run.folder)
        #expect(contents.tornLines == 0)
        #expect(contents.events.map(\.record?.step) == [nil, .input, .partition])
        #expect(try run.mode(RunJournal.fileName) == 0o600)
    }

    @Test func aTornFirstLineLeavesAnEmptyJournal() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try run.folder.write(#"{"kind":"run-sta"#, to: RunJournal.fileName)
        #expect(try RunJournal.read(folder: run.folder) == RunJournal.Contents(events: [], tornLines: 1))
        let journal = try RunJournal(folder: run.folder)
        try journal.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start))
        #expect(try RunJournal.read(folder: run.folder).events.count == 1)
    }

    @Test func aBrokenCompleteLineIsAProblemWithItsLineAndAccounts() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let journal = try RunJournal(folder: run.folder)
        try journal.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start))
        journal.close()
        let text = try run.text(RunJournal.fileName)
            + "{\"kind\":\"nonsense\",\"time\":\"2026-11-27T00:00:00Z\",\"account_id\":\"111111111111\"}\n"
            + "not json at all\n"
        try run.folder.write(text, to: RunJournal.fileName)
        let contents = try RunJournal.read(folder: run.folder)
        #expect(contents.events.count == 1)
        #expect(contents.lines == [1])
        #expect(contents.problems.map(\.line) == [2, 3])
        #expect(contents.problems.map(\.kind) == [.notAnEvent, .notAnEvent])
        #expect(contents.problems[0].accountIDs == ["111111111111"])
        #expect(contents.problems[1].accountIDs == [])
        #expect(contents.problems[0].description.hasPrefix("journal.jsonl:2: not-an-event: "))
        #expect(contents.problems[0].shortDescription == "journal line rejected: not-an-event")
    }

    @Test func aLineOfAnotherRunIsAProblem() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let journal = try RunJournal(folder: run.folder)
        try journal.append(step("111111111111", .input, at: 0))
        try journal.finish()
        // A line copied in from another run's journal.
        let other = RunFolder(root: run.root, runID: "run-20250101-000000")
        let copied = String(decoding: try JournalLine.encode(step("222222222222", .input, at: 0), runID: other.runID), as: UTF8.self)
        try run.folder.write(try run.text(RunJournal.fileName) + copied, to: RunJournal.fileName)
        let contents = try RunJournal.read(folder: run.folder)
        #expect(contents.events.map(\.accountID) == ["111111111111"])
        #expect(contents.problems.count == 1)
        #expect(contents.problems.first?.kind == .foreignRun)
        #expect(contents.problems.first?.line == 2)
        #expect(contents.problems.first?.accountIDs == ["222222222222"])
        // A journal of an older version (no run ids) is still read.
        let plain = String(decoding: try JournalLine.encode(step("333333333333", .input, at: 0), runID: nil), as: UTF8.self)
        try run.folder.write(plain, to: RunJournal.fileName)
        #expect(try RunJournal.read(folder: run.folder).events.map(\.accountID) == ["333333333333"])
    }

    @Test func appendingAfterCloseFailsAndAMissingJournalIsAnError() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        #expect(throws: ReportReadError.self) { try RunJournal.read(folder: run.folder) }
        let journal = try RunJournal(folder: run.folder)
        try journal.finish()
        journal.close()
        try journal.finish()
        #expect(throws: ReportWriteError.self) { try journal.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start)) }
    }
}
