#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A report file written as a stream: bytes gathered in a buffer of ``capacity`` and written in
/// large chunks, so a report of any length is written in bounded memory.
///
/// The descriptor is owned: ``close()`` closes it (reporting a failure), and a stream dropped
/// without it closes it quietly.
final class ReportFileStream {
    /// How many bytes are gathered before they are written.
    static let capacity = 1 << 18

    /// What the file is, for messages (such as `plan.json`).
    let what: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// The bytes written so far, buffered ones included.
    private(set) var count = 0

    /// A stream writing to `descriptor`, opened for writing (and reading, to be copied).
    init(descriptor: Int32, what: String) {
        self.descriptor = descriptor
        self.what = what
        buffer.reserveCapacity(Self.capacity)
    }

    deinit {
        if descriptor >= 0 { ReportFiles.closeQuietly(descriptor) }
    }

    /// Appends `text` as UTF-8.
    func write(_ text: String) throws(ReportFiles.Failure) {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        count += text.utf8.count
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Appends `bytes`.
    func write(_ bytes: some Collection<UInt8>) throws(ReportFiles.Failure) {
        buffer.append(contentsOf: bytes)
        count += bytes.count
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Appends `bytes` with `indent` spaces at the start of each line after the first that is
    /// not empty (``appendIndented(_:by:to:)``).
    func write(_ bytes: some Collection<UInt8>, indentingLinesBy indent: Int) throws(ReportFiles.Failure) {
        let before = buffer.count
        Self.appendIndented(bytes, by: indent, to: &buffer)
        count += buffer.count - before
        if buffer.count >= Self.capacity { try flush() }
    }

    /// Appends `bytes` to `output` with `indent` spaces at the start of each line after the
    /// first that is not empty: a JSON document of its own placed deeper in another (JSON text
    /// holds a newline only between tokens, and a pretty printer indents no empty line).
    static func appendIndented(_ bytes: some Collection<UInt8>, by indent: Int, to output: inout [UInt8]) {
        var lineStarts = false
        for byte in bytes {
            if lineStarts, byte != 0x0A {
                for _ in 0..<indent { output.append(0x20) }
            }
            lineStarts = byte == 0x0A
            output.append(byte)
        }
    }

    /// Writes what is buffered.
    func flush() throws(ReportFiles.Failure) {
        guard !buffer.isEmpty else { return }
        let failed = buffer.withUnsafeBytes { writeAll($0, to: descriptor) }
        guard failed == 0 else { throw ReportFiles.Failure("write \(what)", failed) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Appends everything `other` holds (from its start), in chunks of ``capacity``.
    func append(contentsOf other: ReportFileStream) throws(ReportFiles.Failure) {
        try other.flush()
        try flush()
        var chunk = [UInt8](repeating: 0, count: Self.capacity)
        var offset: off_t = 0
        while true {
            let read = chunk.withUnsafeMutableBytes { pread(other.descriptor, $0.baseAddress!, $0.count, offset) }
            if read < 0 {
                if errno == EINTR { continue }
                throw ReportFiles.Failure("read back \(other.what)")
            }
            if read == 0 { return }
            let failed = chunk.withUnsafeBytes { writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<read]), to: descriptor) }
            guard failed == 0 else { throw ReportFiles.Failure("write \(what)", failed) }
            offset += off_t(read)
            count += read
        }
    }

    /// Writes what is buffered, flushes the file to disk and closes it.
    func close() throws(ReportFiles.Failure) {
        try flush()
        let descriptor = self.descriptor
        self.descriptor = -1
        guard fsync(descriptor) == 0 else {
            let failure = ReportFiles.Failure("flush \(what)")
            ReportFiles.closeQuietly(descriptor)
            throw failure
        }
        guard closeDescriptor(descriptor) == 0 else { throw ReportFiles.Failure("close \(what)") }
    }
}

/// Closes `descriptor` (the system's `close`, which the stream's own ``ReportFileStream/close()`` hides).
private func closeDescriptor(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}

/// Writes all of `bytes` (again after a short write or EINTR); returns 0 or the `errno`.
private func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return errno
        }
        offset += written
    }
    return 0
}
