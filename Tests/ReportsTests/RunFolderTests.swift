import Foundation
import Testing

@testable import Reports

@Suite("Run folders")
struct RunFolderTests {
    private func temporaryRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-reports-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    @Test func runIDsComeFromTheInjectedClockInUTC() {
        let date = Date(timeIntervalSince1970: 1_795_737_600)  // 2026-11-27T00:00:00Z
        #expect(RunFolder.runStamp(for: date) == "20261127-000000")
        #expect(RunFolder.runStamp(for: date.addingTimeInterval(13 * 3600 + 5 * 60 + 9)) == "20261127-130509")
    }

    @Test func runsInTheSameSecondGetDistinctFolders() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let date = Date(timeIntervalSince1970: 1_795_737_600)
        let first = try RunFolder.create(in: root, kind: "run", at: date)
        let second = try RunFolder.create(in: root, kind: "run", at: date)
        #expect(first.runID == "run-20261127-000000")
        #expect(second.runID == "run-20261127-000000-2")
        #expect(try mode(first.path) == 0o700)
    }

    @Test func writesAreAtomicAndPrivate() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try RunFolder.create(in: root, kind: "plan", at: Date(timeIntervalSince1970: 0))
        try folder.write("first", to: "accounts/111111111111.json")
        try folder.write("second", to: "accounts/111111111111.json")
        let path = "\(folder.path)/accounts/111111111111.json"
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try mode(path) == 0o600)
        #expect(try mode("\(folder.path)/accounts") == 0o700)
        // No temporary file is left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(folder.path)/accounts") == ["111111111111.json"])
    }

    @Test func latestFollowsTheNewestRunAndCanBeOpened() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let older = try RunFolder.create(in: root, kind: "run", at: Date(timeIntervalSince1970: 0))
        try older.markLatest()
        let newer = try RunFolder.create(in: root, kind: "run", at: Date(timeIntervalSince1970: 60))
        try newer.markLatest()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/latest") == newer.runID)
        #expect(try RunFolder.open(in: root, runID: "latest") == newer)
        #expect(try RunFolder.open(in: root, runID: older.runID) == older)
        #expect(throws: ReportWriteError.self) { try RunFolder.open(in: root, runID: "run-19990101-000000") }
        #expect(throws: ReportWriteError.self) { try RunFolder.open(in: root, runID: "../etc") }
    }

    @Test func latestAtACheckIsNotARunToResumeAndTheErrorSaysWhatToGive() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try RunFolder.create(in: root, kind: "run", at: Date(timeIntervalSince1970: 0))
        try run.markLatest()
        let check = try RunFolder.create(in: root, kind: "check", at: Date(timeIntervalSince1970: 60))
        try check.markLatest()
        let error = try #require(throws: ReportWriteError.self) { try RunFolder.open(in: root, runID: "latest", kinds: ["run"]) }
        #expect(error.reason.contains("a check and not a run: give the run's id instead of latest"), "\(error.reason)")
        #expect(try RunFolder.open(in: root, runID: run.runID, kinds: ["run"]) == run)
        #expect(try RunFolder.open(in: root, runID: "latest", kinds: ["check"]) == check)
    }

    @Test func openingLatestWithoutRunsFails() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let error = try #require(throws: ReportWriteError.self) { try RunFolder.open(in: root, runID: "latest") }
        #expect(error.operation == .openRun)
        #expect(error.shortDescription == "report open-run failed")
    }

    @Test func unwritableRootIsAClearError() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let blocker = "\(root)/not-a-folder"
        #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
        let error = try #require(throws: ReportWriteError.self) {
            try RunFolder.create(in: "\(blocker)/reports", kind: "run", at: Date())
        }
        #expect(error.operation == .createFolder)
        #expect(error.path == blocker, "names the file in the way")
        #expect(error.reason == "it exists and is not a folder")
        let lockError = try #require(throws: ReportsLockError.self) {
            try ReportsLock.acquire(in: "\(blocker)/reports", runID: "run-20261127-000000", command: "run")
        }
        #expect(lockError.code == .unavailable)
        #expect(lockError.description.contains(blocker) && !lockError.description.contains("NSCocoaErrorDomain"))
        // A root that is itself a file.
        let asRoot = try #require(throws: ReportWriteError.self) { try RunFolder.create(in: blocker, kind: "run", at: Date()) }
        #expect(asRoot.path == blocker)
    }

    /// `makeFolder` walks up with this; `NSString.deletingLastPathComponent` traps on `R`.
    @Test("parent paths, including a one-character relative root")
    func parentPaths() throws {
        #expect(RunFolder.parentPath(of: "R") == "")
        #expect(RunFolder.parentPath(of: "Reports") == "")
        #expect(RunFolder.parentPath(of: "a/R") == "a")
        #expect(RunFolder.parentPath(of: "a/b/") == "a")
        #expect(RunFolder.parentPath(of: "/R") == "/")
        #expect(RunFolder.parentPath(of: "/") == "/", "the root is its own parent: makeFolder stops there")
    }
}
