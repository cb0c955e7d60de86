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
            Writes Reports/<run-id>/plan.md, plan.json and templates/<account_id>.json, and points \
            Reports/latest at the run. Exit status: 0 when every row is planned, 1 when some \
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
        let writer: PlanReportWriter
        do {
            folder = try RunFolder.create(in: reportsFolder.reports, kind: "plan", at: now)
            writer = PlanReportWriter(folder: folder)
        } catch let error as ReportWriteError {
            errors.line(error.description)
            throw ExitCode.failure
        }
        var accounts: [AccountPlan] = []
        var invalidRows: [PlanReport.InvalidRow] = []
        var warnings = reader.headerProblems
        for problem in reader.headerProblems { errors.line(problem.description) }
        do {
            while let row = try reader.next() {
                for problem in row.problems { errors.line(problem.description) }
                guard let account = row.account else {
                    invalidRows.append(PlanReport.InvalidRow(line: row.line, problems: row.problems))
                    continue
                }
                warnings += row.problems
                let (plan, template) = planner.plan(for: account)
                if let template {
                    try writer.writeTemplate(template, accountID: account.accountID)
                }
                if let step = plan.blockedAt {
                    errors.line("\(DisplayText.escaped(file)):\(account.line): account \(account.accountID) blocked at \(step.rawValue): \(plan.blockedReason ?? "")")
                }
                accounts.append(plan)
            }
            let report = PlanReport(
                runID: folder.runID, createdAt: now, input: file, accounts: accounts, invalidRows: invalidRows,
                warnings: warnings)
            try writer.writeSummary(report)
            let blocked = report.blockedAccounts.count
            if json {
                let summary = PlanSummary(
                    runID: folder.runID, folder: folder.path, accounts: accounts.count, blocked: blocked,
                    invalidRows: invalidRows.count)
                print(try ReportEncoding.json(summary), terminator: "")
            } else {
                print("\(folder.path)/plan.md: \(accounts.count) accounts planned, \(blocked) blocked, \(invalidRows.count) invalid rows; templates in \(folder.path)/templates")
            }
            if !invalidRows.isEmpty { throw ExitStatus.invalidInput }
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
