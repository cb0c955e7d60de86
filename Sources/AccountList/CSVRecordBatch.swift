/// Records parsed from a run of input, stored contiguously: the bytes of every field in one
/// buffer, with offsets. A batch of a thousand records costs a handful of allocations instead of
/// one per field, and as a value it can be handed to another thread for validation.
public struct CSVRecordBatch: Sendable {
    /// Where one record's fields are in the batch.
    struct RecordLocation: Sendable, Hashable {
        var line: Int
        var firstField: Int
        var fieldCount: Int
    }

    /// A record or a syntax error, in input order.
    enum Entry: Sendable, Hashable {
        case record(RecordLocation)
        case syntaxError(CSVSyntaxError)
    }

    /// Where one field's bytes are in ``bytes``.
    struct FieldSlot: Sendable, Hashable {
        var start: Int32
        var end: Int32
        /// 1 when the field was longer than the reader's limit (its bytes are cut).
        var flags: UInt8
    }

    var bytes: [UInt8] = []
    var fields: [FieldSlot] = []
    var entries: [Entry] = []

    /// The number of entries (records and syntax errors).
    public var count: Int { entries.count }

    /// Whether the batch holds no entry.
    public var isEmpty: Bool { entries.isEmpty }

    /// One entry, as the closure sees it.
    public enum EntryView {
        /// A record; the view is valid only inside the closure.
        case record(CSVRecordView)
        /// A record libcsv rejected.
        case syntaxError(CSVSyntaxError)
    }

    /// Calls `body` with entry `index`; record views borrow the batch's storage.
    public func withEntry<Result>(at index: Int, _ body: (EntryView) throws -> Result) rethrows -> Result {
        switch entries[index] {
        case .syntaxError(let error):
            return try body(.syntaxError(error))
        case .record(let location):
            return try bytes.withUnsafeBufferPointer { bytes in
                try fields.withUnsafeBufferPointer { fields in
                    let range = location.firstField..<(location.firstField + location.fieldCount)
                    return try body(.record(CSVRecordView(
                        line: location.line, bytes: bytes, fields: UnsafeBufferPointer(rebasing: fields[range]))))
                }
            }
        }
    }

    /// Entry `index` as an owned event, with the fields as strings.
    func event(at index: Int) -> CSVRecordReader.Event {
        withEntry(at: index) { entry in
            switch entry {
            case .record(let view): .record(view.record())
            case .syntaxError(let error): .syntaxError(error)
            }
        }
    }

    /// A new batch with the entries from `index` on.
    func suffix(from index: Int) -> CSVRecordBatch {
        var rest = CSVRecordBatch()
        for position in index..<entries.count {
            switch entries[position] {
            case .syntaxError(let error):
                rest.entries.append(.syntaxError(error))
            case .record(let location):
                let firstField = rest.fields.count
                for field in fields[location.firstField..<(location.firstField + location.fieldCount)] {
                    rest.appendField(bytes[Int(field.start)..<Int(field.end)], flags: field.flags)
                }
                rest.entries.append(.record(RecordLocation(line: location.line, firstField: firstField, fieldCount: location.fieldCount)))
            }
        }
        return rest
    }

    mutating func appendField(_ fieldBytes: some Collection<UInt8>, flags: UInt8) {
        let start = Int32(truncatingIfNeeded: bytes.count)
        bytes.append(contentsOf: fieldBytes)
        fields.append(FieldSlot(start: start, end: Int32(truncatingIfNeeded: bytes.count), flags: flags))
    }

    mutating func appendEmptyField() {
        let position = Int32(truncatingIfNeeded: bytes.count)
        fields.append(FieldSlot(start: position, end: position, flags: 0))
    }
}

/// One record of a ``CSVRecordBatch``, borrowed: valid only inside ``CSVRecordBatch/withEntry(at:_:)``.
public struct CSVRecordView {
    /// The line the record starts on.
    public let line: Int
    fileprivate let bytes: UnsafeBufferPointer<UInt8>
    fileprivate let fields: UnsafeBufferPointer<CSVRecordBatch.FieldSlot>

    /// The number of fields.
    public var fieldCount: Int { fields.count }

    /// The bytes of field `index` (an empty field is empty).
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let slot = fields[index]
        return UnsafeBufferPointer(rebasing: bytes[Int(slot.start)..<Int(slot.end)])
    }

    /// Whether field `index` was longer than the reader's limit (its bytes are cut to it).
    public func isOversized(_ index: Int) -> Bool { fields[index].flags & 1 == 1 }

    /// Whether field `index` is valid UTF-8.
    public func isValidUTF8(_ index: Int) -> Bool {
        let field = field(index)
        var combined: UInt8 = 0
        for byte in field { combined |= byte }
        if combined < 0x80 { return true }
        return String(validating: field, as: UTF8.self) != nil
    }

    /// Field `index` as a string (invalid UTF-8 repaired with U+FFFD).
    public func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// Whether every field is empty.
    public var isBlank: Bool {
        for slot in fields where slot.end > slot.start { return false }
        return true
    }

    /// An owned copy, with the fields as strings.
    public func record() -> CSVRecord {
        var fields: [String] = []
        fields.reserveCapacity(fieldCount)
        var invalid: [Int] = []
        var oversized: [Int] = []
        for index in 0..<fieldCount {
            fields.append(string(index))
            if !isValidUTF8(index) { invalid.append(index) }
            if isOversized(index) { oversized.append(index) }
        }
        return CSVRecord(line: line, fields: fields, invalidUTF8Fields: invalid, oversizedFields: oversized)
    }
}
