/// Finds characters that do not print in raw input, with the line and column of each: NUL and
/// the other control characters (but tab and line breaks), format characters such as a byte
/// order mark or a bidirectional override, line and paragraph separators.
///
/// The reader runs it over the header's lines only, so that a NUL (a UTF-16 file) or a second
/// byte order mark in a header name is reported where it is rather than as a missing column.
/// It decodes UTF-8 as it goes, across reads of any size; columns count characters from 1.
struct HiddenCharacterLocator: Sendable {
    /// One character that does not print, and where it is.
    struct Location: Sendable, Hashable {
        var scalar: Unicode.Scalar
        var line: Int
        var column: Int
    }

    /// The characters found, in input order, at most `capacity` of them.
    private(set) var found: [Location] = []
    private let capacity: Int
    private var line = 1
    /// Characters of the current line before the next one.
    private var column = 0
    private var scalar: UInt32 = 0
    private var remaining = 0
    private var minimum: UInt32 = 0
    private var scalarColumn = 0

    init(capacity: Int = 64) {
        self.capacity = capacity
    }

    /// Whether `scalar` is one the locator reports (tab and line breaks are not: they are CSV's
    /// own, or trimmed).
    static func reports(_ scalar: Unicode.Scalar) -> Bool {
        scalar != "\t" && scalar != "\n" && scalar != "\r" && DisplayText.isHidden(scalar)
    }

    /// Scans the next bytes of the input.
    mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        for byte in bytes {
            if remaining > 0 {
                if byte & 0xC0 == 0x80 {
                    scalar = scalar << 6 | UInt32(byte & 0x3F)
                    remaining -= 1
                    if remaining == 0 { finishScalar() }
                    continue
                }
                remaining = 0  // a broken sequence, counted as one character
            }
            switch byte {
            case 0x0A:
                line += 1
                column = 0
            case 0x00..<0x80:
                column += 1
                if let ascii = Unicode.Scalar(UInt32(byte)), Self.reports(ascii) { record(ascii, column: column) }
            case 0xC2...0xDF: begin(byte & 0x1F, following: 1, minimum: 0x80)
            case 0xE0...0xEF: begin(byte & 0x0F, following: 2, minimum: 0x800)
            case 0xF0...0xF4: begin(byte & 0x07, following: 3, minimum: 0x10000)
            default: column += 1  // a stray continuation or a byte UTF-8 never uses
            }
        }
    }

    private mutating func begin(_ bits: UInt8, following: Int, minimum: UInt32) {
        column += 1
        scalarColumn = column
        scalar = UInt32(bits)
        remaining = following
        self.minimum = minimum
    }

    private mutating func finishScalar() {
        // Overlong forms and surrogates decode to U+FFFD in the fields: not reported here either.
        guard scalar >= minimum, let decoded = Unicode.Scalar(scalar), Self.reports(decoded) else { return }
        record(decoded, column: scalarColumn)
    }

    private mutating func record(_ scalar: Unicode.Scalar, column: Int) {
        guard found.count < capacity else { return }
        found.append(Location(scalar: scalar, line: line, column: column))
    }
}
