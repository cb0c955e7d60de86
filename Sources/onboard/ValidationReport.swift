import AccountList
import Foundation

/// Streams `validate`'s findings as they come: text lines to standard error, or one JSON
/// document on standard output, so memory does not grow with the number of problems.
final class ValidationReport {
    private let file: String
    private let jsonOutput: OutputStream?
    private let textOutput: OutputStream
    private let encoder: JSONEncoder
    private var started = false
    private var firstProblem = true
    private(set) var rows = 0
    private(set) var validRows = 0
    private(set) var errors = 0
    private(set) var warnings = 0

    init(file: String, jsonOutput: OutputStream?, textOutput: OutputStream) {
        // The name as the account list's messages show it: characters that do not print escaped.
        self.file = DisplayText.escaped(file)
        self.jsonOutput = jsonOutput
        self.textOutput = textOutput
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    func start() {
        guard !started else { return }
        started = true
        jsonOutput?.write("{\"file\":\(encodeJSON(file)),\"problems\":[")
    }

    func count(_ row: AccountListRow) {
        rows += 1
        if row.isValid { validRows += 1 }
        for problem in row.problems { add(problem) }
    }

    func add(_ problem: AccountListProblem) {
        if problem.severity == .error { errors += 1 } else { warnings += 1 }
        if let jsonOutput {
            jsonOutput.write(firstProblem ? "\n  " : ",\n  ")
            jsonOutput.write(encodeJSON(problem))
            firstProblem = false
        } else {
            textOutput.line(problem.description)
        }
    }

    func finish(fileError: AccountListFileError?) {
        start()
        if let fileError {
            if fileError.problems.isEmpty, jsonOutput == nil {
                errors += 1
                textOutput.line(fileError.description)
            } else if fileError.problems.isEmpty {
                // Line 0: the problem is with the file as a whole.
                add(AccountListProblem(severity: .error, file: file, line: 0, column: nil, message: fileError.detail))
            } else {
                for problem in fileError.problems { add(problem) }
            }
        }
        let invalidRows = rows - validRows
        if let jsonOutput {
            jsonOutput.write(firstProblem ? "]," : "\n],")
            jsonOutput.line(
                "\"rows\":\(rows),\"valid_rows\":\(validRows),\"invalid_rows\":\(invalidRows),\"errors\":\(errors),\"warnings\":\(warnings),\"file_error\":\(fileError.map { encodeJSON($0.code.rawValue) } ?? "null")}")
        } else {
            let verdict = errors == 0 ? "ok" : "invalid"
            textOutput.line(
                "\(file): \(verdict): \(rows) rows, \(validRows) valid, \(invalidRows) invalid; \(errors) \(errors == 1 ? "error" : "errors"), \(warnings) \(warnings == 1 ? "warning" : "warnings")")
        }
    }

    private func encodeJSON(_ value: some Encodable) -> String {
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
