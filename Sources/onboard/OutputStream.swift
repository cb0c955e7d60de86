#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to a file descriptor (standard output or standard error).
///
/// Validation of a long file may print many lines; buffering keeps that cheap. Call ``flush()``
/// before exiting.
final class OutputStream {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity = 64 * 1024

    /// Standard output.
    static func standardOutput() -> OutputStream { OutputStream(descriptor: 1) }
    /// Standard error.
    static func standardError() -> OutputStream { OutputStream(descriptor: 2) }

    private init(descriptor: Int32) {
        self.descriptor = descriptor
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    /// Appends `text` and a line feed.
    func line(_ text: String) {
        write(text)
        buffer.append(0x0A)
        if buffer.count >= capacity { flush() }
    }

    /// Appends `text`.
    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Writes out what is buffered.
    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                break
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
