import Foundation
import TestSupport
import Testing

@testable import Reports

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("Reports lock")
struct ReportsLockTests {
    private func temporaryRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-lock-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    /// `flock(1)` from util-linux, which the child holder uses.
    static let flockTool = ["/usr/bin/flock", "/bin/flock"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test func aSecondAcquirerGetsATypedErrorNamingTheHolder() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let since = Date(timeIntervalSince1970: 1_795_737_600)
        let lock = try ReportsLock.acquire(in: root, runID: "run-20261127-000000", command: "run", at: since)
        #expect(lock.holder == ReportsLock.Holder(pid: getpid(), runID: "run-20261127-000000", command: "run", since: since))
        #expect(try FileManager.default.attributesOfItem(atPath: lock.path)[.posixPermissions] as? Int == 0o600)
        let line = try String(contentsOfFile: lock.path, encoding: .utf8)
        #expect(line == "{\"command\":\"run\",\"pid\":\(getpid()),\"run_id\":\"run-20261127-000000\",\"since\":\"2026-11-27T00:00:00Z\"}\n")

        // Another acquirer (another open file, even in this process) fails at once.
        let started = Date()
        let error = try #require(throws: ReportsLockError.self) {
            try ReportsLock.acquire(in: root, runID: "status-of-something", command: "status")
        }
        #expect(Date().timeIntervalSince(started) < 1)
        #expect(error.code == .held)
        #expect(error.holder == lock.holder)
        #expect(error.shortDescription == "reports folder locked by another onboard")
        #expect(error.description.contains("onboard run (pid \(getpid())) on run-20261127-000000 since 2026-11-27T00:00:00Z"))
        #expect(ReportsLock.currentHolder(in: root) == lock.holder)
        // The failed attempt did not disturb the holder's record.
        #expect(try String(contentsOfFile: lock.path, encoding: .utf8) == line)

        lock.release()
        lock.release()
        #expect(ReportsLock.currentHolder(in: root) == nil)
        let next = try ReportsLock.acquire(in: root, runID: "run-20261127-000001", command: "status")
        #expect(ReportsLock.currentHolder(in: root)?.command == "status")
        next.release()
    }

    @Test func theLockIsReleasedWhenItGoesAway() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        do {
            let lock = try ReportsLock.acquire(in: root, runID: "run-20261127-000000", command: "run")
            #expect(ReportsLock.currentHolder(in: root) != nil)
            _ = lock
        }
        let again = try ReportsLock.acquire(in: root, runID: "run-20261127-000000", command: "run")
        again.release()
    }

    @Test func theHolderCanNameItsRunLater() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lock = try ReportsLock.acquire(in: root, runID: "", command: "run")
        try lock.update(runID: "run-20261127-000000")
        #expect(ReportsLock.currentHolder(in: root)?.runID == "run-20261127-000000")
        #expect(lock.holder.runID == "run-20261127-000000")
        lock.release()
        #expect(throws: ReportsLockError.self) { try lock.update(runID: "run-x") }
    }

    @Test func theRootIsMadeWhenMissing() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lock = try ReportsLock.acquire(in: "\(root)/Reports", runID: "run-20261127-000000", command: "run")
        #expect(FileManager.default.fileExists(atPath: "\(root)/Reports/.lock"))
        lock.release()
    }

    @Test func aSymlinkedLockFileIsRefused() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let target = "\(root)/elsewhere"
        try "keep me".write(toFile: target, atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: "\(root)/Reports", withIntermediateDirectories: true)
        #expect(symlink(target, "\(root)/Reports/.lock") == 0)
        let error = try #require(throws: ReportsLockError.self) {
            try ReportsLock.acquire(in: "\(root)/Reports", runID: "run-20261127-000000", command: "run")
        }
        #expect(error.code == .unavailable)
        #expect(error.shortDescription == "reports lock unavailable")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me")
    }

    @Test func aLockFileThatNamesADeadHolderButIsNotLockedIsFree() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // What a killed run leaves: the file still names it.
        try #"{"command":"run","pid":999999,"run_id":"run-20200101-000000","since":"2020-01-01T00:00:00Z"}"#
            .write(toFile: "\(root)/.lock", atomically: false, encoding: .utf8)
        #expect(ReportsLock.currentHolder(in: root) == nil)
        let lock = try ReportsLock.acquire(in: root, runID: "run-20261127-000000", command: "run")
        #expect(ReportsLock.currentHolder(in: root)?.pid == getpid())
        lock.release()
    }

    /// A child process (`sh`, then `sleep` in its place: one pid) takes the lock with flock(1)
    /// and records itself as onboard does; it is killed with SIGKILL, and the kernel frees the
    /// lock.
    @Test(.enabled(if: flockTool != nil, "needs flock(1) from util-linux"))
    func aLockOfAProcessKilledWithSIGKILLIsFreeAgain() async throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let script = """
            exec 9<>"$1" || exit 2
            "$2" -x -n 9 || exit 3
            printf '{"command":"run","pid":%d,"run_id":"run-20261127-000000","since":"2026-11-27T00:00:00Z"}\\n' $$ >&9
            echo locked
            exec sleep 60
            """
        let child = try ChildProcess(URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh", "\(root)/.lock", Self.flockTool!])
        defer { child.send(SIGKILL) }
        let locked = await child.waitForOutput(containing: "locked\n", timeout: 30)
        #expect(locked, "\(child.standardOutputSoFar)")

        let error = try #require(throws: ReportsLockError.self) {
            try ReportsLock.acquire(in: root, runID: "run-20261127-000001", command: "run")
        }
        #expect(error.code == .held)
        #expect(error.holder?.pid == child.pid)
        #expect(error.holder?.runID == "run-20261127-000000")
        #expect(error.holder?.since == Date(timeIntervalSince1970: 1_795_737_600))

        child.send(SIGKILL)
        let ended = await child.finish(timeout: 30)
        #expect(ended.signaled && ended.status == SIGKILL, "\(ended)")

        let lock = try ReportsLock.acquire(in: root, runID: "run-20261127-000001", command: "run")
        #expect(lock.holder.pid == getpid())
        #expect(ReportsLock.currentHolder(in: root)?.runID == "run-20261127-000001")
        lock.release()
    }
}
