import AWSKit
import AccountList
import ArgumentParser
import BatchRunner
import Foundation
import HTTPCore
import Logging
import Onboarding
import Reports

/// `onboard check FILE`: what `run` would do for every account, and what drifted since the run
/// that connected it; read-only.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Say per account and step what `run` would do, and what drifted since it was connected; change nothing.",
        discussion: """
            Read-only: only Describe, Get, List and Head calls to AWS (and AssumeRole to log in), \
            and GETs to Spot. Per account and step it reports what `run` would do (create, adopt, \
            update, no-change, or blocked with the reason), and for accounts an earlier run \
            connected (their newest connected report in Reports/run-*/accounts/) what drifted \
            since: the report definition, its bucket policy, the stack, the roles' trust, Spot's \
            credentials, billing and Cost Intelligence, data 48 hours on. Writes \
            Reports/check-<…>/ as `run` writes its folder (accounts/<id>.json|.md, summary.json|\
            .csv|.md, junit.xml, journal.jsonl); in it an account in sync is `connected`, any \
            other `failed` (WouldChange, Drifted, or the code the run would fail with).

            Exit status: 0 every account in sync; 1 something would change, drifted or is \
            blocked; 64 usage error; 65 invalid rows (the valid ones are checked); 66 the file is \
            missing; 73 the reports folder cannot be written; 74 a report could not be written; \
            75 another run holds the reports folder.

            Examples:
              onboard check Inputs/accounts.example.csv --access-role-name OnboardAccess
              onboard check accounts.csv --json > check.json
            """)

    @Argument(help: "The account list (CSV with a header row).")
    var file: String

    @OptionGroup var reportsFolder: ReportsFolderOption

    @Option(help: "Accounts looked at at once.")
    var concurrency = BatchRunner.Configuration().concurrency

    @OptionGroup var output: OutputOptions

    @OptionGroup var cloud: RunOptions
    @OptionGroup var workflow: WorkflowOptions
    @OptionGroup var patience: CallPatienceOptions

    func validate() throws {
        guard (1...4096).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 4096") }
        let environment = ProcessInfo.processInfo.environment
        try cloud.spot.endpointSecurity.check(
            command: "check", aws: EndpointResolver(environment: environment, commandLineOverride: workflow.awsEndpointURL),
            spot: (cloud.spot.spotAPIURL, environment))
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

        let list: RunAccountList
        do {
            list = try RunAccountList.read(file) { problem in errors.line(problem.description) }
        } catch let error as AccountListFileError {
            errors.line(error.description)
            throw error.isContentError ? ExitStatus.invalidInput : ExitStatus.missingInput
        }
        // The reports folder is read (earlier runs) and written (this check): not while a run writes it.
        let lock: ReportsLock
        do {
            lock = try ReportsLock.acquire(in: reports, runID: "a new check", command: "check", at: started)
        } catch {
            errors.line("onboard check: \(error)")
            throw error.code == .held ? ExitStatus.reportsLocked : ExitStatus.cannotCreate
        }
        defer { lock.release() }

        let recorded = RecordedConnections.read(in: reports, accounts: Set(list.accounts.map(\.accountID)))
        for problem in recorded.problems { errors.line("onboard check: passed over an earlier report: \(problem)") }

        let runServices: RunServices
        do {
            runServices = try RunServices(
                options: cloud, settings: workflow.settings(environment: environment), environment: environment,
                concurrency: concurrency, timings: RunCommand.timings(environment), retryPolicy: patience.retryPolicy,
                mode: .check, recordedConnections: recorded.connections)
        } catch {
            errors.line("onboard check: stopped before any account: the operator's AWS credentials: \(error.message)")
            throw ExitStatus.someAccountsFailed
        }
        defer { try? runServices.transport.shutdown() }
        let profiles = Set(list.accounts.map(\.spotProfile)).sorted()
        let china = list.accounts.contains(where: \.isChina)
        if !list.accounts.isEmpty, let problem = RunPreflight(run: runServices).check(spotProfiles: profiles, china: china, need: .readsAccounts) {
            errors.line("onboard check: stopped before any account: \(problem)")
            throw ExitStatus.someAccountsFailed
        }

        let folder: RunFolder
        let journal: RunJournal
        let accountWorkflow = AccountWorkflow(services: runServices.services)
        do {
            folder = try RunFolder.create(in: reports, kind: "check", at: started)
            try lock.update(runID: folder.runID)
            journal = try RunJournal(folder: folder)
            try PlanReportWriter(folder: folder).writeTemplates(of: list.accounts, template: accountWorkflow.template(for:))
        } catch {
            errors.line("onboard check: stopped before any account: \(error)")
            throw ExitStatus.cannotCreate
        }
        let selection = RunSelection(
            accounts: list.accounts, previous: JournalReplay(events: []), onlyFailed: false, runID: folder.runID)
        let progress = ProgressDisplay(
            total: selection.toRun.count, verbosity: output.verbosity)
        let recorder = RunRecorder(folder: folder, journal: journal, display: progress, notable: CheckSummaryText.isNotable)
        recorder.record(JournalEvent(
            kind: .runStarted, time: started,
            detail: "check of \(file): \(selection.toRun.count) accounts, \(recorded.connections.count) connected by earlier runs"))
        logger.notice("\(folder.path): checking \(selection.toRun.count) accounts (read-only), \(concurrency) at a time")

        let runner = BatchRunner(
            configuration: BatchRunner.Configuration(concurrency: concurrency, gate: runServices.health),
            workflow: accountWorkflow, events: recorder)
        let signals = SignalWatch { signal in
            logger.warning("signal \(signal): starting nothing new")
            runner.stop(signal: signal)
        }
        let outcome = BlockingCall.wait { done in runner.run(selection.toRun, completion: done) }
        signals.cancel()
        progress.finish()

        let ending = recorder.finish(
            outcome, selection: selection, accounts: list.accounts, accountList: file,
            invalidRows: BatchSummary.InvalidRow.errors(in: list.problems), started: started)
        for problem in ending.writeFailures { errors.line("onboard check: could not write \(problem)") }
        if output.json {
            print(try ReportEncoding.json(ending.summary), terminator: "")
        } else {
            print(CheckSummaryText.render(summary: ending.summary, notable: ending.notable, folder: folder.path, invalidRows: list.invalidRows))
        }
        switch RunDisposition(ending, stopReason: outcome.stopReason, invalidRows: list.invalidRows) {
        case .allConnected: return
        case .signaled(let number): throw ExitCode(128 + number)
        case .writeFailed: throw ExitStatus.writeFailed
        case .someUnfinished: throw ExitStatus.someAccountsFailed
        case .invalidRows: throw ExitStatus.invalidInput
        }
    }
}
