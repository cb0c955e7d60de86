import Foundation
import Onboarding
import Testing

@testable import Reports

/// `report.html` and `summary.json` are written as they are made (memory that does not grow
/// with the run): what lands on disk is byte for byte the document made whole, and a write that
/// fails leaves the file as it was, with no temporary file beside it.
@Suite("Streamed reports")
struct StreamedReportTests {
    /// The names in the run folder that are not reports (temporary files start with `.`).
    private func hiddenNames(in run: TemporaryRun) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: run.folder.path).filter { $0.hasPrefix(".") }
    }

    @Test("report.html of 400 accounts, written in many parts, is the page made whole")
    func pageInParts() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let results = HTMLReportFixtures.results(count: 400)
        let summary = HTMLReportFixtures.summary(runID: run.folder.runID, results: results)
        try HTMLReportWriter(folder: run.folder).write(summary, results: results)
        let written = try run.text(HTMLReportWriter.fileName)
        #expect(written.utf8.count > 8 * HTMLReportPage.Output.partSize, "long enough to be written in many parts")
        #expect(written == HTMLReportWriter.html(summary, results: results))
        #expect(try run.mode(HTMLReportWriter.fileName) == 0o600)
        #expect(try hiddenNames(in: run).isEmpty)
    }

    @Test("summary.json written an account at a time is the summary encoded whole", arguments: [0, 1, 3, 250])
    func summaryJSON(accounts: Int) throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let results = accounts == 0 ? [] : HTMLReportFixtures.results(count: accounts)
        let summary = HTMLReportFixtures.summary(runID: run.folder.runID, results: results)
        try SummaryWriter(folder: run.folder).write(summary)
        #expect(try run.text("summary.json") == ReportEncoding.json(summary))
        #expect(try SummaryWriter(folder: run.folder).read() == summary)
        #expect(try hiddenNames(in: run).isEmpty)
    }

    @Test("a streamed write that fails midway keeps the old file and leaves no temporary file")
    func failedWriteKeepsTheOldFile() throws {
        struct Refused: Error {}
        let run = try TemporaryRun()
        defer { run.remove() }
        try run.folder.write("before\n", to: "report.html")
        #expect(throws: ReportWriteError.self) {
            try run.folder.writeStreamed(to: "report.html") { stream in
                try stream.write(String(repeating: "x", count: 3 * ReportFileStream.capacity))
                throw Refused()
            }
        }
        #expect(try run.text("report.html") == "before\n")
        #expect(try hiddenNames(in: run).isEmpty)
        #expect(throws: ReportWriteError.self) { try run.folder.writeStreamed(to: "../escape.html") { _ in } }
    }
}
