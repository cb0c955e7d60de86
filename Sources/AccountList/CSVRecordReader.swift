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
/// the next line. A field that grows past ``Configuration/runawayFieldBytes`` is not stored any
/// further: the reader finds out how it ends (an unquoted field at its comma or line end, a quoted
/// one at its closing quote, or never), reports exactly that, and goes on after it.
///
/// Only a regular file is read: a FIFO, a device or a socket is refused before it is read
/// (``AccountListFileError/Code/notARegularFile``), as a folder is.
public final class CSVRecordReader {
    /// Limits and buffer sizes.
    public struct Configuration: Sendable, Hashable {
        /// A field longer than this many bytes is flagged in ``CSVRecord/oversizedFields``.
        public var maximumFieldBytes: Int = 4096
        /// A field still growing past this many bytes is not stored further: its record becomes
        /// a ``CSVSyntaxError`` (``CSVSyntaxError/Kind/oversizedField``,
        /// ``CSVSyntaxError/Kind/oversizedQuotedField``, ``CSVSyntaxError/Kind/unclosedQuote`` or
        /// ``CSVSyntaxError/Kind/runawayField``, by how the field ends), and memory stays bounded.
        public var runawayFieldBytes: Int = 1 << 20
        /// How many bytes are read from the file at a time.
        public var chunkBytes: Int = 64 * 1024

        public init() {}
    }

    /// What the reader produces.
    public enum Event: Sendable, Hashable {
        /// A parsed record.
        case record(CSVRecord)
        /// A record that could not be parsed; reading goes on after it.
        case syntaxError(CSVSyntaxError)
    }

    private enum Source {
        case file(Int32, path: String)
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
    /// The path must name a regular file. It is checked with `stat` before it is opened (opening
    /// a FIFO for reading waits for a writer), then opened non-blocking and checked again with
    /// `fstat`, so a FIFO put in its place in between cannot make the open hang either.
    ///
    /// - Throws: ``AccountListFileError`` when the file is missing, unreadable, a folder, or not
    ///   a regular file (a FIFO, a device, a socket); the error names `path`.
    public convenience init(path: String, configuration: Configuration = Configuration()) throws {
        var status = stat()
        if stat(path, &status) != 0 {
            throw AccountListFileError(path: path, openErrno: errno)
        }
        if (status.st_mode & S_IFMT) != S_IFREG {
            throw AccountListFileError(path: path, fileMode: status.st_mode)
        }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if descriptor < 0 {
            throw AccountListFileError(path: path, openErrno: errno)
        }
        if fstat(descriptor, &status) != 0 {
            let failure = errno
            close(descriptor)
            throw AccountListFileError(path: path, openErrno: failure)
        }
        if (status.st_mode & S_IFMT) != S_IFREG {
            close(descriptor)
            throw AccountListFileError(path: path, fileMode: status.st_mode)
        }
        // A regular file: reads block as usual (O_NONBLOCK means nothing for it, but clear it).
        let flags = fcntl(descriptor, F_GETFL)
        if flags >= 0 { _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) }
        self.init(source: .file(descriptor, path: path), ownsDescriptor: true, configuration: configuration)
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
        if ownsDescriptor, case .file(let descriptor, _) = source {
            close(descriptor)
        }
    }

    private var current = CSVRecordBatch()
    private var currentIndex = 0

    /// While set, finds characters that do not print in the input fed to libcsv (the header's
    /// lines), with their lines and columns.
    var hiddenCharacters: HiddenCharacterLocator?

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

    // libcsv's parser states (libcsv.c).
    private static let rowNotBegun: Int32 = 0
    private static let fieldMightHaveEnded: Int32 = 3

    private static func initialise(_ parser: UnsafeMutablePointer<csv_parser>) {
        let options = UInt8(CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL)
        // csv_init only fails on a null parser; it cannot fail here.
        _ = csv_init(parser, options)
    }

    private func resetParser() {
        csv_free(parser)
        Self.initialise(parser)
    }

    /// A field past the hard limit, skipped byte by byte without being stored.
    private struct OversizedField {
        enum State {
            /// In an unquoted field: it ends at a comma or a line break.
            case unquoted
            /// In a quoted field.
            case quoted
            /// Just after a quote in a quoted field: a second quote is an escaped quote,
            /// anything else ends the field (strictly: a comma, a line break, or spaces first).
            case quoteSeen
            /// Spaces after a closing quote.
            case spacesAfterQuote
        }

        var state: State
        /// The field's 1-based position in its record.
        let field: Int
        /// The line where the record starts.
        let recordLine: Int
    }

    /// The field being skipped, if any.
    private var oversized: OversizedField?

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
        if oversized != nil {
            skipOversizedField(base)
            return
        }
        let start = base + bufferStart
        let available = bufferEnd - bufferStart
        let newline = memchr(start, 0x0A, available)
        let length = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(start) + 1 } ?? available
        let endsLine = newline != nil

        if parser.pointee.pstate == Self.rowNotBegun {
            context.pointee.recordStartLine = currentLine
        }
        hiddenCharacters?.scan(UnsafeRawBufferPointer(start: start, count: length))
        let consumed = csv_parse(parser, start, length, fieldEnded, recordEnded, context)
        bufferStart += length
        if consumed < length {
            if context.pointee.isDiscardingTail {
                // The rest of a record already reported (after an oversized field): no second error.
                context.pointee.isDiscardingTail = false
            } else {
                context.pointee.batch.entries.append(.syntaxError(CSVSyntaxError(
                    kind: .malformedQuoting, line: context.pointee.recordStartLine, lineOfProblem: currentLine)))
            }
            context.pointee.discardRecord()
            resetParser()
            if !endsLine { try skipRestOfLine() }
        } else if parser.pointee.entry_pos > configuration.runawayFieldBytes {
            beginSkippingOversizedField()
        }
        if endsLine || (consumed < length) { currentLine += 1 }
    }

    /// The field being parsed grew past the hard limit: drop its record and skip the rest of the
    /// field without storing it, to see how it ends.
    private func beginSkippingOversizedField() {
        let quoted = parser.pointee.quoted != 0
        let state: OversizedField.State
        if !quoted {
            state = .unquoted
        } else if parser.pointee.pstate == Self.fieldMightHaveEnded {
            state = parser.pointee.spaces > 0 ? .spacesAfterQuote : .quoteSeen
        } else {
            state = .quoted
        }
        oversized = OversizedField(
            state: state, field: context.pointee.fieldsInRecord + 1, recordLine: context.pointee.recordStartLine)
        context.pointee.discardRecord()
        context.pointee.isDiscardingTail = false
        resetParser()
    }

    /// Skips the buffered bytes of the oversized field, up to where it ends.
    private func skipOversizedField(_ base: UnsafeMutableRawPointer) {
        guard var field = oversized else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var index = bufferStart
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        while index < bufferEnd {
            let byte = bytes[index]
            switch field.state {
            case .unquoted:
                if byte == comma || byte == cr || byte == lf {
                    endOversizedField(field, kind: .oversizedField, at: index, restOfRecord: byte == comma)
                    return
                }
                if byte == quote {
                    endOversizedField(field, kind: .oversizedField, at: index, malformed: true)
                    return
                }
            case .quoted:
                if byte == quote {
                    field.state = .quoteSeen
                } else if byte == lf {
                    currentLine += 1
                }
            case .quoteSeen, .spacesAfterQuote:
                if byte == quote, field.state == .quoteSeen {
                    field.state = .quoted
                } else if byte == 0x20 || byte == 0x09 {
                    field.state = .spacesAfterQuote
                } else if byte == comma || byte == cr || byte == lf {
                    endOversizedField(field, kind: .oversizedQuotedField, at: index, restOfRecord: byte == comma)
                    return
                } else {
                    endOversizedField(field, kind: .unclosedQuote, at: index, malformed: true)
                    return
                }
            }
            index += 1
        }
        bufferStart = bufferEnd
        oversized = field
    }

    /// Reports the oversized field and goes on after it. The byte at `index` (a comma, a line
    /// break, or the byte that breaks the quoting) is not consumed: a line break is fed as usual;
    /// after a comma the rest of the record is parsed and dropped; after broken quoting the rest
    /// of the line is dropped, as for any malformed record.
    private func endOversizedField(
        _ field: OversizedField, kind: CSVSyntaxError.Kind, at index: Int, restOfRecord: Bool = false,
        malformed: Bool = false
    ) {
        oversized = nil
        context.pointee.batch.entries.append(.syntaxError(CSVSyntaxError(
            kind: kind, line: field.recordLine, lineOfProblem: currentLine, field: field.field,
            limitBytes: configuration.runawayFieldBytes)))
        bufferStart = index
        if restOfRecord {
            context.pointee.isDiscardingTail = true
        } else if malformed {
            if let base = buffer.baseAddress,
                let newline = memchr(base + index, 0x0A, bufferEnd - index)
            {
                bufferStart = UnsafeRawPointer(newline) - UnsafeRawPointer(base) + 1
            } else {
                bufferStart = bufferEnd
                try? skipRestOfLine()
            }
            currentLine += 1
        }
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
        if let field = oversized {
            // The input ended inside the oversized field.
            oversized = nil
            let kind: CSVSyntaxError.Kind
            switch field.state {
            case .unquoted: kind = .oversizedField
            case .quoted: kind = .runawayField
            case .quoteSeen, .spacesAfterQuote: kind = .oversizedQuotedField
            }
            context.pointee.batch.entries.append(.syntaxError(CSVSyntaxError(
                kind: kind, line: field.recordLine, lineOfProblem: max(field.recordLine, lastLine), field: field.field,
                limitBytes: configuration.runawayFieldBytes)))
            return
        }
        if parser.pointee.pstate == Self.rowNotBegun { return }
        let failed = csv_fini(parser, fieldEnded, recordEnded, context) != 0
        if failed {
            context.pointee.discardRecord()
            context.pointee.batch.entries.append(.syntaxError(CSVSyntaxError(
                kind: .unterminatedQuote, line: context.pointee.recordStartLine, lineOfProblem: currentLine)))
        }
        context.pointee.isDiscardingTail = false
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
        case .file(let descriptor, let path):
            while true {
                let count = read(descriptor, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw AccountListFileError(
                        path: path, code: .unreadable, detail: "cannot be read: \(String(cString: strerror(errno)))")
                }
                bufferEnd = count
                if count == 0 { reachedEndOfInput = true }
                break
            }
        }
        if bufferEnd > bufferStart {
            endsWithLineFeed = buffer[bufferEnd - 1] == 0x0A
        }
        if atStartOfInput {
            atStartOfInput = false
            stripByteOrderMark()
        }
    }

    /// Whether the last byte read was a line feed: the input's last line is then the one before
    /// ``currentLine``.
    private var endsWithLineFeed = false

    /// The last line of the input, once it has all been read.
    private var lastLine: Int { endsWithLineFeed ? max(1, currentLine - 1) : currentLine }

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

    /// The fields of the record being parsed so far.
    var fieldsInRecord: Int { batch.fields.count - recordFirstField }

    /// Whether the record being parsed is the rest of one already reported (after an oversized
    /// field ended at a comma): its fields are dropped when it ends.
    var isDiscardingTail = false

    mutating func endRecord() {
        if isDiscardingTail {
            isDiscardingTail = false
            discardRecord()
            return
        }
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
