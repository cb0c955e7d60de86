/// The bytes of one field, borrowed from a ``CSVRecordBatch``. The column rules read these
/// directly, so a valid row costs no string until its ``PayerAccount`` is built.
typealias FieldBytes = UnsafeBufferPointer<UInt8>

extension UnsafeBufferPointer where Element == UInt8 {
    /// The field without leading and trailing ASCII spaces, tabs and line breaks.
    @inline(__always)
    var trimmed: FieldBytes {
        var start = 0
        var end = count
        while start < end, self[start].isASCIISpace { start += 1 }
        while start < end, self[end - 1].isASCIISpace { end -= 1 }
        if start == 0, end == count { return self }
        return FieldBytes(rebasing: self[start..<end])
    }

    /// The field as text.
    var text: String { String(decoding: self, as: UTF8.self) }

    /// Whether every byte is in `byteClass`.
    @inline(__always)
    func allIn(_ byteClass: ByteClass) -> Bool {
        for byte in self where !byteClass.contains(byte) { return false }
        return true
    }

    /// Whether the field equals the ASCII text `other`, ignoring ASCII case.
    func equalsIgnoringCase(_ other: StaticString) -> Bool {
        guard count == other.utf8CodeUnitCount else { return false }
        let expected = other.utf8Start
        for index in 0..<count where self[index].asciiLowercased != expected[index].asciiLowercased {
            return false
        }
        return true
    }

    /// Whether the field starts with `prefix`.
    func hasPrefix(_ prefix: StaticString) -> Bool {
        guard count >= prefix.utf8CodeUnitCount else { return false }
        let expected = prefix.utf8Start
        for index in 0..<prefix.utf8CodeUnitCount where self[index] != expected[index] { return false }
        return true
    }
}

extension UInt8 {
    @inline(__always)
    var isASCIISpace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }

    @inline(__always)
    var asciiLowercased: UInt8 { (0x41...0x5A).contains(self) ? self | 0x20 : self }
}

extension String {
    /// The text without leading and trailing ASCII spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        var copy = self
        return copy.withUTF8 { bytes in
            let trimmed = bytes.trimmed
            return trimmed.count == bytes.count ? self : trimmed.text
        }
    }
}
