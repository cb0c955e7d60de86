/// A set of ASCII bytes, tested with two shifts: the column rules check every byte of every
/// value, so a lookup must cost next to nothing.
struct ByteClass: Sendable {
    private var low: UInt64 = 0
    private var high: UInt64 = 0

    /// The bytes of `characters` (ASCII only), plus, optionally, letters and digits.
    init(_ characters: String, letters: Bool = false, lowercaseLetters: Bool = false, digits: Bool = false) {
        var bytes = Array(characters.utf8)
        if letters { bytes += Array(0x41...0x5A) + Array(0x61...0x7A) }
        if lowercaseLetters { bytes += Array(0x61...0x7A) }
        if digits { bytes += Array(0x30...0x39) }
        for byte in bytes {
            precondition(byte < 0x80, "ByteClass holds ASCII only")
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
    }

    /// Whether `byte` is in the set.
    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        if byte < 64 { return (low >> UInt64(byte)) & 1 == 1 }
        if byte < 128 { return (high >> UInt64(byte - 64)) & 1 == 1 }
        return false
    }

    /// Whether every byte of `text` is in the set.
    @inline(__always)
    func containsAll(_ text: String) -> Bool {
        for byte in text.utf8 where !contains(byte) { return false }
        return true
    }

    static let digits = ByteClass("", digits: true)
    /// STS external ids: `[\w+=,.@:/-]`.
    static let externalID = ByteClass("_+=,.@:/-", letters: true, digits: true)
    /// The CUR model's `ReportName`.
    static let reportName = ByteClass("!-_.*'()", letters: true, digits: true)
    /// The CUR model's `S3Prefix`.
    static let reportPrefix = ByteClass("!-_.*'()/", letters: true, digits: true)
    /// Profile names of the shared config files.
    static let profileName = ByteClass("_-.@+/", letters: true, digits: true)
    /// IAM role names.
    static let roleName = ByteClass("+=,.@_-", letters: true, digits: true)
    /// Lowercase hexadecimal digits.
    static let lowercaseHex = ByteClass("abcdef", digits: true)
    /// Lowercase letters and hyphens (partition names).
    static let partitionName = ByteClass("-", lowercaseLetters: true)
}
