/// A text's bytes with its escapes decoded, each decoded byte remembering the range of the
/// original it came from, so a secret found in the decoded form can be cut from the original.
///
/// Decoded: `%HH` (percent-encoding, either case), JSON's `\/` and `\u00HH`, and HTML's `&#N;`
/// and `&#xH;` below 128. Everything else is kept byte for byte. One level only: `%252B`
/// decodes to `%2B`, not to `+`.
struct EscapedText {
    /// The decoded bytes.
    var bytes: [UInt8] = []
    /// Where each decoded byte starts in the original.
    var starts: [Int] = []
    /// Where each decoded byte ends in the original (exclusive).
    var ends: [Int] = []

    /// The decoded form of `original`, or nil when it holds no escape.
    static func decode(_ original: [UInt8]) -> EscapedText? {
        guard original.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "&") })
        else { return nil }
        var text = EscapedText()
        text.bytes.reserveCapacity(original.count)
        text.starts.reserveCapacity(original.count)
        text.ends.reserveCapacity(original.count)
        var decodedAny = false
        var index = 0
        while index < original.count {
            if let (byte, length) = escape(in: original, at: index) {
                text.append(byte, from: index, to: index + length)
                index += length
                decodedAny = true
            } else {
                text.append(original[index], from: index, to: index + 1)
                index += 1
            }
        }
        return decodedAny ? text : nil
    }

    private mutating func append(_ byte: UInt8, from start: Int, to end: Int) {
        bytes.append(byte)
        starts.append(start)
        ends.append(end)
    }

    /// The byte an escape at `index` stands for, and the escape's length; nil when none starts there.
    private static func escape(in bytes: [UInt8], at index: Int) -> (UInt8, Int)? {
        switch bytes[index] {
        case UInt8(ascii: "%"):
            guard let value = hex(bytes, from: index + 1, count: 2) else { return nil }
            return (UInt8(value), 3)
        case UInt8(ascii: "\\"):
            guard index + 1 < bytes.count else { return nil }
            if bytes[index + 1] == UInt8(ascii: "/") { return (UInt8(ascii: "/"), 2) }
            guard bytes[index + 1] == UInt8(ascii: "u"), let value = hex(bytes, from: index + 2, count: 4), value < 0x80
            else { return nil }
            return (UInt8(value), 6)
        case UInt8(ascii: "&"):
            return characterReference(in: bytes, at: index)
        default:
            return nil
        }
    }

    /// `&#N;` or `&#xH;` at `index` for a value below 128.
    private static func characterReference(in bytes: [UInt8], at index: Int) -> (UInt8, Int)? {
        guard index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "#") else { return nil }
        let isHex = bytes[index + 2] == UInt8(ascii: "x") || bytes[index + 2] == UInt8(ascii: "X")
        var position = index + (isHex ? 3 : 2)
        var value = 0
        var digits = 0
        while position < bytes.count, digits < 8 {
            let digit = isHex ? hexDigit(bytes[position]) : decimalDigit(bytes[position])
            guard let digit else { break }
            value = value * (isHex ? 16 : 10) + digit
            digits += 1
            position += 1
        }
        guard digits > 0, value < 0x80, position < bytes.count, bytes[position] == UInt8(ascii: ";") else { return nil }
        return (UInt8(value), position + 1 - index)
    }

    /// The value of `count` hex digits at `start`, or nil.
    private static func hex(_ bytes: [UInt8], from start: Int, count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[start..<(start + count)] {
            guard let digit = hexDigit(byte) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    private static func decimalDigit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
