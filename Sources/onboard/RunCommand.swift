import AWSKit
import AccountList
import ArgumentParser
import BatchRunner
import Dispatch
import Foundation
import Logging
import Onboarding
import Reports
import SpotKit

#if canImport(Glibc)
import Glibc
#endif

/// `onboard run FILE`: the whole connection workflow for every account, concurrently.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Connect every account of the list to Spot: CUR, stack, roles handed to Spot; write the reports.",
        discussion: """
            Writes Reports/<run-id>/: accounts/<id>.json|.md, templates/, summary.json|.csv|.md, \
            junit.xml and journal.jsonl, and points Reports/latest at it. Exit status: 0 when every \
            account is connected, 1 when some failed or were not started, 65 when rows are invalid \
            (the valid ones still run), 66 when the file is missing, 130/143 after SIGINT/SIGTERM.

            Examples:
              onboard run Inputs/accounts.example.csv
              onboard run accounts.csv --concurrency 64 --spot-rps 20 --max-failures 50
              onboard run accounts.csv --resume latest              # finish a killed run
              onboard run accounts.csv --resume latest --only-failed
            """)

    @Argument(help: "The account list (CSV with a header row).")
    var file: String

    @Option(help: ArgumentHelp("Folder that receives the run folder.", valueName: "folder"))
    var reports = "Reports"

    @Option(help: ArgumentHelp("Finish an earlier run (its id, or latest) in its own folder.", valueName: "run-id"))
    var resume: String?

    @Flag(help: "With --resume: run again only the accounts that failed in that run.")
    var onlyFailed = false

    @Option(help: "Accounts in flight at once.")
    var concurrency = 16

    @Option(help: "Stop starting accounts after this many failures.")
    var maxFailures: Int?

    @Flag(help: "Print only errors and the result.")
    var quiet = false

    @Flag(help: "Print every step of every account.")
    var verbose = false

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    @OptionGroup var cloud: RunOptions
    @OptionGroup var workflow: WorkflowOptions

    func validate() throws {
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 4096") }
        if let maxFailures, maxFailures < 1 { throw ValidationError("--max-failures must be at least 1") }
        if onlyFailed && resume == nil { throw ValidationError("--only-failed needs --resume RUN-ID") }
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    func run() throws {
        let errors = OutputStream.standardError()
        defer { errors.flush() }
        let logger = Diagnostics.logger(quiet: quiet, verbose: verbose)
        let environment = ProcessInfo.processInfo.environment
        let started = Date()

        // The account list: every row, bad ones reported by file, line and column.
        let list: RunAccountList
        do {
            list = try RunAccountList.read(file)
        } catch let error as AccountListFileError {
            errors.line(error.description)
            throw error.isContentError ? ExitStatus.invalidInput : ExitStatus.missingInput
        }
        for problem in list.problems { errors.line(problem.description) }

        let settings = workflow.settings(environment: environment)
        let runServices: RunServices
        do {
            runServices = try RunServices(
                options: cloud, settings: settings, environment: environment, concurrency: concurrency,
                timings: Self.timings(environment))
        } catch {
            errors.line("onboard run: stopped before any account: the operator's AWS credentials: \(error.message)")
            throw ExitStatus.someAccountsFailed
        }
        defer { try? runServices.transport.shutdown() }

        // Preflight: the operator's credentials work, and every Spot token in use is an
        // organization admin's. Nothing is touched before both pass.
        let profiles = Set(list.accounts.map(\.spotProfile)).sorted()
        let china = list.accounts.contains(where: \.isChina)
        if let problem = RunPreflight(services: runServices.services).check(spotProfiles: profiles, china: china) {
            errors.line("onboard run: stopped before any account: \(problem)")
            throw ExitStatus.someAccountsFailed
        }
        logger.info("preflight passed", metadata: ["spot-profiles": "\(profiles.joined(separator: ","))"])

        // The run folder: new, or the one being resumed with what its journal holds.
        let folder: RunFolder
        var previous = JournalReplay(events: [])
        do {
            if let resume {
                folder = try RunFolder.open(in: reports, runID: resume)
                previous = JournalReplay(events: try RunJournal.read(folder: folder).events)
            } else {
                folder = try RunFolder.create(in: reports, kind: "run", at: started)
            }
        } catch {
            errors.line("onboard run: \(error)")
            throw ExitCode.failure
        }

        // Which accounts to run, and where each one starts.
        var kept: [String: AccountResult] = [:]
        var toRun: [PayerAccount] = []
        var resumePoints: [String: ResumePoint] = [:]
        for account in list.accounts {
            if let finished = previous.finished[account.accountID] {
                if onlyFailed && finished.status == .failed {
                    toRun.append(account)
                } else if finished.status != .notStarted {
                    kept[account.accountID] = finished
                    continue
                } else {
                    toRun.append(account)
                }
            } else if onlyFailed {
                // Not failed in that run (never finished): left for a plain --resume.
                kept[account.accountID] = .notStarted(
                    account, reason: "not finished in run \(folder.runID); finish it with --resume (without --only-failed)")
            } else {
                if let point = previous.interrupted[account.accountID] {
                    resumePoints[account.accountID] = ResumePoint(completed: point.completedSteps, outputs: point.outputs)
                }
                toRun.append(account)
            }
        }

        let journal: RunJournal
        do {
            journal = try RunJournal(folder: folder)
            try folder.markLatest()  // now, so `--resume latest` finds a run killed before its end
            let templates = PlanReportWriter(folder: folder)
            let accountWorkflow = AccountWorkflow(services: runServices.services)
            for account in toRun {
                if let template = accountWorkflow.template(for: account) {
                    try templates.writeTemplate(template, accountID: account.accountID)
                }
            }
        } catch {
            errors.line("onboard run: \(error)")
            throw ExitCode.failure
        }
        let verbosity: ProgressDisplay.Verbosity = quiet ? .quiet : verbose ? .verbose : .normal
        let progress = ProgressDisplay(total: toRun.count, verbosity: verbosity)
        let recorder = RunRecorder(folder: folder, journal: journal, progress: progress, logger: logger)
        recorder.record(JournalEvent(
            kind: .runStarted, time: started,
            detail: "\(resume == nil ? "run" : "resume") of \(file): \(toRun.count) to run, \(kept.count) kept, \(resumePoints.count) resumed"))
        logger.notice(
            "\(folder.path): \(toRun.count) accounts to run (\(kept.count) already finished, \(resumePoints.count) resumed), \(concurrency) at a time")

        // The batch, on Dispatch; this thread only waits for its end (or a signal).
        var runnerConfiguration = BatchRunner.Configuration(concurrency: concurrency, maxFailures: maxFailures)
        runnerConfiguration.stopGrace = 30
        let runner = BatchRunner(
            configuration: runnerConfiguration, workflow: AccountWorkflow(services: runServices.services), events: recorder)
        let signals = SignalWatch { signal in
            logger.warning("signal \(signal): starting nothing new; in-flight accounts stop at their next safe point")
            runner.stop(signal: signal)
        }
        let outcome = BlockingCall.wait { done in runner.run(toRun, resume: resumePoints, completion: done) }
        signals.cancel()
        progress.finish()

        // Reports: accounts kept from the earlier run, and the ones not started now.
        for result in outcome.results where result.status == .notStarted && !outcome.interrupted.contains(result.accountID) {
            recorder.writeReport(result)
        }
        let byID = Dictionary(outcome.results.map { ($0.accountID, $0) }, uniquingKeysWith: { first, _ in first })
        let results = list.accounts.compactMap { kept[$0.accountID] ?? byID[$0.accountID] }
        let finished = Date()
        let summary = BatchSummary(runID: folder.runID, accountList: file, started: started, finished: finished, results: results)
        let stopDetail: String
        switch outcome.stopReason {
        case .signal(let number)?: stopDetail = "interrupted by signal \(number)"
        case .maxFailures(let limit)?: stopDetail = "stopped after \(limit) failures"
        case nil: stopDetail = "completed"
        }
        recorder.record(JournalEvent(kind: .runFinished, time: finished, detail: stopDetail))
        journal.close()
        do {
            try SummaryWriter(folder: folder).write(summary)
            try JUnitReportWriter(folder: folder).write(summary)
            try folder.markLatest()
        } catch {
            errors.line("onboard run: \(error)")
            throw ExitCode.failure
        }
        for problem in recorder.writeProblems { logger.error("could not write \(problem)") }

        let counts = Dictionary(grouping: results, by: \.status).mapValues(\.count)
        if json {
            print(try ReportEncoding.json(summary), terminator: "")
        } else {
            print(RunSummaryText.render(summary: summary, results: results, folder: folder.path, invalidRows: list.invalidRows, stopDetail: stopDetail))
        }
        if case .signal(let number)? = outcome.stopReason { throw ExitCode(128 + number) }
        if (counts[.failed] ?? 0) + (counts[.notStarted] ?? 0) > 0 { throw ExitStatus.someAccountsFailed }
        if list.invalidRows > 0 { throw ExitStatus.invalidInput }
    }

    /// Waits as the workflow does for real clouds, or quickly when `ONBOARD_QUICK_WAITS=1` (tests
    /// and the demo on the local cloud, where nothing takes minutes).
    static func timings(_ environment: [String: String]) -> WorkflowTimings {
        environment["ONBOARD_QUICK_WAITS"] == "1" ? .quick : WorkflowTimings()
    }
}
