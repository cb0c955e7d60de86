import AWSKit
import AccountList
import ArgumentParser
import BatchRunner
import Foundation
import HTTPCore
import Logging
import Onboarding
import Reports

/// `onboard offboard FILE`: for customers a partner lets go, deletes what onboard made for each
/// account of the list (see OffboardingWorkflow), as a dry run unless `--apply`.
struct OffboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offboard",
        abstract: "Take the accounts of the list out of Spot and delete what onboard made for them (a dry run unless --apply).",
        discussion: """
            Reads what earlier `onboard run`s made (their reports and journals in the reports folder) \
            and checks it live: deletes the Spot account onboard created (with what Spot holds for it), \
            onboard's stack (only one with its managed-by tag) and, with --delete-cur-definition, the \
            report definition onboard created. Never an adopted report, a Spot account onboard did not \
            create (a person must ask Spot: the report says how), the bucket or its objects. Without \
            --apply only read calls are made and each step says what --apply would do. Writes \
            Reports/offboard-<…>/ as `run` does; exit status as `run`'s (0 when every account is \
            offboarded or dry-run).

            Examples:
              onboard offboard leaving.csv                              # what --apply would do
              onboard offboard leaving.csv --apply
              onboard offboard leaving.csv --apply --delete-cur-definition
              onboard offboard leaving.csv --apply --resume latest      # finish a killed offboard
            """)

    @Argument(help: "The account list (CSV with a header row) of the accounts to offboard.")
    var file: String

    @OptionGroup var reportsFolder: ReportsFolderOption

    @Flag(help: "Act: delete what the steps say. Without it, a dry run (read calls only).")
    var apply = false

    @Flag(help: "Also delete the report definition onboard created (never an adopted one, never the bucket or its objects).")
    var deleteCurDefinition = false

    @Option(help: ArgumentHelp("Finish an earlier offboard (its id, or latest) in its own folder.", valueName: "run-id"))
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

    func validate() throws {
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 4096") }
        if let maxFailures, maxFailures < 1 { throw ValidationError("--max-failures must be at least 1") }
        if onlyFailed && resume == nil { throw ValidationError("--only-failed needs --resume RUN-ID") }
        let environment = ProcessInfo.processInfo.environment
        try cloud.spot.endpointSecurity.check(
            command: "offboard", aws: EndpointResolver(environment: environment, commandLineOverride: workflow.awsEndpointURL),
            spot: (cloud.spot.spotAPIURL, environment))
        if let resume, resume != "latest", !RunFolder.isRunID(resume, kinds: ["offboard"]) {
            throw ValidationError("--resume '\(resume)' is not an offboard run id such as offboard-20261201-120000 (or latest)")
        }
    }

    func run() throws {
        MallocArenas.limitForBatch()
        ConcurrencyOnEventLoops.install()
        let errors = OutputStream.standardError()
        defer { errors.flush() }
        let logger = output.logger
        let environment = ProcessInfo.processInfo.environment
        let started = Date()
        let reports = reportsFolder.reports
        let mode: OffboardingMode = apply ? .apply : .dryRun

        let list: RunAccountList
        do {
            list = try RunAccountList.read(file) { problem in errors.line(problem.description) }
        } catch let error as AccountListFileError {
            errors.line(error.description)
            throw error.isContentError ? ExitStatus.invalidInput : ExitStatus.missingInput
        }

        let lock: ReportsLock
        var resumed: RunFolder?
        do {
            lock = try ReportsLock.acquire(in: reports, runID: resume ?? "a new offboard", command: "offboard", at: started)
        } catch {
            errors.line("onboard offboard: \(error)")
            throw error.code == .held ? ExitStatus.reportsLocked : ExitStatus.cannotCreate
        }
        defer { lock.release() }
        if let resume {
            do {
                resumed = try RunFolder.open(in: reports, runID: resume, kinds: ["offboard"])
            } catch {
                errors.line("onboard offboard: --resume \(resume): \(error)")
                throw ExitStatus.missingInput
            }
        }

        // What onboard made, by the earlier runs' own records.
        let history = OnboardingHistoryReader(root: reports).read(accountIDs: Set(list.accounts.map(\.accountID)))
        for problem in history.problems { errors.line("onboard offboard: could not read \(problem)") }

        let settings = workflow.settings(environment: environment)
        let runServices: RunServices
        do {
            runServices = try RunServices(
                options: cloud, settings: settings, environment: environment, concurrency: concurrency,
                timings: RunCommand.timings(environment), retryPolicy: patience.retryPolicy)
        } catch {
            errors.line("onboard offboard: stopped before any account: the operator's AWS credentials: \(error.message)")
            throw ExitStatus.someAccountsFailed
        }
        defer { try? runServices.transport.shutdown() }

        // The same preflight as run's: deleting a Spot account needs an organization admin's token.
        let profiles = Set(list.accounts.map(\.spotProfile)).sorted()
        let china = list.accounts.contains(where: \.isChina)
        if !list.accounts.isEmpty, let problem = RunPreflight(run: runServices).check(spotProfiles: profiles, china: china, need: .deletesAccounts) {
            errors.line("onboard offboard: stopped before any account: \(problem)")
            throw ExitStatus.someAccountsFailed
        }

        let folder: RunFolder
        var previous = JournalReplay(events: [])
        do {
            if let resumed {
                folder = resumed
                previous = try JournalReplay.read(folder: folder)
                for problem in previous.problems { errors.line("onboard offboard: \(folder.path)/\(problem)") }
            } else {
                folder = try RunFolder.create(in: reports, kind: "offboard", at: started)
            }
            try lock.update(runID: folder.runID)
        } catch {
            errors.line("onboard offboard: stopped before any account: \(error)")
            throw ExitStatus.cannotCreate
        }
        let selection = RunSelection(accounts: list.accounts, previous: previous, onlyFailed: onlyFailed, runID: folder.runID)
        let offboarding = OffboardingWorkflow(
            services: runServices.services,
            settings: OffboardingSettings(mode: mode, deletesReportDefinition: deleteCurDefinition),
            histories: history.histories)

        let journal: RunJournal
        do {
            journal = try RunJournal(folder: folder)
            try folder.markLatest()
        } catch {
            errors.line("onboard offboard: stopped before any account: \(error)")
            throw ExitStatus.cannotCreate
        }
        let verbosity = output.verbosity
        let progress = ProgressDisplay(total: selection.toRun.count, verbosity: verbosity)
        let recorder = RunRecorder(
            folder: folder, journal: journal, display: progress,
            notable: OffboardSummaryText.notableRule(accounts: list.accounts.map(\.accountID)))
        recorder.record(JournalEvent(
            kind: .runStarted, time: started,
            detail: "offboard (\(mode.rawValue)\(deleteCurDefinition ? ", deleting report definitions" : "")) of \(file): \(selection.toRun.count) to run, \(selection.kept.count) kept, \(selection.resumePoints.count) resumed"))
        logger.notice("\(folder.path): \(selection.toRun.count) accounts to offboard (\(mode.rawValue)), \(concurrency) at a time")

        let runner = BatchRunner(
            configuration: BatchRunner.Configuration(concurrency: concurrency, maxFailures: maxFailures, gate: runServices.health),
            workflow: offboarding, events: recorder)
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
            invalidRows: BatchSummary.InvalidRow.errors(in: list.problems), started: started)
        for problem in ending.writeFailures { errors.line("onboard offboard: could not write \(problem)") }
        if output.json {
            print(try ReportEncoding.json(ending.summary), terminator: "")
        } else {
            print(OffboardSummaryText.render(summary: ending.summary, notable: ending.notable, folder: folder.path, mode: mode, stopDetail: ending.stopDetail))
        }
        switch RunDisposition(ending, stopReason: outcome.stopReason, invalidRows: list.invalidRows) {
        case .allConnected: return
        case .signaled(let number): throw ExitCode(128 + number)
        case .writeFailed(let count):
            errors.line("onboard offboard: \(count) report or journal writes failed: what \(folder.path) holds is incomplete")
            throw ExitStatus.writeFailed
        case .someUnfinished: throw ExitStatus.someAccountsFailed
        case .invalidRows: throw ExitStatus.invalidInput
        }
    }
}
