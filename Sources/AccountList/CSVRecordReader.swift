import CLibCSV

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads CSV records one at a time from a file or from memory, with libcsv in strict mode.
///
/// The reader streams: it holds one chunk of input and the record being parsed, whatever the
/// file's length. It strips a UTF-8 byte order mark, accepts LF and CRLF line ends, skips blank
/// lines, and counts lines itself (libcsv gives none): a record is reported at the line where
/// it starts. A record libcsv rejects becomes a ``CSVSyntaxError`` event and reading goes on at
/// the next line.
public final class CSVRecordReader {
    /// Limits and buffer sizes.
    public struct Configuration: Sendable, Hashable {
        /// A field longer than this many bytes is flagged in ``CSVRecord/oversizedFields``.
        public var maximumFieldBytes: Int = 4096
        /// A field still growing past this many bytes ends the read with a
        /// ``CSVSyntaxError/Kind/runawayField`` error (almost always an unclosed quote).
        public var runawayFieldBytes: Int = 1 << 20
        /// How many bytes are read from the file at a time.
        public var chunkBytes: Int = 64 * 1024

        public init() {}
    }

    /// What the reader produces.
    public enum Event: Sendable, Hashable {
        /// A parsed record.
        case record(CSVRecord)
        /// A record that could not be parsed; reading goes on after it (except for a runaway field).
        case syntaxError(CSVSyntaxError)
    }

    private enum Source {
        case file(Int32)
        case memory([UInt8])
    }

    private let configuration: Configuration
    private var source: Source
    private let parser: UnsafeMutablePointer<csv_parser>
    private let context: UnsafeMutablePointer<ParseState>
    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferStart = 0
    private var bufferEnd = 0
    private var memoryOffset = 0
    private var atStartOfInput = true
    private var reachedEndOfInput = false
    private var finished = false
    private var currentLine = 1
    private let ownsDescriptor: Bool

    /// Opens the file at `path` for reading.
    ///
    /// - Throws: ``AccountListFileError`` when the file is missing, a folder, or unreadable.
    public convenience init(path: String, configuration: Configuration = Configuration()) throws {
        let descriptor = open(path, O_RDONLY)
        if descriptor < 0 {
            throw AccountListFileError(path: path, openErrno: errno)
        }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw AccountListFileError(path: path, code: .isFolder, detail: "is a folder, not a file")
        }
        self.init(source: .file(descriptor), ownsDescriptor: true, configuration: configuration)
    }

    /// Reads CSV held in memory (tests, standard input already read).
    public convenience init(bytes: [UInt8], configuration: Configuration = Configuration()) {
        self.init(source: .memory(bytes), ownsDescriptor: false, configuration: configuration)
    }

    private init(source: Source, ownsDescriptor: Bool, configuration: Configuration) {
        self.configuration = configuration
        self.source = source
        self.ownsDescriptor = ownsDescriptor
        self.parser = .allocate(capacity: 1)
        self.context = .allocate(capacity: 1)
        context.initialize(to: ParseState(maximumFieldBytes: configuration.maximumFieldBytes))
        self.buffer = .allocate(byteCount: max(configuration.chunkBytes, 16), alignment: 1)
        Self.initialise(parser)
    }

    deinit {
        csv_free(parser)
        parser.deallocate()
        context.deinitialize(count: 1)
        context.deallocate()
        buffer.deallocate()
        if ownsDescriptor, case .file(let descriptor) = source {
            close(descriptor)
        }
    }

    private var current = CSVRecordBatch()
    private var currentIndex = 0

    /// The next record or syntax error, or `nil` at the end of the input.
    ///
    /// - Throws: ``AccountListFileError`` when reading the file fails midway.
    public func next() throws -> Event? {
        if currentIndex == current.count {
            guard let batch = try readBatch(maximumEntries: 1) else { return nil }
            current = batch
            currentIndex = 0
        }
        defer { currentIndex += 1 }
        return current.event(at: currentIndex)
    }

    /// The next records and syntax errors, at least one and about `maximumEntries`, or `nil` at
    /// the end of the input. Mixes freely with ``next()``.
    ///
    /// - Throws: ``AccountListFileError`` when reading the file fails midway.
    public func nextBatch(maximumEntries: Int = 1024) throws -> CSVRecordBatch? {
        if currentIndex < current.count {
            let rest = current.suffix(from: currentIndex)
            current = CSVRecordBatch()
            currentIndex = 0
            return rest
        }
        return try readBatch(maximumEntries: maximumEntries)
    }

    private func readBatch(maximumEntries: Int) throws -> CSVRecordBatch? {
        while context.pointee.batch.count < maximumEntries, !finished {
            try feedNextSegment()
        }
        if context.pointee.batch.isEmpty { return nil }
        return context.pointee.takeBatch()
    }

    // MARK: - Feeding libcsv

    private static let rowNotBegun: Int32 = 0  // libcsv's ROW_NOT_BEGUN parser state

    private static func initialise(_ parser: UnsafeMutablePointer<csv_parser>) {
        let options = UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)
        // csv_init only fails on a null parser; it cannot fail here.
        _ = csv_init(parser, options)
    }

    /// Feeds libcsv at most one line (up to and including its LF), so that the line a record
    /// starts on is known: a record begins on the current line exactly when the parser was
    /// between records before the line was fed.
    private func feedNextSegment() throws {
        if bufferStart == bufferEnd {
            try refill()
            if bufferStart == bufferEnd {
                finishInput()
                return
            }
        }
        guard let base = buffer.baseAddress else { return }
        let start = base + bufferStart
        let available = bufferEnd - bufferStart
        let newline = memchr(start, 0x0A, available)
        let length = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(start) + 1 } ?? available
        let endsLine = newline != nil

        if parser.pointee.pstate == Self.rowNotBegun {
            context.pointee.recordStartLine = currentLine
        }
                let consumed = csv_parse(parser, start, length, fieldEnded, recordEnded, context)
        bufferStart += length
        if consumed < length {
            context.pointee.batch.entries.append(.syntaxError(CSVSyntaxError(
                kind: .malformedQuoting, line: context.pointee.recordStartLine, lineOfProblem: currentLine)))
            context.pointee.discardRecord()
            csv_free(parser)
            Self.initialise(parser)
            if !endsLine { try skipRestOfLine() }
        } else if parser.pointee.entry_pos > configuration.runawayFieldBytes {
            context.pointee.batch.entries.append(.syntaxError(CSVSyntaxError(
                kind: .runawayField, line: context.pointee.recordStartLine, lineOfProblem: currentLine)))
            context.pointee.discardRecord()
            finished = true
        }
        if endsLine || (consumed < length) { currentLine += 1 }
    }

    /// After a syntax error in a line that did not fit the buffer: drop input up to its LF.
    private func skipRestOfLine() throws {
        while true {
            if bufferStart == bufferEnd {
                try refill()
                if bufferStart == bufferEnd { return }
            }
            guard let base = buffer.baseAddress else { return }
            let available = bufferEnd - bufferStart
            if let newline = memchr(base + bufferStart, 0x0A, available) {
                bufferStart += UnsafeRawPointer(newline) - UnsafeRawPointer(base + bufferStart) + 1
                return
            }
            bufferStart = bufferEnd
        }
    }

    private func finishInput() {
        finished = true
        if parser.pointee.pstate == Self.rowNotBegun { return }
                if csv_fini(parser, fieldEnded, recordEnded, context) != 0 {
            context.pointee.discardRecord()
            context.pointee.batch.entries.append(.syntaxError(CSVSyntaxError(
                kind: .unterminatedQuote, line: context.pointee.recordStartLine, lineOfProblem: currentLine)))
        }
    }

    private func refill() throws {
        guard !reachedEndOfInput else { return }
        bufferStart = 0
        bufferEnd = 0
        switch source {
        case .memory(let bytes):
            let count = min(buffer.count, bytes.count - memoryOffset)
            if count > 0 {
                bytes.withUnsafeBytes { all in
                    buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: all[memoryOffset..<(memoryOffset + count)]))
                }
            }
            memoryOffset += count
            bufferEnd = count
            if count == 0 { reachedEndOfInput = true }
        case .file(let descriptor):
            while true {
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw AccountListFileError(path: nil, code: .unreadable, detail: String(cString: strerror(errno)))
                }
                bufferEnd = count
                if count == 0 { reachedEndOfInput = true }
                break
            }
        }
        if atStartOfInput {
            atStartOfInput = false
            stripByteOrderMark()
        }
    }

    /// libcsv does not know the UTF-8 BOM; drop it when the input starts with one.
    private func stripByteOrderMark() {
        guard bufferEnd - bufferStart >= 3 else { return }
        if buffer[bufferStart] == 0xEF, buffer[bufferStart + 1] == 0xBB, buffer[bufferStart + 2] == 0xBF {
            bufferStart += 3
        }
    }
}

/// libcsv's field callback: one field ended (a null pointer is an empty unquoted field).
private func fieldEnded(_ bytes: UnsafeMutableRawPointer?, _ length: Int, _ data: UnsafeMutableRawPointer?) {
    guard let data else { return }
    data.assumingMemoryBound(to: ParseState.self).pointee.appendField(bytes, length)
}

/// libcsv's record callback: the record ended.
private func recordEnded(_ terminator: Int32, _ data: UnsafeMutableRawPointer?) {
    guard let data else { return }
    data.assumingMemoryBound(to: ParseState.self).pointee.endRecord()
}

/// The state libcsv's callbacks write into. It lives behind a pointer the reader owns, so the
/// callbacks reach it without reference counting or exclusivity checks.
private struct ParseState {
    let maximumFieldBytes: Int
    var recordStartLine = 1
    /// The batch being filled.
    var batch = CSVRecordBatch()
    /// The index in `batch.fields` where the record being parsed begins.
    private var recordFirstField = 0

    init(maximumFieldBytes: Int) {
        self.maximumFieldBytes = maximumFieldBytes
    }

    mutating func appendField(_ bytes: UnsafeMutableRawPointer?, _ length: Int) {
        guard let bytes, length > 0 else {
            batch.appendEmptyField()
            return
        }
        let all = UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: length)
        var kept = min(length, maximumFieldBytes)
        // Cut an oversized field on a character boundary, not inside a UTF-8 sequence.
        while kept > 0, kept < length, all[kept] & 0xC0 == 0x80 { kept -= 1 }
        let field = UnsafeBufferPointer(rebasing: all[0..<kept])
        batch.appendField(field, flags: length > maximumFieldBytes ? 1 : 0)
    }

    mutating func endRecord() {
        let fieldCount = batch.fields.count - recordFirstField
        batch.entries.append(.record(CSVRecordBatch.RecordLocation(
            line: recordStartLine, firstField: recordFirstField, fieldCount: fieldCount)))
        recordFirstField = batch.fields.count
    }

    /// Drops the fields of the record being parsed.
    mutating func discardRecord() {
        guard recordFirstField < batch.fields.count else { return }
        batch.bytes.removeSubrange(Int(batch.fields[recordFirstField].start)...)
        batch.fields.removeSubrange(recordFirstField...)
    }

    /// Hands out the finished entries; the fields of a record still being parsed move to the
    /// next batch.
    mutating func takeBatch() -> CSVRecordBatch {
        var next = CSVRecordBatch()
        next.bytes.reserveCapacity(batch.bytes.count)
        next.fields.reserveCapacity(batch.fields.count)
        if recordFirstField < batch.fields.count {
            for field in batch.fields[recordFirstField...] {
                next.appendField(batch.bytes[Int(field.start)..<Int(field.end)], flags: field.flags)
            }
            discardRecord()
        }
        next.entries.reserveCapacity(batch.entries.count)
        let finished = batch
        batch = next
        recordFirstField = 0
        return finished
    }
}
