import AccountList
import ArgumentParser
import Foundation
import Onboarding
import Reports

/// `onboard plan FILE`: what a run would do for each account, without any network call.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a run would do for each account, and write the templates; no network.",
        discussion: """
            Writes Reports/<run-id>/plan.md, plan.json and the templates, one file per distinct \
            template (templates/<partition>_<products>.json, named by each account's \
            stack.template_file), and points Reports/latest at the run. Exit status: 0 when every row is planned, 1 when some \
            account would fail before any network call (such as a China row without Spot's China \
            principals), 65 when rows are invalid (the valid ones are still planned), 66 when the \
            file is missing.

            Examples:
              onboard plan Inputs/accounts.example.csv
              onboard plan accounts.csv --reports /var/lib/onboard/reports --stack-name spot-finops
            """
    )

    @Argument(help: "The account list (CSV with a header row).")
    var file: String

    @OptionGroup var reportsFolder: ReportsFolderOption

    @Flag(help: "Print a summary as JSON on standard output.")
    var json = false

    @OptionGroup var workflow: WorkflowOptions

    /// How many valid rows are planned at a time: enough to keep every processor busy, few
    /// enough that their plans take little memory.
    static let batchSize = 256

    func run() throws {
        let errors = OutputStream.standardError()
        defer { errors.flush() }
        let reader: AccountListReader
        do {
            reader = try AccountListReader(path: file, options: .init(checksInParallel: true))
        } catch let error as AccountListFileError {
            errors.line(error.description)
            throw error.isContentError ? ExitStatus.invalidInput : ExitStatus.missingInput
        }
        let planner = AccountPlanner(settings: workflow.settings(environment: ProcessInfo.processInfo.environment))
        let now = Date()
        let folder: RunFolder
        let stream: PlanReportStream
        do {
            folder = try RunFolder.create(in: reportsFolder.reports, kind: "plan", at: now)
            stream = try PlanReportStream(folder: folder, createdAt: now, input: file)
        } catch let error as ReportWriteError {
            errors.line(error.description)
            throw ExitCode.failure
        }
        // Row by row, straight to the run folder: memory does not grow with the list. Valid rows
        // are planned and rendered a batch at a time, on every processor, and written in order.
        var batch: [PayerAccount] = []
        func planBatch() throws {
            defer { batch.removeAll(keepingCapacity: true) }
            for entry in try stream.entries(planning: batch, with: planner) {
                try stream.add(entry)
                if let step = entry.plan.blockedAt {
                    errors.line("\(DisplayText.escaped(file)):\(entry.plan.line): account \(entry.plan.accountID) blocked at \(step.rawValue): \(entry.plan.blockedReason ?? "")")
                }
            }
        }
        do {
            for problem in reader.headerProblems { errors.line(problem.description) }
            try stream.add(reader.headerProblems)
            while let row = try reader.next() {
                for problem in row.problems { errors.line(problem.description) }
                guard let account = row.account else {
                    try stream.add(PlanReport.InvalidRow(line: row.line, problems: row.problems))
                    continue
                }
                try stream.add(row.problems)
                batch.append(account)
                if batch.count == Self.batchSize { try planBatch() }
            }
            try planBatch()
            try stream.finish()
            let (accounts, blocked, invalidRows) = (stream.accounts, stream.blockedAccounts, stream.invalidRows)
            if json {
                let summary = PlanSummary(
                    runID: folder.runID, folder: folder.path, accounts: accounts, blocked: blocked, invalidRows: invalidRows)
                print(try ReportEncoding.json(summary), terminator: "")
            } else {
                print("\(folder.path)/plan.md: \(accounts) accounts planned, \(blocked) blocked, \(invalidRows) invalid rows; templates in \(folder.path)/templates")
            }
            if invalidRows > 0 { throw ExitStatus.invalidInput }
            if blocked > 0 { throw ExitStatus.someAccountsFailed }
        } catch let error as ReportWriteError {
            errors.line(error.description)
            throw ExitCode.failure
        } catch let error as AccountListFileError {
            errors.line(error.description)
            throw ExitStatus.missingInput
        }
    }
}

/// The `--json` summary of `onboard plan`.
struct PlanSummary: Codable {
    var runID: String
    var folder: String
    var accounts: Int
    var blocked: Int
    var invalidRows: Int
}
