import AccountList
import ArgumentParser
import Foundation

/// `onboard validate FILE`: checks an account list without touching any cloud.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an account list: every problem with its file, line and column.",
        discussion: """
            Problems go to standard error as `file:line: column: message`, then a count. Exit \
            status: 0 when there is no error (warnings allowed), 65 when the header or any row \
            is invalid, 66 when the file is missing, unreadable, or not a regular file (a FIFO, \
            a device, a folder: refused before it is read, so a pipe cannot make it wait).

            Examples:
              onboard validate Inputs/accounts.example.csv
              onboard validate accounts.csv --json > problems.json
            """
    )

    @Argument(help: "The account list (CSV with a header row).")
    var file: String

    @Flag(help: "Print the problems and counts as JSON on standard output.")
    var json = false

    func run() throws {
        let errorStream = OutputStream.standardError()
        let outputStream = OutputStream.standardOutput()
        let report = ValidationReport(file: file, jsonOutput: json ? outputStream : nil, textOutput: errorStream)
        defer {
            outputStream.flush()
            errorStream.flush()
        }
        let reader: AccountListReader
        do {
            reader = try AccountListReader(path: file, options: .init(checksInParallel: true))
        } catch let error as AccountListFileError {
            report.finish(fileError: error)
            throw error.isContentError ? ExitStatus.invalidInput : ExitStatus.missingInput
        }
        report.start()
        for problem in reader.headerProblems { report.add(problem) }
        do {
            while let row = try reader.next() {
                report.count(row)
            }
        } catch let error as AccountListFileError {
            report.finish(fileError: error)
            throw ExitStatus.missingInput
        }
        report.finish(fileError: nil)
        if report.errors > 0 { throw ExitStatus.invalidInput }
    }
}
