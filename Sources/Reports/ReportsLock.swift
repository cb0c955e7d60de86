import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a reports folder, held for the life of an `onboard run` (or while
/// `onboard status` updates a run's reports), so two processes never write the same runs,
/// journal or `latest` at once.
///
/// The lock is `flock(LOCK_EX | LOCK_NB)` on `Reports/.lock` (created 0600, opened with
/// `O_NOFOLLOW`: a link there is refused), which holds one line of JSON naming the holder: its
/// pid, run id, command and since when. A second acquirer fails at once with
/// `ReportsLockError` naming that holder. The kernel releases the lock when the holding process
/// ends in any way (`kill -9` included), so a lock file left by a dead run is no lock: the next
/// run takes it. The file itself is never removed (removing a lock file lets two processes
/// lock two different files).
///
/// A class because it owns the descriptor: the lock is released by `release()` or when the
/// lock goes away.
public final class ReportsLock: Sendable {
    /// The lock file's name in the reports root.
    public static let fileName = ".lock"

    /// Who holds the lock: what the lock file says.
    public struct Holder: Sendable, Hashable, Codable, CustomStringConvertible {
        /// The holding process.
        public var pid: Int32
        /// The run it works on.
        public var runID: String
        /// The command (`run`, `status`).
        public var command: String
        /// When it took the lock.
        public var since: Date

        /// A holder.
        public init(pid: Int32, runID: String, command: String, since: Date) {
            self.pid = pid
            self.runID = runID
            self.command = command
            self.since = since
        }

        /// `onboard run (pid 4242) on run-20261127-101500 since 2026-11-27T10:15:00Z`.
        public var description: String {
            "onboard \(command) (pid \(pid)) on \(runID) since \(ReportEncoding.timestamp(since))"
        }

        enum CodingKeys: String, CodingKey {
            case pid
            case runID = "run_id"
            case command, since
        }
    }

    /// The reports root the lock is on.
    public let root: String
    /// This process, as the lock file names it (the run id as last recorded).
    public var holder: Holder { state.withLock { $0.holder } }

    /// The lock file's path.
    public var path: String { "\(root)/\(Self.fileName)" }

    private struct State {
        var descriptor: Int32
        var holder: Holder
    }

    private let state: Mutex<State>

    private init(root: String, descriptor: Int32, holder: Holder) {
        self.root = root
        state = Mutex(State(descriptor: descriptor, holder: holder))
    }

    deinit {
        release()
    }

    /// Takes the lock on `root` (made, 0700, if missing) for `command` working on `runID`, and
    /// records the holder (this process, `runID`, `command`, `date`) in the lock file. Does not
    /// wait.
    ///
    /// - Throws: `ReportsLockError`: `held`, naming the holder, when another process (or
    ///   another lock of this one) has it; `unavailable` when the lock file cannot be made,
    ///   opened (a symbolic link, not a regular file, another user's) or written.
    public static func acquire(
        in root: String, runID: String, command: String, at date: Date = Date()
    ) throws(ReportsLockError) -> ReportsLock {
        let path = "\(root)/\(fileName)"
        do {
            try RunFolder.makeFolder(root)
        } catch {
            throw ReportsLockError(code: .unavailable, path: path, holder: nil, reason: "\(error)")
        }
        let descriptor: Int32
        do throws(ReportFiles.Failure) {
            let folder = try ReportFiles.openFolder(root)
            defer { ReportFiles.closeQuietly(folder) }
            descriptor = try ReportFiles.openFile(folder, fileName, flags: O_RDWR | O_CREAT)
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let failure = ReportFiles.Failure(fileName)
                ReportFiles.closeQuietly(descriptor)
                throw failure
            }
            guard status.st_nlink == 1, status.st_uid == geteuid() else {
                ReportFiles.closeQuietly(descriptor)
                throw ReportFiles.Failure(fileName, explanation: "is a hard link or another user's file (refused)")
            }
        } catch {
            throw ReportsLockError(code: .unavailable, path: path, holder: nil, reason: error.reason)
        }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            defer { ReportFiles.closeQuietly(descriptor) }
            if code == EWOULDBLOCK {
                throw ReportsLockError(code: .held, path: path, holder: readHolder(descriptor), reason: "another onboard holds it")
            }
            throw ReportsLockError(code: .unavailable, path: path, holder: nil, reason: ReportFiles.Failure("lock", code).reason)
        }
        let holder = Holder(pid: getpid(), runID: runID, command: command, since: date)
        do throws(ReportFiles.Failure) {
            try record(holder, in: descriptor)
        } catch {
            ReportFiles.closeQuietly(descriptor)
            throw ReportsLockError(code: .unavailable, path: path, holder: nil, reason: error.reason)
        }
        return ReportsLock(root: root, descriptor: descriptor, holder: holder)
    }

    /// Records `runID` as the run this holder works on (for a lock taken before the run's
    /// folder was made).
    ///
    /// - Throws: `ReportsLockError` (`unavailable`) when the lock is released or the file
    ///   cannot be written.
    public func update(runID: String) throws(ReportsLockError) {
        let path = path
        try state.withLock { (state: inout State) throws(ReportsLockError) in
            guard state.descriptor >= 0 else {
                throw ReportsLockError(code: .unavailable, path: path, holder: nil, reason: "the lock was released")
            }
            var holder = state.holder
            holder.runID = runID
            do throws(ReportFiles.Failure) {
                try Self.record(holder, in: state.descriptor)
            } catch {
                throw ReportsLockError(code: .unavailable, path: path, holder: nil, reason: error.reason)
            }
            state.holder = holder
        }
    }

    /// Releases the lock (emptying the lock file first, so it names no one). Releasing twice
    /// does nothing. Never fails: a process's locks end with it anyway, and an unlocked file's
    /// text is never taken for a holder.
    public func release() {
        state.withLock { state in
            guard state.descriptor >= 0 else { return }
            _ = ftruncate(state.descriptor, 0)
            ReportFiles.closeQuietly(state.descriptor)
            state.descriptor = -1
        }
    }

    /// Who holds the lock on `root` now, or `nil` when no one does (or the lock file is missing
    /// or names no one readable). Takes nothing and writes nothing.
    public static func currentHolder(in root: String) -> Holder? {
        guard let folder = try? ReportFiles.openFolder(root) else { return nil }
        defer { ReportFiles.closeQuietly(folder) }
        guard let descriptor = try? ReportFiles.openFile(folder, fileName, flags: O_RDONLY) else { return nil }
        defer { ReportFiles.closeQuietly(descriptor) }
        while flock(descriptor, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            return errno == EWOULDBLOCK ? readHolder(descriptor) : nil
        }
        _ = flock(descriptor, LOCK_UN)
        return nil
    }

    /// Writes `holder` as the lock file's only line and flushes it.
    private static func record(_ holder: Holder, in descriptor: Int32) throws(ReportFiles.Failure) {
        let line: [UInt8]
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            line = Array(try encoder.encode(holder)) + [0x0A]
        } catch {
            throw ReportFiles.Failure(fileName, explanation: "cannot encode the holder: \(error)")
        }
        guard ftruncate(descriptor, 0) == 0 else { throw ReportFiles.Failure("empty \(fileName)") }
        var offset = 0
        while offset < line.count {
            let written = line[offset...].withUnsafeBytes { pwrite(descriptor, $0.baseAddress!, $0.count, off_t(offset)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportFiles.Failure("write \(fileName)")
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw ReportFiles.Failure("flush \(fileName)") }
    }

    /// The holder the lock file names; `nil` when it names no one readable. The holder may
    /// have locked but not yet written: a few short waits give it the time.
    private static func readHolder(_ descriptor: Int32) -> Holder? {
        for attempt in 0..<10 {
            if attempt > 0 { usleep(20_000) }
            guard let bytes = try? ReportFiles.readAll(descriptor, fileName), !bytes.isEmpty, bytes.count <= 4096,
                let holder = try? ReportEncoding.decode(Holder.self, from: Data(bytes))
            else { continue }
            return holder
        }
        return nil
    }
}
