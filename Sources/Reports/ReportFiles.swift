import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system calls behind the reports: folders opened one component at a time with
/// `O_NOFOLLOW` (a symbolic link in a run folder is refused, never followed), files created
/// with `O_EXCL | O_NOFOLLOW` under unpredictable names, flushed, renamed into place, and the
/// folder flushed after. Descriptors are plain `Int32`s closed by the callers (`closeQuietly`
/// only where an error is already on its way).
enum ReportFiles {
    /// A system call failed: `errno` and what was being done.
    struct Failure: Error {
        var code: Int32
        var what: String
        /// The whole reason, when it is not the system's.
        var explanation: String?

        init(_ what: String, _ code: Int32 = errno) {
            self.code = code
            self.what = what
        }

        init(_ what: String, explanation: String) {
            code = EINVAL
            self.what = what
            self.explanation = explanation
        }

        /// `what: strerror`, or the plain words for a refused symbolic link.
        var reason: String {
            if let explanation { return "\(what): \(explanation)" }
            return switch code {
            case ELOOP: "\(what): is a symbolic link (refused)"
            case ENOTDIR: "\(what): is not a folder (or is a symbolic link; refused)"
            default: "\(what): \(String(cString: strerror(code)))"
            }
        }
    }

    /// Opens `path` as a folder (following links: the reports root may be one).
    static func openFolder(_ path: String) throws(Failure) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure("open \(path)") }
        return descriptor
    }

    /// Opens the folder `name` inside `parent` without following a link; with `create`, makes
    /// it first (mode 0700) when missing.
    static func openSubfolder(_ parent: Int32, _ name: String, create: Bool) throws(Failure) -> Int32 {
        if create, mkdirat(parent, name, 0o700) != 0, errno != EEXIST {
            throw Failure("create \(name)")
        }
        let descriptor = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(name) }
        return descriptor
    }

    /// Opens the regular file `name` inside `folder` without following a link.
    static func openFile(_ folder: Int32, _ name: String, flags: Int32, mode: mode_t = 0o600) throws(Failure) -> Int32 {
        let descriptor = openat(folder, name, flags | O_NOFOLLOW | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(name) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = Failure(name)
            closeQuietly(descriptor)
            throw failure
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            closeQuietly(descriptor)
            throw Failure(name, explanation: "is not a regular file (refused)")
        }
        return descriptor
    }

    /// Writes `bytes` to `name` inside `folder`: a new file of an unpredictable name
    /// (`O_CREAT | O_EXCL | O_NOFOLLOW`, 0600), written in full, flushed, closed, renamed over
    /// `name` (replacing a link there, never following it), and the folder flushed. On any
    /// failure the temporary file is removed.
    static func replace(_ name: String, in folder: Int32, with bytes: [UInt8]) throws(Failure) {
        let temporary = temporaryName(for: name)
        let descriptor = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure("create a temporary file for \(name)") }
        var failure: Failure?
        let written = writeAll(bytes, to: descriptor)
        if written != 0 {
            failure = Failure("write \(name)", written)
        } else if fsync(descriptor) != 0 {
            failure = Failure("flush \(name)")
        }
        if close(descriptor) != 0, failure == nil {
            failure = Failure("close \(name)")
        }
        if failure == nil, renameat(folder, temporary, folder, name) != 0 {
            failure = Failure("rename into \(name)")
        }
        if let failure {
            _ = unlinkat(folder, temporary, 0)
            throw failure
        }
        try sync(folder, "the folder of \(name)")
    }

    /// Writes every file of `files` into `folder` as `replace` writes one, with the flushes
    /// shared: all are written to new temporary files, flushed in parallel (a journaling file
    /// system commits concurrent flushes together, so N files cost about one flush, not N),
    /// renamed over their names, and the folder flushed once. Files go in chunks of
    /// `chunkSize` (as many descriptors open at once). On a failure, no temporary file is left;
    /// the files of earlier chunks are in place.
    static func replaceAll(_ files: [(name: String, bytes: [UInt8])], in folder: Int32) throws(Failure) {
        var start = 0
        while start < files.count {
            let chunk = files[start..<min(files.count, start + chunkSize)]
            start += chunk.count
            try replaceChunk(chunk, in: folder)
        }
    }

    /// Files written (descriptors open) at once by `replaceAll`.
    static let chunkSize = 256
    /// Threads flushing at once in `replaceAll`.
    static let flushingThreads = 8

    private static func replaceChunk(_ files: ArraySlice<(name: String, bytes: [UInt8])>, in folder: Int32) throws(Failure) {
        var created: [(temporary: String, name: String, descriptor: Int32)] = []
        var failure: Failure?
        for file in files {
            let temporary = temporaryName(for: file.name)
            let descriptor = openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                failure = Failure("create a temporary file for \(file.name)")
                break
            }
            created.append((temporary, file.name, descriptor))
            let written = writeAll(file.bytes, to: descriptor)
            if written != 0 {
                failure = Failure("write \(file.name)", written)
                break
            }
        }
        if failure == nil {
            failure = flushTogether(created.map { ($0.descriptor, $0.name) })
        }
        for entry in created where close(entry.descriptor) != 0 && failure == nil {
            failure = Failure("close \(entry.name)")
        }
        var renamed = 0
        if failure == nil {
            while renamed < created.count {
                let entry = created[renamed]
                guard renameat(folder, entry.temporary, folder, entry.name) == 0 else {
                    failure = Failure("rename into \(entry.name)")
                    break
                }
                renamed += 1
            }
        }
        if let failure {
            for entry in created[renamed...] { _ = unlinkat(folder, entry.temporary, 0) }
            throw failure
        }
        try sync(folder, "the folder of \(created.first?.name ?? "the files")")
    }

    /// `fsync`s every descriptor, on up to `flushingThreads` threads at once (plain threads:
    /// they block in the kernel, and must not hold Dispatch's or Swift's shared workers);
    /// returns the first failure.
    private static func flushTogether(_ descriptors: [(descriptor: Int32, name: String)]) -> Failure? {
        let workers = min(flushingThreads, descriptors.count)
        guard workers > 1 else {
            for entry in descriptors where fsync(entry.descriptor) != 0 { return Failure("flush \(entry.name)") }
            return nil
        }
        let failures = FirstFailure()
        let done = DispatchGroup()
        for worker in 0..<workers {
            done.enter()
            let thread = Thread {
                for index in stride(from: worker, to: descriptors.count, by: workers) where fsync(descriptors[index].descriptor) != 0 {
                    failures.keep(Failure("flush \(descriptors[index].name)"))
                }
                done.leave()
            }
            thread.start()
        }
        done.wait()
        return failures.first
    }

    /// The first failure any of several threads saw.
    private final class FirstFailure: Sendable {
        private let value = Mutex<Failure?>(nil)
        func keep(_ failure: Failure) { value.withLock { if $0 == nil { $0 = failure } } }
        var first: Failure? { value.withLock { $0 } }
    }

    /// Flushes `folder` (so a new or renamed name survives a crash).
    static func sync(_ folder: Int32, _ what: String) throws(Failure) {
        // Some file systems cannot flush a folder (EINVAL); their names are durable anyway.
        if fsync(folder) != 0, errno != EINVAL { throw Failure("flush \(what)") }
    }

    /// A new file `name` in `folder`, 0600, for reading and writing (`O_EXCL | O_NOFOLLOW`),
    /// written through a stream.
    static func newFile(_ name: String, in folder: Int32, what: String) throws(Failure) -> ReportFileStream {
        let descriptor = openat(folder, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure("create a temporary file for \(what)") }
        return ReportFileStream(descriptor: descriptor, what: what)
    }

    /// `.<name>.<32 random hex digits>.tmp`: hidden, and not guessable ahead of time.
    static func temporaryName(for name: String) -> String {
        var generator = SystemRandomNumberGenerator()
        // 128 random bits as exactly 32 hex digits (each half zero-padded to 16).
        let halves = [generator.next() as UInt64, generator.next() as UInt64].map { half in
            let digits = String(half, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return ".\(name).\(halves.joined()).tmp"
    }

    /// Reads the whole of `descriptor` from its start.
    static func readAll(_ descriptor: Int32, _ what: String) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        try readChunks(descriptor, what) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Reads the file from its start to its end, handing each part read (up to `partSize`
    /// bytes; 64 KiB by default, as most files read are small reports) to `body` as it comes:
    /// memory does not grow with the file.
    static func readChunks(
        _ descriptor: Int32, _ what: String, partSize: Int = 1 << 16, _ body: (ArraySlice<UInt8>) -> Void
    ) throws(Failure) {
        var chunk = [UInt8](repeating: 0, count: partSize)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure("read \(what)")
            }
            if count == 0 { return }
            body(chunk[0..<count])
            offset += off_t(count)
        }
    }

    /// Writes `bytes` with as few `write(2)` calls as the system allows (one, unless a short
    /// write or EINTR); returns 0 or the `errno`.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return 0
        }
    }

    /// Closes a descriptor when an error is already being reported.
    static func closeQuietly(_ descriptor: Int32) {
        _ = close(descriptor)
    }

    /// The path's components, each a plain name (no empty, `.` or `..` component, no NUL, not
    /// absolute); `nil` when it is not such a path.
    static func components(of relativePath: String) -> [String]? {
        guard !relativePath.hasPrefix("/"), !relativePath.utf8.contains(0) else { return nil }
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return parts
    }
}
