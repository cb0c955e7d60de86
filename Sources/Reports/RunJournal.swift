import Dispatch
import Foundation
import Onboarding
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run's `journal.jsonl`: every `JournalEvent` appended as one line of compact JSON, written
/// to the file before `append` returns, so a run killed at any moment (even with `kill -9`: the
/// kernel keeps what was written) loses nothing it recorded, and `--resume` continues from it.
///
/// Each line is one `write(2)` on a descriptor opened with `O_APPEND`; a lock keeps appends from
/// Dispatch workers whole and in order. What must also survive a power loss or a kernel crash is
/// flushed to the disk (`fdatasync`) before `append` returns: the run's start and end and each
/// account's end. Every other line (a step's record, a mid-step checkpoint) is flushed by the
/// journal's own flushing queue within about 20 ms (the lines of that time share one flush), not
/// waited for: these lines come from the accounts' async workflows, whose few shared threads
/// must never wait on the disk (with 1,000 accounts in flight, a flush per line held every one
/// of them). A power loss can thus lose the last few tens of milliseconds of step lines, as if it had
/// come that much earlier; resume then runs those steps again, and every step looks at the
/// clouds before it changes anything. Flushes are shared (group commit): one `fdatasync`
/// covers every line written before it began. The journal is a class because it owns the
/// descriptor (closed by `close()` or when the journal goes away).
public final class RunJournal: Sendable {
    /// The journal's file name in the run folder.
    public static let fileName = "journal.jsonl"

    /// The run the journal belongs to.
    public let folder: RunFolder

    /// The open descriptor (`-1` once closed) and how many lines were written through it.
    private struct Appender {
        var descriptor: Int32
        var written: UInt64 = 0
        /// The file's length: where a failed write is cut back to (only this journal writes it).
        var length: off_t
    }

    private let appender: Mutex<Appender>
    /// How many lines are on the disk; held while flushing, so one flush runs at a time and
    /// the descriptor is not closed under it (taken before `appender`, never after).
    private let flushed = Mutex<UInt64>(0)
    /// Whether a background flush is queued, and the first failure one met (reported by the
    /// next flush that is waited for, or by `finish()`).
    private let background = Mutex<(queued: Bool, failure: ReportWriteError?)>((false, nil))
    /// Where lines that are not waited for are flushed.
    private let flushQueue = DispatchQueue(label: "onboard.journal-flush")

    /// The journal's path.
    public var path: String { "\(folder.path)/\(Self.fileName)" }

    /// Opens the journal of `folder` for appending, creating it (mode 0600) if needed.
    ///
    /// The run folder and the journal are opened without following symbolic links (a linked
    /// journal is refused, never truncated or appended to through the link), and the journal
    /// must be a regular file with no other name (no hard link). A line left unfinished by a
    /// killed run (no newline at the end) is cut off first, so the next append starts on a line
    /// of its own.
    ///
    /// - Throws: `ReportWriteError`.
    public init(folder: RunFolder) throws {
        self.folder = folder
        let path = "\(folder.path)/\(Self.fileName)"
        do throws(ReportFiles.Failure) {
            let runFolder = try folder.openRunFolder()
            defer { ReportFiles.closeQuietly(runFolder) }
            let opened = try ReportFiles.openFile(runFolder, Self.fileName, flags: O_RDWR | O_APPEND | O_CREAT)
            do throws(ReportFiles.Failure) {
                var status = stat()
                guard fstat(opened, &status) == 0 else { throw ReportFiles.Failure(Self.fileName) }
                guard status.st_nlink == 1 else {
                    throw ReportFiles.Failure(Self.fileName, explanation: "has \(status.st_nlink) names (a hard link; refused)")
                }
                try Self.dropTornTail(opened)
                // Make the new file's name durable too.
                try ReportFiles.sync(runFolder, "the run folder")
            } catch {
                ReportFiles.closeQuietly(opened)
                throw error
            }
            let length = lseek(opened, 0, SEEK_END)
            guard length >= 0 else {
                ReportFiles.closeQuietly(opened)
                throw ReportFiles.Failure(Self.fileName)
            }
            appender = Mutex(Appender(descriptor: opened, length: length))
        } catch {
            throw ReportWriteError(operation: .writeFile, path: path, reason: error.reason)
        }
    }

    deinit {
        close()
    }

    /// Appends `event` as one line; when it must survive a power loss (see the type's
    /// description), also flushes it to the disk before returning.
    ///
    /// - Throws: `ReportWriteError` when the journal is closed or the write or flush fails (a
    ///   partly written line is cut off again).
    public func append(_ event: JournalEvent) throws {
        let sequence = try write(event)
        if Self.mustReachDisk(event) { try flush(through: sequence) } else { flushSoon() }
    }

    /// Appends `events` in order, one line each, then flushes once if any of them must survive
    /// a power loss (accounts that finished together share one flush).
    ///
    /// - Throws: `ReportWriteError` at the first event that cannot be written (the ones before
    ///   it are written, and flushed when they must be).
    public func append(contentsOf events: [JournalEvent]) throws {
        var durable: UInt64 = 0
        var failure: (any Error)?
        for event in events {
            do {
                let sequence = try write(event)
                if Self.mustReachDisk(event) { durable = sequence }
            } catch {
                failure = error
                break
            }
        }
        if durable > 0 { try flush(through: durable) } else { flushSoon() }
        if let failure { throw failure }
    }

    /// Writes `event` as one line; returns its number in this journal's writes.
    private func write(_ event: JournalEvent) throws -> UInt64 {
        let line: [UInt8]
        do {
            line = try JournalLine.encode(event, runID: folder.runID)
        } catch {
            throw ReportWriteError(operation: .writeFile, path: path, reason: "cannot encode the event: \(error)")
        }
        let path = path
        return try appender.withLock { (appender: inout Appender) throws(ReportWriteError) -> UInt64 in
            guard appender.descriptor >= 0 else {
                throw ReportWriteError(operation: .writeFile, path: path, reason: "the journal is closed")
            }
            let failure = ReportFiles.writeAll(line, to: appender.descriptor)
            if failure != 0 {
                _ = ftruncate(appender.descriptor, appender.length)
                throw Self.failure(path, failure)
            }
            appender.length += off_t(line.count)
            appender.written += 1
            return appender.written
        }
    }

    /// Whether `event` is flushed before `append` returns: the run's and the accounts' ends.
    static func mustReachDisk(_ event: JournalEvent) -> Bool {
        event.kind != .stepFinished
    }

    /// How long a background flush waits for more lines to share it: step lines come in bursts
    /// (every account in flight finishing a step), and each `fdatasync` is a commit of the
    /// file system's journal. A power loss loses at most this much more of them.
    static let backgroundFlushDelay: DispatchTimeInterval = .milliseconds(20)

    /// Queues a flush of every line written so far on `flushQueue`, after
    /// ``backgroundFlushDelay``, unless one is queued and not yet started.
    private func flushSoon() {
        guard background.withLock({ state in
            defer { state.queued = true }
            return !state.queued
        }) else { return }
        flushQueue.asyncAfter(deadline: .now() + Self.backgroundFlushDelay) { [self] in
            background.withLock { $0.queued = false }
            let written = appender.withLock { $0.written }
            do throws(ReportWriteError) {
                try flush(through: written, reportingBackground: false)
            } catch {
                background.withLock { if $0.failure == nil { $0.failure = error } }
            }
        }
    }

    /// Flushes until line `sequence` is on the disk: nothing when a flush that began after it
    /// was written has ended; else one flush covering every line written so far. A failed
    /// background flush is reported here first (unless `reportingBackground` is false).
    private func flush(through sequence: UInt64, reportingBackground: Bool = true) throws(ReportWriteError) {
        if reportingBackground, let failure = background.withLock({ $0.failure }) { throw failure }
        let path = path
        try flushed.withLock { (flushed: inout UInt64) throws(ReportWriteError) in
            guard flushed < sequence else { return }
            let (descriptor, written) = appender.withLock { ($0.descriptor, $0.written) }
            guard descriptor >= 0 else {
                throw ReportWriteError(operation: .writeFile, path: path, reason: "the journal is closed")
            }
            guard Self.flush(descriptor) == 0 else { throw Self.failure(path, errno) }
            flushed = written
        }
    }

    /// Closes the journal; later appends fail. Closing twice does nothing. A failure to flush
    /// or close is not reported; `finish()` reports it.
    public func close() {
        try? finish()
    }

    /// Flushes and closes the journal, reporting a failure; later appends fail. Finishing a
    /// closed journal does nothing.
    ///
    /// - Throws: `ReportWriteError` when the flush or the close fails (the journal is closed
    ///   either way).
    public func finish() throws {
        let path = path
        let failure = background.withLock { $0.failure }
        try flushed.withLock { (flushedLines: inout UInt64) throws(ReportWriteError) in
            try appender.withLock { (appender: inout Appender) throws(ReportWriteError) in
                guard appender.descriptor >= 0 else { return }
                let flushed = Self.flush(appender.descriptor) == 0 ? 0 : errno
                let closed = Self.closeDescriptor(appender.descriptor) == 0 ? 0 : errno
                appender.descriptor = -1
                // A background flush still waiting out its delay then finds nothing to do
                // (instead of recording "the journal is closed" as a failure).
                flushedLines = appender.written
                if flushed != 0 { throw Self.failure(path, flushed) }
                if closed != 0 { throw Self.failure(path, closed) }
            }
        }
        if let failure { throw failure }
    }

    /// Reads the events of `folder`'s journal back (following no symbolic link).
    ///
    /// An unfinished last line (a run killed while appending) is not an event: it is left out
    /// and counted in `tornLines`. Empty lines are skipped. A complete line that is not an event
    /// of this run (not JSON, not an event, or recorded under another run id) is left out too
    /// and reported in `problems`, with its line and the accounts it names: those are never
    /// trusted on replay (`JournalReplay(contents:)` runs them again).
    ///
    /// - Throws: `ReportReadError` when the journal cannot be read.
    public static func read(folder: RunFolder) throws -> Contents {
        var contents = Contents(events: [], tornLines: 0)
        contents.tornLines = try readEach(
            folder: folder,
            event: { line, event in
                contents.events.append(event)
                contents.lines.append(line)
            },
            problem: { contents.problems.append($0) })
        return contents
    }

    /// Reads `folder`'s journal as ``read(folder:)`` does, a part at a time, handing each event
    /// (with its 1-based line) and each problem to the closures in the journal's order, and
    /// keeping nothing: memory does not grow with the journal. Returns the torn lines (0 or 1).
    ///
    /// - Throws: `ReportReadError` when the journal cannot be read.
    public static func readEach(
        folder: RunFolder, event: (Int, JournalEvent) -> Void, problem: (JournalProblem) -> Void
    ) throws -> Int {
        var number = 0
        var partial: [UInt8] = []  // a line begun in an earlier part
        func take(_ line: ArraySlice<UInt8>) {
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return }
            let decoded: JournalLine
            do {
                decoded = try ReportEncoding.decode(JournalLine.self, from: Data(line))
            } catch {
                problem(
                    JournalProblem(
                        line: number, accountIDs: JournalLine.accountIDs(in: Data(line)), kind: .notAnEvent,
                        reason: ReportEncoding.reason(error)))
                return
            }
            if let runID = decoded.runID, runID != folder.runID {
                problem(
                    JournalProblem(
                        line: number, accountIDs: JournalValidation.wellFormedAccountIDs(of: decoded.event), kind: .foreignRun,
                        reason: "recorded by run \(JournalProblem.quoted(runID)), not \(folder.runID)"))
                return
            }
            event(number, decoded.event)
        }
        try folder.readChunks(fileName, partSize: 1 << 20) { part in  // a journal is long: large parts
            var start = part.startIndex
            while let end = part[start...].firstIndex(of: 0x0A) {
                if partial.isEmpty {
                    take(part[start..<end])
                } else {
                    partial.append(contentsOf: part[start..<end])
                    take(partial[...])
                    partial.removeAll(keepingCapacity: true)
                }
                start = end + 1
            }
            partial.append(contentsOf: part[start...])
        }
        // An unfinished last line (a run killed while appending) is not an event.
        return partial.isEmpty ? 0 : 1
    }

    @discardableResult
    private static func closeDescriptor(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        Glibc.close(descriptor)
        #else
        Darwin.close(descriptor)
        #endif
    }

    /// Flushes the file's data to the disk.
    private static func flush(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        fdatasync(descriptor)
        #else
        fsync(descriptor)
        #endif
    }

    /// Cuts the file back to its last newline when it does not end with one.
    private static func dropTornTail(_ descriptor: Int32) throws(ReportFiles.Failure) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ReportFiles.Failure(fileName) }
        var end = Int(status.st_size)
        guard end > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        var keep = 0
        search: while end > 0 {
            let start = max(0, end - chunk.count)
            let count = end - start
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, count, off_t(start)) }
            guard read == count else { throw ReportFiles.Failure("read \(fileName)", read < 0 ? errno : EIO) }
            if start + count == Int(status.st_size), chunk[count - 1] == 0x0A { return }
            for index in stride(from: count - 1, through: 0, by: -1) where chunk[index] == 0x0A {
                keep = start + index + 1
                break search
            }
            end = start
        }
        guard ftruncate(descriptor, off_t(keep)) == 0, flush(descriptor) == 0 else {
            throw ReportFiles.Failure("cut the unfinished last line of \(fileName)")
        }
    }

    private static func failure(_ path: String, _ code: Int32) -> ReportWriteError {
        ReportWriteError(operation: .writeFile, path: path, reason: String(cString: strerror(code)))
    }
}
