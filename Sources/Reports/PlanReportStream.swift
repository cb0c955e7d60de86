import AccountList
import Dispatch
import Foundation
import Onboarding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a plan into its run folder as it is made, account by account, in memory that does not
/// grow with the number of accounts: `plan.json` and `plan.md` are the same documents as
/// ``PlanReportWriter/markdown(_:)`` and ``ReportEncoding/json(_:)`` make of the whole
/// ``PlanReport``, and each template is written once, to the file the plan names.
///
/// `plan.json` is written to a temporary file as the accounts come (its first key is
/// `accounts`); what comes after them in either document (the invalid rows, the warnings) and
/// the parts of `plan.md` that follow its counts go to unnamed scratch files in the run folder.
/// ``finish()`` puts the documents together and renames them into place, so a reader, or a plan
/// stopped midway, never sees half a plan; a stream dropped before it leaves no file behind.
/// Not for use from more than one thread.
public final class PlanReportStream {
    /// The run folder written to.
    public let folder: RunFolder
    /// When the plan was made.
    public let createdAt: Date
    /// The account list, as given on the command line.
    public let input: String
    /// The accounts planned so far.
    public private(set) var accounts = 0
    /// The accounts so far that would fail before any network call.
    public private(set) var blockedAccounts = 0
    /// The invalid rows so far.
    public private(set) var invalidRows = 0
    /// The warnings so far.
    public private(set) var warnings = 0

    private let encoder = ReportEncoding.encoder()
    private let runFolder: Int32
    /// `plan.json`'s temporary name, and the file under it.
    private let jsonName: String
    private let json: ReportFileStream
    private let markdownTable: ReportFileStream
    private let markdownSections: ReportFileStream
    private let markdownInvalidRows: ReportFileStream
    private let markdownWarnings: ReportFileStream
    private let jsonInvalidRows: ReportFileStream
    private let jsonWarnings: ReportFileStream
    /// The template files written so far (one per distinct template).
    private var templates: Set<String> = []
    /// The distinct workflows the accounts name, in the order first named, with how many name each.
    private var workflows: [(workflow: PlannedWorkflow, accounts: Int)] = []
    private var workflowIndex: [String: Int] = [:]
    private var finished = false

    /// Starts the plan of `input` in `folder`.
    ///
    /// - Throws: `ReportWriteError` (`writeFile`) when the run folder cannot be opened or its
    ///   files made.
    public init(folder: RunFolder, createdAt: Date, input: String) throws {
        self.folder = folder
        self.createdAt = createdAt
        self.input = input
        let path = folder.path
        do throws(ReportFiles.Failure) {
            runFolder = try folder.openRunFolder()
        } catch {
            throw ReportWriteError(operation: .writeFile, path: path, reason: error.reason)
        }
        let descriptor = runFolder
        func scratch(_ what: String) throws -> ReportFileStream {
            do throws(ReportFiles.Failure) {
                return try Self.scratchFile(in: descriptor, what: what)
            } catch {
                ReportFiles.closeQuietly(descriptor)
                throw ReportWriteError(operation: .writeFile, path: path, reason: error.reason)
            }
        }
        markdownTable = try scratch("plan.md's table")
        markdownSections = try scratch("plan.md's accounts")
        markdownInvalidRows = try scratch("plan.md's invalid rows")
        markdownWarnings = try scratch("plan.md's warnings")
        jsonInvalidRows = try scratch("plan.json's invalid rows")
        jsonWarnings = try scratch("plan.json's warnings")
        jsonName = ReportFiles.temporaryName(for: "plan.json")
        do throws(ReportFiles.Failure) {
            json = try Self.temporaryFile(jsonName, in: descriptor, what: "plan.json")
            try json.write("{\n  \"accounts\" : [")
        } catch {
            _ = unlinkat(descriptor, jsonName, 0)
            ReportFiles.closeQuietly(descriptor)
            throw ReportWriteError(operation: .writeFile, path: "\(path)/plan.json", reason: error.reason)
        }
    }

    deinit {
        if !finished { _ = unlinkat(runFolder, jsonName, 0) }
        ReportFiles.closeQuietly(runFolder)
    }

    /// An account's plan made ready to be written: its part of `plan.json` and of `plan.md`,
    /// rendered (``entries(planning:with:)`` renders many at once).
    public struct Entry: Sendable {
        /// The plan.
        public let plan: AccountPlan
        /// The template it deploys, nil when the account is blocked before the stack.
        public let template: StackTemplate?
        /// The plan as an element of `plan.json`'s `accounts`, indented for its place there.
        let json: [UInt8]
        /// The plan's row in `plan.md`'s table, with its newline.
        let tableRow: String
        /// The plan's section of `plan.md`, each line with its newline.
        let section: String

        /// Renders `plan` (with `encoder`, one of `ReportEncoding.encoder()`).
        init(plan: AccountPlan, template: StackTemplate?, encoder: JSONEncoder) throws {
            var json: [UInt8] = []
            ReportFileStream.appendIndented(try encoder.encode(plan), by: 4, to: &json)
            self.init(plan: plan, template: template, json: json)
        }

        /// Renders `plan` with its element of `accounts` already made.
        init(plan: AccountPlan, template: StackTemplate?, json: [UInt8]) {
            self.plan = plan
            self.template = template
            self.json = json
            tableRow = PlanReportWriter.tableRow(plan) + "\n"
            section = PlanReportWriter.sectionLines(plan).map { $0 + "\n" }.joined()
        }
    }

    /// The entry templates of the accounts' shapes, for the planner's settings they were made with.
    private var entryTemplates = PlanEntryTemplates()
    private var entrySettings: OnboardingSettings?

    /// Plans `accounts` with `planner` and renders each plan, spread over the processors; the
    /// entries are in the order of `accounts`. Each account's element of `plan.json` is made
    /// from its shape's (``PlanEntryTemplate``), the same bytes as encoding its plan.
    ///
    /// - Throws: the first error encoding a plan (an `EncodingError`).
    public func entries(planning accounts: [PayerAccount], with planner: AccountPlanner) throws -> [Entry] {
        if entrySettings != planner.settings {
            entrySettings = planner.settings
            entryTemplates = PlanEntryTemplates()
        }
        let templates = entryTemplates
        @Sendable func entry(_ account: PayerAccount, _ encoder: JSONEncoder) throws -> Entry {
            let (plan, template) = planner.plan(for: account)
            let json = try templates.entry(for: plan, of: account, planner: planner, encoder: encoder, indentedBy: 4)
            return Entry(plan: plan, template: template, json: json)
        }
        let workers = min(accounts.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        guard workers > 1 else {
            let encoder = ReportEncoding.encoder()
            return try accounts.map { try entry($0, encoder) }
        }
        // Each worker renders every `workers`-th account into its own slots.
        let slots = Slots<Result<Entry, any Error>>(count: accounts.count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let encoder = ReportEncoding.encoder()
            for index in stride(from: worker, to: accounts.count, by: workers) {
                slots.set(index, Result { try entry(accounts[index], encoder) })
            }
        }
        return try (0..<accounts.count).map { try slots.value(at: $0).get() }
    }

    /// Adds an account's plan and writes its template (`stack.template_file`), unless an
    /// earlier account's plan named the same file.
    ///
    /// - Throws: `ReportWriteError`, also when the template's file is not
    ///   `templates/<name>.json` with a plain name.
    public func add(_ plan: AccountPlan, template: StackTemplate?) throws {
        try add(Entry(plan: plan, template: template, encoder: encoder))
    }

    /// Adds a rendered plan and writes its template (`stack.template_file`), unless an earlier
    /// account's plan named the same file.
    ///
    /// - Throws: `ReportWriteError`, also when the template's file is not
    ///   `templates/<name>.json` with a plain name.
    public func add(_ entry: Entry) throws {
        precondition(!finished, "the plan is finished")
        if let template = entry.template, let file = entry.plan.stack?.templateFile, !templates.contains(file) {
            try PlanReportWriter(folder: folder).writeTemplate(template, to: file)
            templates.insert(file)
        }
        try writing("plan.json") { () throws(ReportFiles.Failure) in
            try json.write(accounts == 0 ? "\n    " : ",\n    ")
            try json.write(entry.json)
        }
        try writing("plan.md") { () throws(ReportFiles.Failure) in
            try markdownTable.write(entry.tableRow)
            try markdownSections.write(entry.section)
        }
        accounts += 1
        if entry.plan.blockedAt != nil { blockedAccounts += 1 }
        let workflow = entry.plan.workflow
        if let index = workflowIndex[workflow.id] {
            workflows[index].accounts += 1
        } else {
            workflowIndex[workflow.id] = workflows.count
            workflows.append((workflow, 1))
        }
    }

    /// Adds a row that could not be planned.
    public func add(_ row: PlanReport.InvalidRow) throws {
        precondition(!finished, "the plan is finished")
        let fragment = try encoder.encode(row)
        try writing("plan.json") { () throws(ReportFiles.Failure) in
            try jsonInvalidRows.write(invalidRows == 0 ? "\n    " : ",\n    ")
            try jsonInvalidRows.write(fragment, indentingLinesBy: 4)
        }
        try writing("plan.md") { () throws(ReportFiles.Failure) in
            for line in PlanReportWriter.invalidRowLines(row) { try markdownInvalidRows.write(line + "\n") }
        }
        invalidRows += 1
    }

    /// Adds warnings about the file or rows that were still planned, in their order.
    public func add(_ warnings: [AccountListProblem]) throws {
        precondition(!finished, "the plan is finished")
        for warning in warnings {
            let fragment = try encoder.encode(warning)
            try writing("plan.json") { () throws(ReportFiles.Failure) in
                try jsonWarnings.write(self.warnings == 0 ? "\n    " : ",\n    ")
                try jsonWarnings.write(fragment, indentingLinesBy: 4)
            }
            try writing("plan.md") { () throws(ReportFiles.Failure) in try markdownWarnings.write(PlanReportWriter.warningLine(warning) + "\n") }
            self.warnings += 1
        }
    }

    /// Completes `plan.json` and `plan.md`, renames them into place, then points `latest` at
    /// the run. Nothing can be added after.
    ///
    /// - Throws: `ReportWriteError`; `plan.md`'s temporary file is then removed (and
    ///   `plan.json`'s when the stream goes).
    public func finish() throws {
        precondition(!finished, "the plan is finished")
        let emptyArray = try encoder.encode([Int]())
        func closeArray(_ file: ReportFileStream, count: Int) throws(ReportFiles.Failure) {
            if count == 0 {
                try file.write(emptyArray.dropFirst(), indentingLinesBy: 2)
            } else {
                try file.write("\n  ]")
            }
        }
        func field(_ key: String, _ value: some Encodable) throws -> String {
            ",\n  \"\(key)\" : " + String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        let created = try field("created_at", createdAt)
        let input = try field("input", input)
        let runID = try field("run_id", folder.runID)
        let version = try field("schema_version", PlanReport.currentSchemaVersion)
        let workflowFragments = try workflows.map { try encoder.encode($0.workflow) }
        try writing("plan.json") { () throws(ReportFiles.Failure) in
            try closeArray(json, count: accounts)
            try json.write(created + input + ",\n  \"invalid_rows\" : [")
            try json.append(contentsOf: jsonInvalidRows)
            try closeArray(json, count: invalidRows)
            try json.write(runID + version + ",\n  \"warnings\" : [")
            try json.append(contentsOf: jsonWarnings)
            try closeArray(json, count: warnings)
            try json.write(",\n  \"workflows\" : [")
            for (index, named) in workflowFragments.enumerated() {
                try json.write(index == 0 ? "\n    " : ",\n    ")
                try json.write(named, indentingLinesBy: 4)
            }
            try closeArray(json, count: workflowFragments.count)
            try json.write("\n}\n")
            try json.close()
        }
        let markdownName = ReportFiles.temporaryName(for: "plan.md")
        do throws(ReportFiles.Failure) {
            let markdown = try Self.temporaryFile(markdownName, in: runFolder, what: "plan.md")
            let header = PlanReportWriter.headerLines(
                runID: folder.runID, input: self.input, createdAt: createdAt, accounts: accounts,
                blocked: blockedAccounts, invalidRows: invalidRows)
            for line in header { try markdown.write(line + "\n") }
            try markdown.append(contentsOf: markdownTable)
            try markdown.append(contentsOf: markdownSections)
            if !workflows.isEmpty {
                for line in PlanReportWriter.workflowsHeading { try markdown.write(line + "\n") }
                for named in workflows {
                    for line in PlanReportWriter.workflowLines(named.workflow, accounts: named.accounts) { try markdown.write(line + "\n") }
                }
            }
            if invalidRows > 0 {
                for line in PlanReportWriter.invalidRowsHeading { try markdown.write(line + "\n") }
                try markdown.append(contentsOf: markdownInvalidRows)
            }
            if warnings > 0 {
                for line in PlanReportWriter.warningsHeading { try markdown.write(line + "\n") }
                try markdown.append(contentsOf: markdownWarnings)
            }
            try markdown.close()
            guard renameat(runFolder, jsonName, runFolder, "plan.json") == 0 else {
                throw ReportFiles.Failure("rename into plan.json")
            }
            finished = true
            guard renameat(runFolder, markdownName, runFolder, "plan.md") == 0 else {
                throw ReportFiles.Failure("rename into plan.md")
            }
            try ReportFiles.sync(runFolder, "the run folder")
        } catch {
            _ = unlinkat(runFolder, markdownName, 0)
            throw ReportWriteError(operation: .writeFile, path: "\(folder.path)/plan.md", reason: error.reason)
        }
        try folder.markLatest()
    }

    /// Runs `body`, reporting a failure as a `ReportWriteError` on `file` of the run.
    private func writing(_ file: String, _ body: () throws(ReportFiles.Failure) -> Void) throws {
        do throws(ReportFiles.Failure) {
            try body()
        } catch {
            throw ReportWriteError(operation: .writeFile, path: "\(folder.path)/\(file)", reason: error.reason)
        }
    }

    /// A new file `name` in `folder` (``ReportFiles/newFile(_:in:what:)``).
    private static func temporaryFile(_ name: String, in folder: Int32, what: String) throws(ReportFiles.Failure) -> ReportFileStream {
        try ReportFiles.newFile(name, in: folder, what: what)
    }

    /// A scratch file in `folder` with no name: made under a temporary name and unlinked at
    /// once, so it goes with its descriptor, even when the process is killed.
    private static func scratchFile(in folder: Int32, what: String) throws(ReportFiles.Failure) -> ReportFileStream {
        let name = ReportFiles.temporaryName(for: "plan")
        let file = try temporaryFile(name, in: folder, what: what)
        guard unlinkat(folder, name, 0) == 0 else { throw ReportFiles.Failure("remove the name of a scratch file") }
        return file
    }
}

/// Slots that workers running at once fill, each slot by one worker only, read after they are
/// all done: a buffer of fixed size, so that no write touches another's slot or the buffer itself.
private final class Slots<Value: Sendable>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    /// Fills slot `index` (from one worker only).
    func set(_ index: Int, _ value: Value) {
        buffer[index] = value
    }

    /// Slot `index`, once every worker is done; it must be filled.
    func value(at index: Int) -> Value {
        buffer[index]!
    }
}
