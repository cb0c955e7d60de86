/// Text taken from the account list (header names, cell values, the file's name), made safe to
/// show on a terminal or in a log line.
///
/// Characters that do not print are written as visible escapes: line feed, carriage return and
/// tab as `\n`, `\r` and `\t`; every other control character (C0, DEL, C1: an ESC would start a
/// terminal escape sequence), format character (Unicode category Cf: bidirectional overrides and
/// isolates, zero-width characters, the byte order mark, …) and line or paragraph separator as
/// `\u{1B}`, `\u{202E}`. Escaping is idempotent: what it writes holds no such character.
public enum DisplayText {
    /// `text` with every character that does not print written as a visible escape.
    public static func escaped(_ text: String) -> String {
        if isPlain(text) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if let escape = escape(scalar) {
                out += escape
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` escaped as ``escaped(_:)`` and cut to at most `limit` characters of output, with
    /// `…` after a cut. A cut never splits an escape, so the excerpt stays readable.
    public static func excerpt(_ text: String, limit: Int = 64) -> String {
        if text.utf8.count <= limit, isPlain(text) { return text }
        var out = ""
        var length = 0
        for scalar in text.unicodeScalars {
            let piece = escape(scalar)
            let pieceLength = piece?.utf8.count ?? 1
            if length + pieceLength > limit {
                return out + "…"
            }
            if let piece { out += piece } else { out.unicodeScalars.append(scalar) }
            length += pieceLength
        }
        return out
    }

    /// Whether `scalar` does not print: a control character, a format character (Cf), or a line
    /// or paragraph separator.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value >= 0x20, scalar.value < 0x7F { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// `U+202E RIGHT-TO-LEFT OVERRIDE`: the code point and, when Unicode gives one, its name.
    public static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let padded = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        if let name = scalar.properties.name ?? scalar.properties.nameAlias ?? controlNames[scalar.value] {
            return "U+\(padded) \(name)"
        }
        return "U+\(padded)"
    }

    /// Unicode gives control characters no name; these are their usual aliases.
    private static let controlNames: [UInt32: String] = [
        0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x09: "CHARACTER TABULATION", 0x0A: "LINE FEED",
        0x0B: "LINE TABULATION", 0x0C: "FORM FEED", 0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE",
        0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
    ]

    /// Whether every byte of `text` is printable ASCII (the common case: nothing to escape).
    private static func isPlain(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            return text.unicodeScalars.allSatisfy { !isHidden($0) }
        }
        return true
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String? {
        guard isHidden(scalar) else { return nil }
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default: return "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
        }
    }
}
