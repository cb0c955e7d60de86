import AWSKit
import AccountList
import ArgumentParser
import BatchRunner
import Dispatch
import Foundation
import HTTPCore
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
            account is connected; 1 when some failed, were interrupted or were not started; 65 when rows \
            are invalid (the valid ones still run); 66 when the file or the run to resume is missing; \
            73 when the reports folder cannot be written (nothing started); 74 when a report or \
            journal line could not be written; 75 when another run holds the reports folder; \
            130/143 after SIGINT/SIGTERM.

            Examples:
              onboard run Inputs/accounts.example.csv
              onboard run accounts.csv --concurrency 64 --spot-rps 20 --max-failures 50
              onboard run accounts.csv --resume latest              # finish a killed run
              onboard run accounts.csv --resume latest --only-failed
              onboard run accounts.csv --run-id nightly-20261201 --keep-runs 30 --notify "$WEBHOOK"

            --notify posts one JSON summary when the run ends (after its reports are written), \
            also when it stops before any account; a notification that cannot be delivered is \
            told on standard error and does not change the exit status. --keep-runs removes \
            older run folders after the run, while it still holds the reports folder's lock.
            """)

    @Argument(help: "The account list (CSV with a header row).")
    var file: String

    @OptionGroup var reportsFolder: ReportsFolderOption

    @Option(help: ArgumentHelp("Finish an earlier run (its id, or latest) in its own folder.", valueName: "run-id"))
    var resume: String?

    @Flag(help: "With --resume: run again only the accounts that failed in that run.")
    var onlyFailed = false

    @Option(help: "Accounts in flight at once.")
    var concurrency = BatchRunner.Configuration().concurrency

    @Option(help: "Stop starting accounts after this many failures.")
    var maxFailures: Int?

    @OptionGroup var output: OutputOptions

    @OptionGroup var cloud: RunOptions
    @OptionGroup var workflow: WorkflowOptions
    @OptionGroup var patience: CallPatienceOptions
    @OptionGroup var schedule: RunScheduleOptions

    func validate() throws {
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 4096") }
        if let maxFailures, maxFailures < 1 { throw ValidationError("--max-failures must be at least 1") }
        if onlyFailed && resume == nil { throw ValidationError("--only-failed needs --resume RUN-ID") }
        let environment = ProcessInfo.processInfo.environment
        try cloud.spot.endpointSecurity.check(
            command: "run", aws: EndpointResolver(environment: environment, commandLineOverride: workflow.awsEndpointURL),
            spot: (cloud.spot.spotAPIURL, environment))
        if let resume, resume != "latest", !RunFolder.isRunReference(resume, kinds: ["run"]) {
            throw ValidationError("--resume '\(resume)' is not a run id such as run-20261201-120000, a run's name (or latest)")
        }
        try schedule.check(
            resume: resume, allowInsecureEndpoints: cloud.spot.endpointSecurity.allowInsecureEndpoints,
            environment: environment)
    }

    func run() throws {
        MallocArenas.limitForBatch()
        let onEventLoops = ConcurrencyOnEventLoops.install()
        let environment = ProcessInfo.processInfo.environment
        let end = RunEnd()
        let result = Result { try runBatch(end, onEventLoops: onEventLoops) }
        if let webhook = try? schedule.webhook(environment: environment) {
            let errors = OutputStream.standardError()
            let exitStatus: Int32
            switch result {
            case .success: exitStatus = 0
            case .failure(let error): exitStatus = Self.exitCode(for: error).rawValue
            }
            RunNotification.post(
                end.notice(exitStatus: exitStatus, runID: resume ?? schedule.runName), to: webhook, environment: environment,
                errors: errors)
            errors.flush()
        }
        try result.get()
    }

    /// The run itself; records in `end` how far it got, for the notification.
    private func runBatch(_ end: RunEnd, onEventLoops: Bool) throws {
        let errors = OutputStream.standardError()
        defer { errors.flush() }
        let logger = output.logger
        logger.info("\(onEventLoops ? "tasks run on NIO's event loops" : "tasks run on Swift's cooperative pool")")
        let environment = ProcessInfo.processInfo.environment
        let started = Date()
        let reports = reportsFolder.reports

        // The account list: every row, bad ones reported by file, line and column as they are read.
        let list: RunAccountList
        do {
            list = try RunAccountList.read(file) { problem in errors.line(problem.description) }
        } catch let error as AccountListFileError {
            errors.line(error.description)
            end.stage = .accountList
            throw error.isContentError ? ExitStatus.invalidInput : ExitStatus.missingInput
        }

        // The reports folder, ours alone for the run, and the run to resume: checked before
        // anything slow, so a typo or a second run costs nothing.
        let lock: ReportsLock
        var resumed: RunFolder?
        do {
            lock = try ReportsLock.acquire(in: reports, runID: resume ?? schedule.runName ?? "a new run", command: "run", at: started)
        } catch {
            errors.line("onboard run: \(error)")
            end.stage = error.code == .held ? .reportsLocked : .reportsFolder
            throw error.code == .held ? ExitStatus.reportsLocked : ExitStatus.cannotCreate
        }
        defer { lock.release() }
        if let resume {
            do {
                resumed = try RunFolder.open(in: reports, runID: resume, kinds: ["run"])
            } catch {
                errors.line("onboard run: --resume \(resume): \(error)")
                end.stage = .resume
                throw ExitStatus.missingInput
            }
        }
        if let name = schedule.runName {
            // Checked now (before the network); creating the folder below is the guarantee.
            var status = stat()
            if lstat("\(reports)/\(name)", &status) == 0 {
                errors.line(
                    "onboard run: --run-id \(name): \(reports)/\(name) already exists: finish that run with --resume \(name), or name a new run")
                end.stage = .runNameTaken
                throw ExitStatus.cannotCreate
            }
        }

        // The accounts earlier runs connected: a change made to one of them is a repair.
        let recorded = RecordedConnections.read(in: reports, accounts: Set(list.accounts.map(\.accountID)))
        for problem in recorded.problems { errors.line("onboard run: passed over an earlier report: \(problem)") }

        let settings = workflow.settings(environment: environment)
        let runServices: RunServices
        do {
            runServices = try RunServices(
                options: cloud, settings: settings, environment: environment, concurrency: concurrency,
                timings: Self.timings(environment), retryPolicy: patience.retryPolicy,
                recordedConnections: recorded.connections)
        } catch {
            errors.line("onboard run: stopped before any account: the operator's AWS credentials: \(error.message)")
            end.stage = .operatorCredentials
            throw ExitStatus.someAccountsFailed
        }
        defer { try? runServices.transport.shutdown() }

        // Preflight: the operator's credentials work, and every Spot token in use is an
        // organization admin's. Nothing is touched before both pass.
        let profiles = Set(list.accounts.map(\.spotProfile)).sorted()
        let china = list.accounts.contains(where: \.isChina)
        if !list.accounts.isEmpty, let problem = RunPreflight(run: runServices).check(spotProfiles: profiles, china: china) {
            errors.line("onboard run: stopped before any account: \(problem)")
            end.stage = .preflight
            throw ExitStatus.someAccountsFailed
        }
        logger.info("preflight passed", metadata: ["spot-profiles": "\(profiles.joined(separator: ","))"])

        // The run folder: new, or the one being resumed with what its journal holds.
        let folder: RunFolder
        var previous = JournalReplay(events: [])
        do {
            if let resumed {
                folder = resumed
                previous = try JournalReplay.read(folder: folder)
                for problem in previous.problems {
                    errors.line("onboard run: \(folder.path)/\(problem)")
                }
            } else if let name = schedule.runName {
                folder = try RunFolder.create(in: reports, named: name)
            } else {
                folder = try RunFolder.create(in: reports, kind: "run", at: started)
            }
            try lock.update(runID: folder.runID)
        } catch {
            errors.line("onboard run: stopped before any account: \(error)")
            end.stage = .reportsFolder
            throw ExitStatus.cannotCreate
        }
        let selection = RunSelection(accounts: list.accounts, previous: previous, onlyFailed: onlyFailed, runID: folder.runID)

        let journal: RunJournal
        let accountWorkflow = AccountWorkflow(services: runServices.services)
        do {
            journal = try RunJournal(folder: folder)
            try folder.markLatest()  // now, so `--resume latest` finds a run killed before its end
            // One file per distinct template (the plan's `stack.template_file`), not one per account.
            try PlanReportWriter(folder: folder).writeTemplates(of: selection.toRun, template: accountWorkflow.template(for:))
        } catch {
            errors.line("onboard run: stopped before any account: \(error)")
            end.stage = .reportsFolder
            throw ExitStatus.cannotCreate
        }
        let verbosity = output.verbosity
        let progress = ProgressDisplay(total: selection.toRun.count, verbosity: verbosity)
        let recorder = RunRecorder(folder: folder, journal: journal, display: progress, notable: RunSummaryText.isNotable)
        recorder.record(JournalEvent(
            kind: .runStarted, time: started,
            detail: "\(resume == nil ? "run" : "resume") of \(file): \(selection.toRun.count) to run, \(selection.kept.count) kept, \(selection.resumePoints.count) resumed"))
        logger.notice(
            "\(folder.path): \(selection.toRun.count) accounts to run (\(selection.kept.count) already finished, \(selection.resumePoints.count) resumed), \(concurrency) at a time")

        // The batch, on Dispatch; this thread only waits for its end (or a signal).
        let runner = BatchRunner(
            configuration: BatchRunner.Configuration(concurrency: concurrency, maxFailures: maxFailures, gate: runServices.health),
            workflow: accountWorkflow, events: recorder)
        let signals = SignalWatch { signal in
            logger.warning("signal \(signal): starting nothing new; in-flight accounts stop at their next safe point")
            runner.stop(signal: signal)
        }
        let outcome = BlockingCall.wait { done in
            runner.run(selection.toRun, resume: selection.resumePoints, completion: done)
        }
        signals.cancel()
        progress.finish()
        if let reason = outcome.stopReason { logger.warning("\(reason.sentence)") }

        let ending = recorder.finish(
            outcome, selection: selection, accounts: list.accounts, accountList: file,
            invalidRows: BatchSummary.InvalidRow.errors(in: list.problems), started: started,
            timeSpent: runServices.timeAccounting.snapshot())
        for problem in ending.writeFailures { errors.line("onboard run: could not write \(problem)") }
        let disposition = RunDisposition(ending, stopReason: outcome.stopReason, invalidRows: list.invalidRows)
        end.ended = (ending.summary, folder.path, disposition)
        if output.json {
            print(try ReportEncoding.json(ending.summary), terminator: "")
        } else {
            print(RunSummaryText.render(
                summary: ending.summary, notable: ending.notable, folder: folder.path, invalidRows: list.invalidRows,
                stopDetail: ending.stopDetail))
        }
        if let keepRuns = schedule.keepRuns {
            // Still under the reports lock: no other onboard run or status is at work in the folder.
            let pruned = RunRetention(keep: keepRuns).prune(root: reports, current: folder.runID)
            if !pruned.removed.isEmpty {
                logger.notice("--keep-runs \(keepRuns): removed \(pruned.removed.count) older runs: \(pruned.removed.joined(separator: ", "))")
            }
            for failure in pruned.failures { errors.line("onboard run: --keep-runs: \(failure)") }
        }
        switch disposition {
        case .allConnected: return
        case .signaled(let number): throw ExitCode(128 + number)
        case .writeFailed(let count):
            errors.line("onboard run: \(count) report or journal writes failed: what \(folder.path) holds is incomplete")
            throw ExitStatus.writeFailed
        case .someUnfinished: throw ExitStatus.someAccountsFailed
        case .invalidRows: throw ExitStatus.invalidInput
        }
    }

    /// Waits as the workflow does for real clouds, or quickly when `ONBOARD_QUICK_WAITS=1` (tests
    /// and the demo on the local cloud, where nothing takes minutes).
    static func timings(_ environment: [String: String]) -> WorkflowTimings {
        environment["ONBOARD_QUICK_WAITS"] == "1" ? .quick : WorkflowTimings()
    }
}
