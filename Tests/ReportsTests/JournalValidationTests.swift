import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

/// A hand-edited journal is not trusted: a line that fails its checks is a problem with its
/// line number, and every account it names is run again from the start.
@Suite("Journal validation")
struct JournalValidationTests {
    private func finished(_ result: AccountResult, as accountID: String? = nil) -> JournalEvent {
        JournalEvent(kind: .accountFinished, time: ReportFixtures.start, accountID: accountID ?? result.accountID, result: result)
    }

    private func step(_ accountID: String, _ step: WorkflowStep, outputs: AccountOutputs = AccountOutputs()) -> JournalEvent {
        JournalEvent(
            kind: .stepFinished, time: ReportFixtures.start, accountID: accountID,
            record: StepRecord(step: step, status: .succeeded, started: ReportFixtures.start, duration: 1, detail: "ok"),
            outputs: outputs)
    }

    /// Writes `events` as a journal, then replaces line `number` (1-based) with `edit(line)`.
    private func journal(_ events: [JournalEvent], in run: TemporaryRun, editing number: Int? = nil, _ edit: (String) -> String = { $0 })
        throws -> RunJournal.Contents
    {
        let journal = try RunJournal(folder: run.folder)
        for event in events { try journal.append(event) }
        try journal.finish()
        var lines = try run.text(RunJournal.fileName).split(separator: "\n").map(String.init)
        if let number { lines[number - 1] = edit(lines[number - 1]) }
        try run.folder.write(lines.joined(separator: "\n") + "\n", to: RunJournal.fileName)
        return try RunJournal.read(folder: run.folder)
    }

    /// A run that connected A and B, and was killed with C after `login`.
    private var events: [JournalEvent] {
        [JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "payers.csv")]
            + [.input, .partition, .login].map { step("333333333333", $0) }
            + [finished(ReportFixtures.connected("111111111111")), finished(ReportFixtures.connected("222222222222"))]
    }

    @Test func anUntouchedJournalIsTrusted() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        let replay = JournalReplay(contents: try journal(events, in: run))
        #expect(replay.problems.isEmpty)
        #expect(replay.distrusted.isEmpty)
        #expect(replay.finished.keys.sorted() == ["111111111111", "222222222222"])
        #expect(replay.interrupted["333333333333"]?.nextStep == .billingAccess)
        #expect(replay == JournalReplay(events: events))
    }

    /// Each hand edit of line 6 (B's result), and the problem it must give.
    static let edits: [(name: String, edit: @Sendable (String) -> String, kind: JournalProblem.Kind, accounts: [String])] = [
        ("another account's result", { $0.replacingOccurrences(of: #""account_id":"222222222222","kind""#, with: #""account_id":"444444444444","kind""#) },
         .accountMismatch, ["444444444444", "222222222222"]),
        ("no Spot account", { $0.replacingOccurrences(of: #""spot_account_id":"act-12345678","#, with: "") }, .implausibleResult, ["222222222222"]),
        ("no Spot role", { $0.replacingOccurrences(of: #""spot_role_arn":"arn:aws:iam::222222222222:role/SpotRole","#, with: "") },
         .implausibleResult, ["222222222222"]),
        ("no FinOps role for eco", { $0.replacingOccurrences(of: #""fin_ops_role_arn":"arn:aws:iam::222222222222:role/SpotFinOpsRole","#, with: "") },
         .implausibleResult, ["222222222222"]),
        ("no credentials decision", { $0.replacingOccurrences(of: #""credentials_action":"link","#, with: "") }, .implausibleResult, ["222222222222"]),
        ("no report", { line in line.replacingOccurrences(of: #","cost_and_usage_report":\{[^}]*\}"#, with: "", options: .regularExpression) },
         .implausibleResult, ["222222222222"]),
        ("a role of another account", { $0.replacingOccurrences(of: "arn:aws:iam::222222222222:role/SpotRole", with: "arn:aws:iam::999999999999:role/SpotRole") },
         .implausibleResult, ["222222222222"]),
        ("not a role ARN", { $0.replacingOccurrences(of: "arn:aws:iam::222222222222:role/SpotRole", with: "javascript:alert(1)") },
         .implausibleResult, ["222222222222"]),
        ("a Spot account id that is not act-", { $0.replacingOccurrences(of: "act-12345678", with: "act-../../x") }, .implausibleResult, ["222222222222"]),
        ("an account id that is not 12 digits", { $0.replacingOccurrences(of: "222222222222", with: "22222222222x") }, .malformedAccountID, []),
        ("a result for a path", { $0.replacingOccurrences(of: #""account_id":"222222222222","finished""#, with: #""account_id":"../../etc","finished""#) },
         .malformedAccountID, ["222222222222"]),
        ("not an event", { $0.replacingOccurrences(of: #""kind":"account-finished""#, with: #""kind":"account-teleported""#) },
         .notAnEvent, ["222222222222"]),
        ("no result", { line in line.replacingOccurrences(of: #","result":\{.*\}(,"run_id")"#, with: "$1", options: .regularExpression) },
         .missingResult, ["222222222222"]),
        ("connected with an error", { $0.replacingOccurrences(of: #""finished":"#, with: #""error":{"step":"cur","code":"X","message":"m","rerun_may_fix":true},"finished":"#) },
         .implausibleResult, ["222222222222"]),
        ("another run's line", { $0.replacingOccurrences(of: "run-20261127-000000", with: "run-20250101-000000") }, .foreignRun, ["222222222222"]),
        ("not JSON", { String($0.dropLast(3)) }, .notAnEvent, ["222222222222"]),
    ]

    @Test(arguments: 0..<edits.count)
    func aHandEditedResultIsNotTrustedAndTheAccountRunsAgain(_ index: Int) throws {
        let edit = Self.edits[index]
        let run = try TemporaryRun()
        defer { run.remove() }
        let contents = try journal(events, in: run, editing: 6, edit.edit)
        let replay = JournalReplay(contents: contents)
        #expect(replay.problems.count == 1, "\(edit.name): \(replay.problems)")
        let problem = try #require(replay.problems.first)
        #expect(problem.line == 6, "\(edit.name)")
        #expect(problem.kind == edit.kind, "\(edit.name): \(problem)")
        #expect(problem.accountIDs == edit.accounts, "\(edit.name): \(problem)")
        #expect(problem.description.hasPrefix("journal.jsonl:6: \(edit.kind.rawValue): "), "\(problem)")
        #expect(problem.shortDescription == "journal line rejected: \(edit.kind.rawValue)")
        // The account is neither finished nor resumable: it runs again from the start.
        #expect(!replay.isFinished("222222222222"), "\(edit.name)")
        #expect(replay.resumePoint(for: "222222222222") == nil, "\(edit.name)")
        #expect(replay.distrusted == Set(edit.accounts))
        // The other accounts are untouched.
        #expect(replay.isFinished("111111111111"))
        #expect(replay.interrupted["333333333333"]?.nextStep == .billingAccess)
        #expect(replay.runsStarted == 1)
    }

    @Test func anAccountWithARejectedLineIsDistrustedForTheWholeJournal() throws {
        let run = try TemporaryRun()
        defer { run.remove() }
        var all = events
        // A later run finished B properly; the earlier edited line still makes it untrusted.
        all.append(JournalEvent(kind: .runStarted, time: ReportFixtures.start, detail: "resume"))
        all.append(finished(ReportFixtures.connected("222222222222")))
        let contents = try journal(all, in: run, editing: 5) { $0.replacingOccurrences(of: "act-12345678", with: "act-!") }
        let replay = JournalReplay(contents: contents)
        #expect(replay.problems.map(\.line) == [5])
        #expect(replay.problems.first?.accountIDs == ["111111111111"])
        #expect(!replay.isFinished("111111111111"))
        #expect(replay.isFinished("222222222222"))
        #expect(replay.accountIDs == ["333333333333", "111111111111", "222222222222"])
    }

    @Test func stepEventsAreCheckedToo() throws {
        var outputs = AccountOutputs()
        outputs.spotRoleARN = "arn:aws:iam::444444444444:role/Elsewhere"
        outputs.credentialsAction = .link
        let bad: [(JournalEvent, JournalProblem.Kind)] = [
            (JournalEvent(kind: .stepFinished, time: ReportFixtures.start, accountID: nil,
                          record: StepRecord(step: .input, status: .succeeded, started: ReportFixtures.start, duration: 1, detail: "")),
             .malformedAccountID),
            (step("12345", .input), .malformedAccountID),
            (JournalEvent(kind: .stepFinished, time: ReportFixtures.start, accountID: "333333333333"), .missingRecord),
            (step("333333333333", .stack, outputs: outputs), .implausibleResult),
            (JournalEvent(kind: .stepFinished, time: ReportFixtures.start, accountID: "333333333333",
                          record: StepRecord(step: .input, status: .succeeded, started: ReportFixtures.start, duration: -1, detail: "")),
             .implausibleResult),
            (JournalEvent(kind: .accountFinished, time: ReportFixtures.start, accountID: "333333333333"), .missingResult),
        ]
        for (event, kind) in bad {
            let replay = JournalReplay(events: [step("333333333333", .input), event])
            #expect(replay.problems.map(\.kind) == [kind], "\(event)")
            #expect(replay.problems.first?.line == nil)
        }
        // A checkpoint mid-step (outputs, no record) is what the recorder writes.
        var made = AccountOutputs()
        made.spotAccountID = "act-0a1b2c3d"
        let checkpoint = JournalEvent(kind: .stepFinished, time: ReportFixtures.start, accountID: "333333333333", outputs: made)
        let resumed = JournalReplay(events: [step("333333333333", .input), checkpoint])
        #expect(resumed.problems.isEmpty)
        #expect(resumed.interrupted["333333333333"]?.outputs.spotAccountID == "act-0a1b2c3d")
        // Keeping a role Spot had in force, in another account, is what the workflow does.
        var kept = AccountOutputs()
        kept.spotRoleARN = "arn:aws:iam::444444444444:role/TheirRole"
        kept.credentialsAction = .keepExisting
        #expect(JournalReplay(events: [step("333333333333", .spotAccount, outputs: kept)]).problems.isEmpty)
    }

    @Test func connectedResultsTheWorkflowMakesAreAccepted() {
        // Kept credentials: no role of onboard's, no stack.
        var kept = ReportFixtures.connected("111111111111")
        kept.outputs.credentialsAction = .keepExisting
        kept.outputs.spotRoleARN = nil
        kept.outputs.finOpsRoleARN = nil
        // Elastigroup only: no report.
        var elastigroup = ReportFixtures.connected("222222222222")
        elastigroup.products = [.elastigroup]
        elastigroup.outputs.costAndUsageReport = nil
        elastigroup.outputs.registeredProducts = []
        elastigroup.outputs.finOpsRoleARN = nil
        // China.
        var china = ReportFixtures.connected("333333333333")
        china.partition = .awsChina
        china.outputs.spotRoleARN = "arn:aws-cn:iam::333333333333:role/SpotOnboardingRole"
        china.outputs.finOpsRoleARN = "arn:aws-cn:iam::333333333333:role/path/SpotOnboardingFinOpsRole"
        let replay = JournalReplay(events: [kept, elastigroup, china].map { finished($0) })
        #expect(replay.problems.isEmpty, "\(replay.problems)")
        #expect(replay.finished.count == 3)
    }

    @Test func failedResultsNeedTheirError() {
        var failed = ReportFixtures.failed()
        failed.error = nil
        let replay = JournalReplay(events: [finished(failed)])
        #expect(replay.problems.map(\.kind) == [.implausibleResult])
        #expect(!replay.isFinished(failed.accountID))
    }

    @Test func accountIDsAreExactlyTwelveDigits() {
        #expect(JournalValidation.isAccountID("012345678901"))
        for bad in ["", "12345678901", "1234567890123", "12345678901a", "١٢٣٤٥٦٧٨٩٠١٢", " 12345678901", "../etc/pass"] {
            #expect(!JournalValidation.isAccountID(bad), "\(bad)")
        }
        #expect(JournalValidation.isSpotAccountID("act-1a2b3c4d"))
        #expect(!JournalValidation.isSpotAccountID("act-"))
        #expect(!JournalValidation.isSpotAccountID("act-1/2"))
        #expect(JournalValidation.roleARN("arn:aws:iam::123456789012:role/a/b/Name+=,.@_-")?.account == "123456789012")
        #expect(JournalValidation.roleARN("arn:aws:iam::123456789012:user/x") == nil)
        #expect(JournalValidation.roleARN("arn:aws:sts::123456789012:role/x") == nil)
        #expect(JournalValidation.roleARN("arn:aws:iam::123456789012:role/") == nil)
        #expect(JournalValidation.roleARN("arn:aws:iam::123456789012:role/x y") == nil)
    }
}
