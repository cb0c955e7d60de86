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
        // Over contiguous bytes when they are (Data, arrays): a byte at a time through a
        // collection's iterator is several times slower.
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            appendIndented(buffer, by: indent, to: &output)
        }
        guard done == nil else { return }
        appendIndented(Array(bytes), by: indent, to: &output)
    }

    /// ``appendIndented(_:by:to:)`` over contiguous bytes: each line copied whole.
    private static func appendIndented(_ bytes: UnsafeBufferPointer<UInt8>, by indent: Int, to output: inout [UInt8]) {
        output.reserveCapacity(output.count + bytes.count + indent * 64)
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart...index]))
                lineStart = index + 1
                // The next line is indented unless it is empty (another newline) or there is none.
                if lineStart < bytes.count, bytes[lineStart] != 0x0A {
                    output.append(contentsOf: repeatElement(0x20, count: indent))
                }
            }
            index += 1
        }
        if lineStart < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lineStart...])) }
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
