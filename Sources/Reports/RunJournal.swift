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
    /// A line left unfinished by a killed run (no newline at the end) is cut off first, so the
    /// next append starts on a line of its own.
    ///
    /// - Throws: `ReportWriteError`.
    public init(folder: RunFolder) throws {
        self.folder = folder
        let path = "\(folder.path)/\(Self.fileName)"
        try RunFolder.makeFolder(folder.path)
        let opened = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else { throw Self.failure(path, errno) }
        do {
            try Self.dropTornTail(opened, path: path)
        } catch {
            Self.closeDescriptor(opened)
            throw error
        }
        // Make the new file's name durable too.
        let directory = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            _ = fsync(directory)
            Self.closeDescriptor(directory)
        }
        descriptor = Mutex(opened)
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
            line = try JournalLine.encode(event)
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
            let failure = Self.writeAll(line, to: descriptor)
            if failure != 0 {
                _ = ftruncate(descriptor, status.st_size)
                throw Self.failure(path, failure)
            }
            guard Self.flush(descriptor) == 0 else { throw Self.failure(path, errno) }
        }
    }

    /// Closes the journal; later appends fail. Closing twice does nothing.
    public func close() {
        descriptor.withLock { descriptor in
            if descriptor >= 0 {
                _ = Self.flush(descriptor)
                Self.closeDescriptor(descriptor)
                descriptor = -1
            }
        }
    }

    /// Reads the events of `folder`'s journal back.
    ///
    /// An unfinished last line (a run killed while appending) is not an event: it is left out
    /// and counted in `tornLines`. Empty lines are skipped.
    ///
    /// - Throws: `ReportReadError` when the journal cannot be read or a complete line is not an
    ///   event.
    public static func read(folder: RunFolder) throws -> Contents {
        let path = "\(folder.path)/\(fileName)"
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ReportReadError(operation: .readFile, path: path, reason: error.localizedDescription)
        }
        var contents = Contents(events: [], tornLines: 0)
        let bytes = [UInt8](data)
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
            do {
                contents.events.append(try ReportEncoding.decode(JournalLine.self, from: Data(line)).event)
            } catch {
                throw ReportReadError(operation: .decode, path: path, line: number, reason: AccountReport.reason(error))
            }
        }
        return contents
    }

    /// Writes `bytes` with one `write(2)`, continuing only after a short write or EINTR;
    /// returns 0 or the `errno`.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                let written = Darwin.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }

    private static func closeDescriptor(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
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
    private static func dropTornTail(_ descriptor: Int32, path: String) throws {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure(path, errno) }
        var end = Int(status.st_size)
        guard end > 0 else { return }
        var chunk = [UInt8](repeating: 0, count: 4096)
        var keep = 0
        search: while end > 0 {
            let start = max(0, end - chunk.count)
            let count = end - start
            let read = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, count, off_t(start)) }
            guard read == count else { throw failure(path, read < 0 ? errno : EIO) }
            if start + count == Int(status.st_size), chunk[count - 1] == 0x0A { return }
            for index in stride(from: count - 1, through: 0, by: -1) where chunk[index] == 0x0A {
                keep = start + index + 1
                break search
            }
            end = start
        }
        guard ftruncate(descriptor, off_t(keep)) == 0, flush(descriptor) == 0 else { throw failure(path, errno) }
    }

    private static func failure(_ path: String, _ code: Int32) -> ReportWriteError {
        ReportWriteError(operation: .writeFile, path: path, reason: String(cString: strerror(code)))
    }
}
