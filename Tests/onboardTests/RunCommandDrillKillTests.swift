import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension RunCommandDrillTests {
    /// D2: a 200-payer run killed with `kill -9` three times (early, midway, while stacks are
    /// in progress), each time continued with `--resume latest`: every account ends connected,
    /// the reports are complete, and the local cloud holds everything once.
    @Suite("D2: kill -9 three times in a 200-payer run, each followed by --resume latest")
    struct KillNine {
        /// Seconds the sandbox holds the slow payers' new stacks in `CREATE_IN_PROGRESS`.
        static let stackSeconds = 20.0

        @Test("all connected, complete reports, nothing made twice (counted in the local cloud)")
        func killThreeTimes() async throws {
            let started = Date()
            let privateCloud = try await PrivateLocalCloud.start()
            defer { privateCloud.stop() }
            let fixture = try RunFixture(privateCloud.cloud)
            let ids = Drill.freshPayers(200)
            try await fixture.seedManagementAccounts(ids)
            let file = try fixture.writeAccountList(ids.enumerated().map { AccountRow($1, "Drill Kill \($0) \($1)") })
            // The last 50 rows' stacks stay in progress a while: the third kill lands in their waits.
            let slow = Set(ids.suffix(50))
            let slowRules = slow.map {
                Fault(service: "cloudformation", operation: "CreateStack", account: $0, action: "stack-in-progress", count: 1,
                    stackSeconds: Self.stackSeconds)
            }
            try await fixture.cloud.addFaults(slowRules)
            let arguments = ["run", file, "--reports", fixture.reports] + RunFixture.accessRole + Drill.fastBatch
            var kills: [Kill] = []

            // 1. Early: the first account finished, most of the first 64 are mid-workflow.
            var child = try fixture.start(arguments)
            var reached = try await Drill.whileRunning(child, timeout: 300) {
                guard let run = fixture.onlyRunFolder() else { return false }
                return !Drill.finished(try run.journal()).isEmpty
            }
            kills.append(try await killNine(child, reached: reached, moment: "early", fixture: fixture))

            // 2. Midway: half the accounts finished.
            child = try fixture.start(arguments + ["--resume", "latest"])
            reached = try await Drill.whileRunning(child, timeout: 300) {
                Drill.finished(try fixture.latestRun().journal()).count >= ids.count / 2
            }
            kills.append(try await killNine(child, reached: reached, moment: "midway", fixture: fixture))

            // 3. During stack waits: at least five slow payers' stacks were created by this run
            // and are still in progress (their stack step has not finished).
            let firedBefore = try await firedSlowRules(fixture, slowRules)
            child = try fixture.start(arguments + ["--resume", "latest"])
            var waiting = 0
            reached = try await Drill.whileRunning(child, timeout: 300) {
                let fired = try await firedSlowRules(fixture, slowRules).subtracting(firedBefore)
                let journal = try fixture.latestRun().journal()
                let stackDone = Set(journal.filter { $0.kind == "step-finished" && $0.record?.step == "stack" }.compactMap(\.accountId))
                waiting = fired.subtracting(stackDone).count
                return waiting >= 5
            }
            kills.append(try await killNine(child, reached: reached, moment: "in \(waiting) stack waits", fixture: fixture))

            // 4. The last resume finishes the run.
            let resumed = try await fixture.run(file, Drill.fastBatch + ["--resume", "latest"], timeout: 600)
            #expect(resumed.status == 0, "\(resumed.status) after \(resumed.seconds) s; stdout:\n\(resumed.standardOutput.prefix(6000))")

            let run = try #require(fixture.onlyRunFolder(), "one run folder, continued by every resume")
            let reportProblems = Drill.reportProblems(run, ids: ids)
            #expect(reportProblems.isEmpty, "\(reportProblems.count) report problems: \(reportProblems.prefix(20))")
            let journal = try run.journal()
            #expect(journal.filter { $0.kind == "run-started" }.count == 4, "the killed run and three resumes")
            #expect(journal.filter { $0.kind == "run-finished" }.count == 1, "only the last one finished")
            // Each resume continues the accounts a kill interrupted after their last completed
            // step: none starts over at `input`.
            var restarted: [String] = []
            for kill in kills {
                let resumedLines = journal[min(kill.journalLines, journal.count)...]
                let startedOver = kill.interrupted.filter { id in
                    resumedLines.contains { $0.accountId == id && $0.record?.step == "input" && $0.record?.status == "succeeded" }
                }
                if !startedOver.isEmpty { restarted.append("\(startedOver.count) of \(kill.interrupted.count) after the \(kill.moment) kill") }
            }
            #expect(restarted.isEmpty, "interrupted accounts started over instead of resumed: \(restarted.joined(separator: "; "))")

            let holdings = try await CloudHoldings.read(fixture.cloud, organization: fixture.organizationID, payers: ids)
            let problems = holdings.problems()
            #expect(problems.isEmpty, "\(problems.count) problems in the local cloud: \(problems.prefix(30))")
            if !problems.isEmpty {
                // For the next person: the journal lines of each payer a problem names.
                let raw = (try? run.text("journal.jsonl")) ?? ""
                let named = Set(problems.flatMap { problem in
                    problem.split(whereSeparator: { !$0.isNumber }).map(String.init).filter { $0.count == 12 }
                })
                for id in named.sorted().prefix(3) {
                    let lines = raw.split(separator: "\n").filter { $0.contains("\"\(id)\"") }.map { String($0.prefix(600)) }
                    Drill.log("D2", "journal of \(id):\n" + lines.joined(separator: "\n"), since: started)
                }
            }
            // Each report names the stack the local cloud holds.
            var mismatched: [String] = []
            for id in ids {
                let stackID = (try? run.account(id))?.outputs.stackId
                if stackID == nil || stackID != holdings.stacks[id]?.first?.id { mismatched.append(id) }
            }
            #expect(mismatched.isEmpty, "reports naming another stack than the local cloud's: \(mismatched.prefix(20))")
            let slowFired = try await fixture.cloud.faults().filter { slowRules.contains($0.rule) && $0.fired > 0 }.count
            Drill.log("D2", "killed \(kills.map(\.description).joined(separator: "; ")); last resume exit \(resumed.status) after "
                + "\(String(format: "%.1f", resumed.seconds)) s; \(slowFired) of \(slow.count) slow stacks held in progress; \(holdings)",
                since: started)
        }

        /// The slow payers whose stack-in-progress rule has fired (their CreateStack happened).
        private func firedSlowRules(_ fixture: RunFixture, _ rules: [Fault]) async throws -> Set<String> {
            Set(try await fixture.cloud.faults().filter { rules.contains($0.rule) && $0.fired > 0 }.compactMap(\.rule.account))
        }

        /// One `kill -9`: when, and what the journal held then.
        private struct Kill: CustomStringConvertible {
            var moment: String
            var seconds: Double
            /// The journal's complete lines at the kill.
            var journalLines: Int
            var finished: Int
            /// Accounts with a completed step but no result: the resume continues them.
            var interrupted: Set<String>

            var description: String {
                "\(moment) after \(String(format: "%.1f", seconds)) s with \(finished) finished, \(interrupted.count) interrupted"
            }
        }

        /// Kills `child` with SIGKILL once the moment was reached; what the journal held then.
        private func killNine(_ child: ChildProcess, reached: Bool, moment: String, fixture: RunFixture) async throws -> Kill {
            try #require(reached && child.isRunning, "the run ended (or timed out) before the \(moment) kill")
            child.send(SIGKILL)
            let killed = await child.finish(timeout: 30)
            #expect(killed.signaled && killed.status == SIGKILL, "\(killed)")
            let journal = try fixture.latestRun().journal()
            let finished = Drill.finished(journal)
            let stepped = Set(journal.filter { $0.kind == "step-finished" && $0.record?.status == "succeeded" }.compactMap(\.accountId))
            return Kill(
                moment: moment, seconds: killed.seconds, journalLines: journal.count, finished: finished.count,
                interrupted: stepped.subtracting(finished))
        }
    }
}
