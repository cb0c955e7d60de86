import Synchronization

/// Text from outside (organization names, server messages, step details, ids read from a
/// journal) made inert in the Markdown reports: it reads as the same words, and never becomes
/// markup, a link, raw HTML, a heading, a list, a quote or a broken table.
///
/// Every Markdown file Reports writes (`accounts/<id>.md`, `summary.md`, `plan.md`) puts
/// outside text through `escape(_:)` (prose, headings, list items, table cells) or `code(_:)`
/// (inline code).
public enum MarkdownText {
    /// ASCII punctuation that means something wherever it stands (emphasis, code, links,
    /// images, footnotes, headings' closing `#`s, table pipes, strikethrough, math, escapes):
    /// always backslash-escaped (CommonMark defines a backslash escape for every ASCII
    /// punctuation character).
    private static let alwaysEscaped: Set<Unicode.Scalar> = [
        "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "|", "~", "$", "!", "^",
    ]

    /// Punctuation that starts a block at the beginning of a line (list items, setext
    /// underlines, thematic breaks): escaped when it is the text's first non-space character,
    /// since the text may be put at a block's start (a quoted message line, a list item).
    private static let escapedFirst: Set<Unicode.Scalar> = ["-", "+", "="]

    /// `text` for prose, a heading, a list item, a quoted line or a table cell, on one line:
    /// - `&`, `<`, `>`, `"` and `'` become character references (no raw HTML, no `<…>` autolink);
    /// - Markdown punctuation gets a backslash: backslash, backtick, `*`, `_`, braces, brackets,
    ///   parentheses, `#`, `|`, `~`, `$`, `!` and `^` everywhere (no emphasis, code span, link,
    ///   image, footnote, table pipe, heading end, math); `-`, `+`, `=` as the first
    ///   character (no list, setext heading, thematic break); `.` after a digit (no ordered
    ///   list) or after `www` (no `www.` autolink); `:` before `//` (no `http://` autolink);
    /// - line breaks and tabs become spaces, other control characters and the bidirectional
    ///   marks, embeddings, overrides and isolates (which make text read differently from what
    ///   it is) are dropped.
    public static func escape(_ text: String) -> String {
        isPlain(text) ? text : escapeEachScalar(text)
    }

    /// ``escape(_:)`` for a text that recurs from row to row (a plan's fixed sentences): the
    /// first ``repeatedCapacity`` such texts are escaped once and remembered.
    static func escapeRepeated(_ text: String) -> String {
        if isPlain(text) { return text }
        if let known = repeated.withLock({ $0[text] }) { return known }
        let escaped = escapeEachScalar(text)
        repeated.withLock { if $0.count < repeatedCapacity { $0[text] = escaped } }
        return escaped
    }

    /// How many recurring texts ``escapeRepeated(_:)`` remembers.
    static let repeatedCapacity = 128
    private static let repeated = Mutex<[String: String]>([:])

    /// Whether ``escape(_:)`` leaves `text` as it is: ASCII letters, digits, spaces and the
    /// punctuation that is never escaped, `-`, `+`, `=` past the first character that is not
    /// a space, `.` after neither a digit nor `www`, `:` not before `//`. Most names and
    /// sentences are, and are returned without a copy.
    static func isPlain(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var started = false
            for index in bytes.indices {
                let byte = bytes[index]
                switch byte {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x20, 0x2C, 0x3B, 0x2F, 0x40, 0x25, 0x3F:
                    break
                case 0x2D, 0x2B, 0x3D:  // - + =
                    if !started { return false }
                case 0x2E:  // .
                    if index > 0, (0x30...0x39).contains(bytes[index - 1]) { return false }
                    if index >= 3, bytes[(index - 3)..<index].allSatisfy({ $0 == 0x77 || $0 == 0x57 }) { return false }
                case 0x3A:  // :
                    if index + 2 < bytes.count, bytes[index + 1] == 0x2F, bytes[index + 2] == 0x2F { return false }
                default:
                    return false
                }
                if byte != 0x20 { started = true }
            }
            return true
        }
    }

    /// ``escape(_:)`` scalar by scalar, for any text.
    static func escapeEachScalar(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        out.unicodeScalars.reserveCapacity(scalars.count + 8)
        var atStart = true
        for (index, scalar) in scalars.enumerated() {
            let previous = index > 0 ? scalars[index - 1] : nil
            if scalar == "\n", previous == "\r" { continue }
            if isSpace(scalar) {
                out += " "
                continue
            }
            if isDropped(scalar) { continue }
            defer { if scalar != " " { atStart = false } }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if alwaysEscaped.contains(scalar) || (atStart && escapedFirst.contains(scalar))
                    || (scalar == "." && (previous.map(isDigit) == true || endsWithWWW(scalars, before: index)))
                    || (scalar == ":" && index + 2 < scalars.count && scalars[index + 1] == "/" && scalars[index + 2] == "/")
                {
                    out.unicodeScalars.append("\\")
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// Whether the three characters before `index` are `www` (in any case).
    private static func endsWithWWW(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        index >= 3 && scalars[(index - 3)..<index].allSatisfy { $0 == "w" || $0 == "W" }
    }

    /// `text` as one inline code span, on one line: the fence is one backtick longer than the
    /// longest run of backticks inside (so none closes it early), padded with a space when the
    /// text starts or ends with a backtick or a space. Line breaks and tabs become spaces,
    /// other control characters and bidirectional overrides are dropped. HTML and Markdown do
    /// not work inside a code span, so nothing else needs escaping; `|` does (GitHub's tables
    /// split cells on it even inside code), so in a table cell use `code(_:inTable: true)`.
    public static func code(_ text: String, inTable: Bool = false) -> String {
        var content = ""
        var longestRun = 0
        var run = 0
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            if scalar == "`" {
                run += 1
                longestRun = max(longestRun, run)
            } else {
                run = 0
            }
            switch scalar {
            case "\n" where previousWasCR: continue
            case "|" where inTable: content += "\\|"
            default:
                if isSpace(scalar) {
                    content += " "
                    continue
                }
                if isDropped(scalar) { continue }
                content.unicodeScalars.append(scalar)
            }
        }
        guard !content.isEmpty else { return "` `" }
        let fence = String(repeating: "`", count: longestRun + 1)
        let pad = content.hasPrefix("`") || content.hasSuffix("`") || content.hasPrefix(" ") || content.hasSuffix(" ")
        return pad ? "\(fence) \(content) \(fence)" : "\(fence)\(content)\(fence)"
    }

    /// Line breaks (LF, CR, VT, FF, NEL, the line and paragraph separators) and tabs: shown as
    /// a space, so the text stays on its line.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// The other control characters (C0, DEL, C1) and the bidirectional marks, embeddings,
    /// overrides and isolates: dropped.
    static func isDropped(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
