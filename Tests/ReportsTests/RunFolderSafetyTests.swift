import AccountList
import Foundation
import Onboarding
import Testing

@testable import Reports

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Run ids, symbolic links and temporary files: nothing a run writes lands outside its run
/// folder, and nothing it writes follows a link.
@Suite("Run folder safety")
struct RunFolderSafetyTests {
    /// A reports root inside a sandbox folder, with a bystander file beside the root.
    struct Sandbox {
        let base: String
        var root: String { "\(base)/Reports" }
        var bystander: String { "\(base)/bystander.txt" }

        init() throws {
            base = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-safety-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: "\(base)/Reports", withIntermediateDirectories: true)
            try "keep me".write(toFile: "\(base)/bystander.txt", atomically: false, encoding: .utf8)
        }

        func remove() { try? FileManager.default.removeItem(atPath: base) }

        func bystanderText() throws -> String { try String(contentsOfFile: bystander, encoding: .utf8) }

        func names(_ folder: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        }
    }

    @Test(arguments: [
        "..", ".", "", "../Reports", "/etc", "run-20261127-000000/..", "run-20261127-000000/", "Reports",
        "run-2026112-000000", "run-20261127-00000", "run-20261127-000000-1", "run-20261127-000000-02", "run-20261127-000000-x",
        "RUN-20261127-000000", "drill-20261127-000000", "run-20261127-000000\n", "run_20261127_000000", "latest/..",
        "run-20261127-000000-2-3", " run-20261127-000000",
    ])
    func runIDsThatOnboardDoesNotMakeAreRefused(_ runID: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        _ = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        let error = try #require(throws: ReportWriteError.self) { try RunFolder.open(in: sandbox.root, runID: runID) }
        #expect(error.operation == .openRun)
        #expect(!RunFolder.isRunID(runID))
    }

    @Test func runIDsOfEveryKindOnboardMakesAreAccepted() throws {
        for id in ["run-20261127-000000", "plan-20261127-235959", "check-20261127-000000", "run-20261127-000000-2", "run-20261127-000000-17"] {
            #expect(RunFolder.isRunID(id), "\(id)")
        }
        #expect(!RunFolder.isRunID("plan-20261127-000000", kinds: ["run"]))
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let plan = try RunFolder.create(in: sandbox.root, kind: "plan", at: ReportFixtures.start)
        #expect(try RunFolder.open(in: sandbox.root, runID: plan.runID) == plan)
        #expect(throws: ReportWriteError.self) { try RunFolder.open(in: sandbox.root, runID: plan.runID, kinds: ["run"]) }
        #expect(throws: ReportWriteError.self) { try RunFolder.create(in: sandbox.root, kind: "../x", at: ReportFixtures.start) }
    }

    @Test(arguments: ["..", ".", "../Reports", "/tmp", "run-20261127-000000/../..", "not/a-run"])
    func latestMustPointAtARunID(_ target: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        _ = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        #expect(symlink(target, "\(sandbox.root)/latest") == 0)
        let error = try #require(throws: ReportWriteError.self) { try RunFolder.open(in: sandbox.root, runID: "latest") }
        #expect(error.operation == .openRun)
        #expect(error.reason.contains("not a run id"))
    }

    /// A run's name (`--run-id`) is a run reference too: `latest` pointing at one that is not
    /// there says so.
    @Test func latestAtAMissingNamedRunSaysSo() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        _ = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        #expect(symlink("nightly", "\(sandbox.root)/latest") == 0)
        let error = try #require(throws: ReportWriteError.self) { try RunFolder.open(in: sandbox.root, runID: "latest") }
        #expect(error.operation == .openRun)
        #expect(error.reason.contains("no such run"))
    }

    @Test func aSymlinkedRunFolderIsRefused() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        // A "run" that is a link to the folder above the reports root.
        #expect(symlink("..", "\(sandbox.root)/run-20261127-000000") == 0)
        let error = try #require(throws: ReportWriteError.self) { try RunFolder.open(in: sandbox.root, runID: "run-20261127-000000") }
        #expect(error.reason.contains("symbolic link"))
        // Through latest, too.
        #expect(symlink("run-20261127-000000", "\(sandbox.root)/latest") == 0)
        #expect(throws: ReportWriteError.self) { try RunFolder.open(in: sandbox.root, runID: "latest") }
        // And a folder value made by hand cannot write through it.
        let folder = RunFolder(root: sandbox.root, runID: "run-20261127-000000")
        #expect(throws: ReportWriteError.self) { try folder.write("x", to: "summary.md") }
        #expect(throws: ReportWriteError.self) { try RunJournal(folder: folder) }
        #expect(throws: ReportReadError.self) { try folder.read("summary.md") }
        #expect(try sandbox.names(sandbox.base) == ["Reports", "bystander.txt"])
        #expect(try sandbox.bystanderText() == "keep me")
    }

    @Test func aRunFolderThatIsAFileIsRefused() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        #expect(FileManager.default.createFile(atPath: "\(sandbox.root)/run-20261127-000000", contents: Data()))
        #expect(throws: ReportWriteError.self) { try RunFolder.open(in: sandbox.root, runID: "run-20261127-000000") }
    }

    @Test(arguments: ["accounts", "templates"])
    func aSymlinkedSubfolderIsRefused(_ subfolder: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        #expect(symlink(sandbox.base, "\(folder.path)/\(subfolder)") == 0)
        let error = try #require(throws: ReportWriteError.self) { try folder.write("{}", to: "\(subfolder)/bystander.txt") }
        #expect(error.operation == .writeFile)
        #expect(error.reason.contains("symbolic link"))
        #expect(try sandbox.bystanderText() == "keep me")
        #expect(try sandbox.names(sandbox.base) == ["Reports", "bystander.txt"])
        if subfolder == "accounts" {
            #expect(throws: ReportWriteError.self) { try AccountReportWriter(folder: folder).write(ReportFixtures.connected()) }
            #expect(throws: ReportReadError.self) { try AccountReportWriter(folder: folder).readAll() }
        }
    }

    @Test func aLinkAtTheTargetIsReplacedNotFollowed() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        #expect(symlink(sandbox.bystander, "\(folder.path)/summary.md") == 0)
        try folder.write("# summary", to: "summary.md")
        #expect(try sandbox.bystanderText() == "keep me")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder.path)/summary.md")) == nil)
        #expect(try String(contentsOfFile: "\(folder.path)/summary.md", encoding: .utf8) == "# summary")
    }

    @Test func aReportThatIsALinkIsNotRead() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        try FileManager.default.createDirectory(atPath: "\(folder.path)/accounts", withIntermediateDirectories: true)
        #expect(symlink(sandbox.bystander, "\(folder.path)/accounts/111111111111.json") == 0)
        #expect(throws: ReportReadError.self) { try AccountReportWriter(folder: folder).read(accountID: "111111111111") }
        #expect(throws: ReportReadError.self) { try AccountReportWriter(folder: folder).readAll() }
        #expect(symlink(sandbox.bystander, "\(folder.path)/summary.json") == 0)
        #expect(throws: ReportReadError.self) { try SummaryWriter(folder: folder).read() }
    }

    @Test func aSymlinkedJournalIsRefusedAndItsTargetUntouched() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        // A journal without a final newline would be cut back (truncated) to its last line.
        try "no newline here".write(toFile: sandbox.bystander, atomically: false, encoding: .utf8)
        #expect(symlink(sandbox.bystander, "\(folder.path)/\(RunJournal.fileName)") == 0)
        let error = try #require(throws: ReportWriteError.self) { try RunJournal(folder: folder) }
        #expect(error.reason.contains("symbolic link"))
        #expect(try sandbox.bystanderText() == "no newline here")
        #expect(throws: ReportReadError.self) { try RunJournal.read(folder: folder) }
    }

    @Test func aHardLinkedJournalIsRefused() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        try "no newline here".write(toFile: sandbox.bystander, atomically: false, encoding: .utf8)
        #expect(link(sandbox.bystander, "\(folder.path)/\(RunJournal.fileName)") == 0)
        let error = try #require(throws: ReportWriteError.self) { try RunJournal(folder: folder) }
        #expect(error.reason.contains("hard link"))
        #expect(try sandbox.bystanderText() == "no newline here")
    }

    @Test func temporaryNamesAreUnpredictableAndNeverReused() {
        let names = (0..<200).map { _ in ReportFiles.temporaryName(for: "summary.md") }
        #expect(Set(names).count == names.count)
        for name in names {
            // `.summary.md.<32 hex digits>.tmp`: 128 random bits, not the pid (a random name may
            // hold the pid's digits by chance, so the form is checked, not the digits' absence).
            let random = name.dropFirst(".summary.md.".count).dropLast(".tmp".count)
            #expect(name.hasPrefix(".summary.md.") && name.hasSuffix(".tmp"))
            #expect(random.count == 32 && random.allSatisfy(\.isHexDigit), "\(name)")
            #expect(random != "\(getpid())", "the pid is guessable")
        }
    }

    @Test func aLinkPlantedAtTheOldPredictableTemporaryNameIsNotFollowed() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        // The name the writer used to use (`.<name>.<pid>.tmp`).
        #expect(symlink(sandbox.bystander, "\(folder.path)/.summary.md.\(getpid()).tmp") == 0)
        try folder.write("# summary", to: "summary.md")
        #expect(try sandbox.bystanderText() == "keep me")
        #expect(try sandbox.names(folder.path) == [".summary.md.\(getpid()).tmp", "summary.md"])
    }

    @Test func anExistingTemporaryNameIsNeverOpened() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        let descriptor = try folder.openRunFolder()
        defer { close(descriptor) }
        // O_EXCL: creating over an existing name (here, a link to the bystander) fails.
        #expect(symlink(sandbox.bystander, "\(folder.path)/.taken.tmp") == 0)
        #expect(throws: ReportFiles.Failure.self) {
            try ReportFiles.openFile(descriptor, ".taken.tmp", flags: O_WRONLY | O_CREAT | O_EXCL)
        }
        #expect(try sandbox.bystanderText() == "keep me")
    }

    @Test func aFailedWriteLeavesNoTemporaryFile() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        // The target is a folder: the rename fails after the temporary file was written.
        try FileManager.default.createDirectory(atPath: "\(folder.path)/accounts/111111111111.json", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: "\(folder.path)/accounts/111111111111.json/keep", contents: Data()))
        let error = try #require(throws: ReportWriteError.self) { try folder.write("{}", to: "accounts/111111111111.json") }
        #expect(error.operation == .writeFile)
        #expect(try sandbox.names("\(folder.path)/accounts") == ["111111111111.json"])
        // The same through the account writer.
        #expect(throws: ReportWriteError.self) { try AccountReportWriter(folder: folder).write(ReportFixtures.connected()) }
        #expect(try sandbox.names("\(folder.path)/accounts") == ["111111111111.json"])
    }

    @Test func aWriteIntoAFolderThatCannotBeWrittenFailsAndLeavesNothing() throws {
        guard geteuid() != 0 else { return }  // root writes anywhere
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        #expect(chmod(folder.path, 0o500) == 0)
        defer { chmod(folder.path, 0o700) }
        #expect(throws: ReportWriteError.self) { try folder.write("x", to: "summary.md") }
        #expect(throws: ReportWriteError.self) { try SummaryWriter(folder: folder).write(BatchSummary(
            runID: folder.runID, accountList: "a.csv", started: ReportFixtures.start, finished: ReportFixtures.start, results: [])) }
        #expect(throws: ReportWriteError.self) { try RunJournal(folder: folder) }
        #expect(try sandbox.names(folder.path) == [])
    }

    @Test(arguments: ["../escape.md", "/abs.md", "", "accounts/../x.md", "accounts//x.md", "./x.md", "accounts/."])
    func pathsOutsideTheRunFolderAreRefused(_ relativePath: String) throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        #expect(throws: ReportWriteError.self) { try folder.write("x", to: relativePath) }
        #expect(throws: ReportReadError.self) { try folder.read(relativePath) }
        #expect(try sandbox.names(sandbox.base) == ["Reports", "bystander.txt"])
    }

    @Test func markLatestReplacesTheLinkAndLeavesNoTemporaryLink() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let older = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start)
        let newer = try RunFolder.create(in: sandbox.root, kind: "run", at: ReportFixtures.start.addingTimeInterval(1))
        try older.markLatest()
        try newer.markLatest()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(sandbox.root)/latest") == newer.runID)
        #expect(try sandbox.names(sandbox.root) == ["latest", older.runID, newer.runID].sorted())
        // A real folder named latest is not replaced.
        let other = try Sandbox()
        defer { other.remove() }
        let run = try RunFolder.create(in: other.root, kind: "run", at: ReportFixtures.start)
        try FileManager.default.createDirectory(atPath: "\(other.root)/latest/inside", withIntermediateDirectories: true)
        #expect(throws: ReportWriteError.self) { try run.markLatest() }
        #expect(try other.names(other.root) == ["latest", run.runID])
    }

    @Test func aPlanTemplateNeedsAFileNameInTemplates() throws {
        let sandbox = try Sandbox()
        defer { sandbox.remove() }
        let folder = try RunFolder.create(in: sandbox.root, kind: "plan", at: ReportFixtures.start)
        let template = StackTemplate(products: [.cloudAnalyzer], principals: .commercial)
        #expect(throws: ReportWriteError.self) { try PlanReportWriter(folder: folder).writeTemplate(template, to: "templates/../../x.json") }
        try PlanReportWriter(folder: folder).writeTemplate(template, to: "templates/aws_cloud-analyzer.json")
        #expect(try sandbox.names("\(folder.path)/templates") == ["aws_cloud-analyzer.json"])
    }
}
