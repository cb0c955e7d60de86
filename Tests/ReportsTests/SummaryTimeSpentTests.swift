import BatchRunner
import Foundation
import Onboarding
import Testing

@testable import Reports

/// `time_spent` in the summary: written to JSON, read back, shown in `summary.md`; a summary
/// written before it existed still reads.
@Suite("Batch summaries: where the time went")
struct SummaryTimeSpentTests {
    static var spent: RunTimeSpent {
        var spent = RunTimeSpent()
        spent.rateLimitWaits = ["spot": 300]
        spent.workflowWaits = ["stack": 900, "iam-propagation": 100]
        spent.retryBackoff = ["spot": 12.5]
        spent.retries = ["spot": 9]
        spent.requests = ["spot": 40, "cloudformation": 47.5]
        spent.attempts = ["spot": 130, "cloudformation": 95]
        spent.accountSeconds = 1500
        return spent
    }

    static func summary(_ spent: RunTimeSpent?) -> BatchSummary {
        BatchSummary(
            runID: "run-20261201-120000", accountList: "payers.csv", started: ReportFixtures.start,
            finished: ReportFixtures.start.addingTimeInterval(120), results: [ReportFixtures.connected()], timeSpent: spent)
    }

    @Test func jsonCarriesTheSecondsPerCauseAndReadsBack() throws {
        let text = try ReportEncoding.json(Self.summary(Self.spent))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let spent = try #require(object["time_spent"] as? [String: Any])
        #expect((spent["workflow_waits"] as? [String: Double])?["stack"] == 900)
        #expect((spent["rate_limit_waits"] as? [String: Double])?["spot"] == 300)
        #expect(spent["account_seconds"] as? Double == 1500)
        let decoded = try ReportEncoding.decode(BatchSummary.self, from: Data(text.utf8))
        #expect(decoded.timeSpent == Self.spent)
    }

    @Test func markdownSaysWhereTheTimeWent() {
        let markdown = SummaryWriter.markdown(Self.summary(Self.spent))
        #expect(markdown.contains("## Where the time went"))
        #expect(markdown.contains(#"waits for stack 900 s \(60 %\), spot rate limit 300 s \(20 %\)"#))
        #expect(markdown.contains("| workflow wait | stack | 900.0 |  |"))
        #expect(markdown.contains("| retry backoff | spot | 12.5 | 9 |"))
        #expect(markdown.contains("| requests | cloudformation | 47.5 | 95 |"))
        #expect(!SummaryWriter.markdown(Self.summary(nil)).contains("Where the time went"))
    }

    @Test func aSummaryWithoutTimeSpentStillReads() throws {
        let text = try ReportEncoding.json(Self.summary(nil))
        #expect(!text.contains("time_spent"))
        let decoded = try ReportEncoding.decode(BatchSummary.self, from: Data(text.utf8))
        #expect(decoded.timeSpent == nil)
    }
}
