import Foundation
import Onboarding
import Testing

@testable import Reports

@Suite("Nothing secret is added")
struct ReportSecretsTests {
    /// Looks like an AWS key pair; given only in one account's failure message.
    private let secretLooking = "AKIAFAKEFAKEFAKE1234 wJalrXUtnFEMI/K7MDENG/bPxRfiCYFAKEKEY"

    private func occurrences(of needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func writersRepeatMessagesVerbatimOnlyWhereTheyAreGiven() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let failed = ReportFixtures.failed(message: "AccessDenied for \(secretLooking) (as given)")
        let connected = ReportFixtures.connected()
        let results = [connected, failed]
        let summary = BatchSummary(
            runID: run.folder.runID, accountList: "payers.csv", started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(30), results: results)
        let accounts = AccountReportWriter(folder: run.folder)
        for result in results { try accounts.write(result) }
        try SummaryWriter(folder: run.folder).write(summary)
        try JUnitReportWriter(folder: run.folder).write(summary)
        let journal = try RunJournal(folder: run.folder)
        for result in results {
            try journal.append(JournalEvent(kind: .accountFinished, time: ReportFixtures.start, accountID: result.accountID, result: result))
        }
        journal.close()

        // The failed step's detail and the error's message both carry it in the account's data.
        let expected = [
            "accounts/111111111111.json": 0, "accounts/111111111111.md": 0,
            "accounts/222222222222.json": 2, "accounts/222222222222.md": 2,
            "summary.json": 1, "summary.csv": 1, "summary.md": 1, "junit.xml": 1, "journal.jsonl": 2,
        ]
        let written = try FileManager.default.subpathsOfDirectory(atPath: run.folder.path).filter {
            !$0.hasSuffix("accounts")
        }
        #expect(Set(written) == Set(expected.keys))
        for (file, count) in expected {
            let text = try run.text(file)
            #expect(occurrences(of: secretLooking, in: text) == count, "\(file)")
            #expect(occurrences(of: "AKIA", in: text) == count, "\(file)")
            #expect(occurrences(of: "wJalr", in: text) == count, "\(file)")
            #expect(try run.mode(file) == 0o600, "\(file)")
        }
    }
}
