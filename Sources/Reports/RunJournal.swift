import Foundation
import Onboarding
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A run's `journal.jsonl`: every `JournalEvent` appended as one line of compact JSON and
/// flushed to the disk before `append` returns, so a run killed at any moment (even with
/// `kill -9`) loses nothing it recorded, and `--resume` continues from it.
///
/// Each line is one `write(2)` on a descriptor opened with `O_APPEND`, followed by
/// `fdatasync`; a lock keeps appends from Dispatch workers whole and in order. The journal is a
/// class because it owns the descriptor (closed by `close()` or when the journal goes away).
public final class RunJournal: Sendable {
    /// The journal's file name in the run folder.
    public static let fileName = "journal.jsonl"

    /// The run the journal belongs to.
    public let folder: RunFolder

    /// The open descriptor, `-1` once closed.
    private let descriptor: Mutex<Int32>

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
            descriptor = Mutex(opened)
        } catch {
            throw ReportWriteError(operation: .writeFile, path: path, reason: error.reason)
        }
    }

    deinit {
        close()
    }

    /// Appends `event` as one line and flushes it to the disk.
    ///
    /// - Throws: `ReportWriteError` when the journal is closed or the write or flush fails (a
    ///   partly written line is cut off again).
    public func append(_ event: JournalEvent) throws {
        let line: [UInt8]
        do {
            line = try JournalLine.encode(event, runID: folder.runID)
        } catch {
            throw ReportWriteError(operation: .writeFile, path: path, reason: "cannot encode the event: \(error)")
        }
        let path = path
        try descriptor.withLock { (descriptor: inout Int32) throws(ReportWriteError) in
            guard descriptor >= 0 else {
                throw ReportWriteError(operation: .writeFile, path: path, reason: "the journal is closed")
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw Self.failure(path, errno) }
            let failure = ReportFiles.writeAll(line, to: descriptor)
            if failure != 0 {
                _ = ftruncate(descriptor, status.st_size)
                throw Self.failure(path, failure)
            }
            guard Self.flush(descriptor) == 0 else { throw Self.failure(path, errno) }
        }
    }

    /// Closes the journal; later appends fail. Closing twice does nothing. A failure to flush
    /// or close is not reported (every append was flushed already); `finish()` reports it.
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
        try descriptor.withLock { (descriptor: inout Int32) throws(ReportWriteError) in
            guard descriptor >= 0 else { return }
            let flushed = Self.flush(descriptor) == 0 ? 0 : errno
            let closed = Self.closeDescriptor(descriptor) == 0 ? 0 : errno
            descriptor = -1
            if flushed != 0 { throw Self.failure(path, flushed) }
            if closed != 0 { throw Self.failure(path, closed) }
        }
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
        let bytes = try folder.read(fileName)
        var contents = Contents(events: [], tornLines: 0)
        var start = 0
        var number = 0
        while start < bytes.count {
            number += 1
            guard let end = bytes[start...].firstIndex(of: 0x0A) else {
                contents.tornLines += 1
                break
            }
            defer { start = end + 1 }
            let line = bytes[start..<end]
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            let decoded: JournalLine
            do {
                decoded = try ReportEncoding.decode(JournalLine.self, from: Data(line))
            } catch {
                contents.problems.append(
                    JournalProblem(
                        line: number, accountIDs: JournalLine.accountIDs(in: Data(line)), kind: .notAnEvent,
                        reason: ReportEncoding.reason(error)))
                continue
            }
            if let runID = decoded.runID, runID != folder.runID {
                contents.problems.append(
                    JournalProblem(
                        line: number, accountIDs: JournalValidation.wellFormedAccountIDs(of: decoded.event), kind: .foreignRun,
                        reason: "recorded by run \(JournalProblem.quoted(runID)), not \(folder.runID)"))
                continue
            }
            contents.events.append(decoded.event)
            contents.lines.append(number)
        }
        return contents
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
