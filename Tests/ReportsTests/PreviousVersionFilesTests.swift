import Foundation
import Onboarding
import Testing

@testable import Reports

/// Files the previous version wrote (`PreviousVersion/`: its account reports, summary and
/// journal of the fixtures, every output set): this version reads them, and writes the same
/// bytes again (the domain types are coded directly now, no longer through mirror structs).
@Suite("Files of the previous version")
struct PreviousVersionFilesTests {
    static func file(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "PreviousVersion"))
        return try Data(contentsOf: url)
    }

    static func text(_ name: String) throws -> String { String(decoding: try file(name), as: UTF8.self) }

    @Test(arguments: ["111111111111", "222222222222", "333333333333", "555555555555"])
    func accountReportsReadAndAreWrittenAgainByteForByte(_ accountID: String) throws {
        let name = "account-\(accountID).json"
        let result = try AccountReportWriter.decode(try Self.file(name), path: name)
        #expect(result.accountID == accountID)
        #expect(try ReportEncoding.json(result) == Self.text(name))
        if accountID != "333333333333" {
            #expect(AccountReportWriter.markdown(result) == (try Self.text("account-\(accountID).md")))
        }
    }

    @Test func theConnectedReportHasEveryOutput() throws {
        let result = try AccountReportWriter.decode(try Self.file("account-111111111111.json"), path: "account-111111111111.json")
        // Every output of that version (`offboarding` came with `onboard offboard`, after it).
        var expected = ReportFixtures.everyOutput()
        expected.offboarding = nil
        #expect(result.outputs == expected)
    }

    @Test func theJournalIsReadResumedFromAndWrittenAgainByteForByte() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let original = try Self.text("journal.jsonl")
        try run.folder.write(original, to: RunJournal.fileName)
        let contents = try RunJournal.read(folder: run.folder)
        #expect(contents.problems.isEmpty, "\(contents.problems)")
        #expect(contents.events.count == original.split(separator: "\n").count)
        let again = try contents.events.map { try JournalLine.encode($0, runID: run.folder.runID) }.joined()
        #expect(String(decoding: again, as: UTF8.self) == original)

        let replay = JournalReplay(contents: contents)
        #expect(replay.problems.isEmpty)
        #expect(replay.lastRunFinished)
        #expect(replay.finished["111111111111"]?.status == .connected)
        #expect(replay.finished["111111111111"]?.outputs.pendingSpotAccountCreation != nil)
        #expect(replay.finished["222222222222"]?.error?.code == .service("AccessDenied"))
    }

    @Test func theSummaryIsReadAndWrittenAgainByteForByte() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        try run.folder.write(try Self.text("summary.json"), to: "summary.json")
        let summary = try SummaryWriter(folder: run.folder).read()
        #expect(try ReportEncoding.json(summary) == Self.text("summary.json"))
        #expect(SummaryWriter.csv(summary) == (try Self.text("summary.csv")))
        #expect(SummaryWriter.markdown(summary) == (try Self.text("summary.md")))
    }
}
