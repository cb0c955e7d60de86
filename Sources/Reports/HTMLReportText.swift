/// Text from outside (organization names, server messages, step details, ids read from a report)
/// made inert in `report.html`: it reads as the same words and never becomes markup, a
/// character reference, an attribute's end or a script.
///
/// The page puts every such text through `escape(_:)`, in element content and in quoted
/// attribute values alike, and embeds no data in its script (the script reads the table the
/// page already shows), so there is no JavaScript or JSON context to escape for.
enum HTMLReportText {
    /// `text` safe in HTML element content and in a double- or single-quoted attribute value:
    /// `&`, `<`, `>`, `"` and `'` become character references; characters HTML forbids or
    /// rewrites (NUL and the other C0 controls but tab, LF and CR; DEL; the C1 controls;
    /// noncharacters) become U+FFFD, so what a person sees is what the report holds, less
    /// the controls. Bidirectional marks are kept (they may be a name's own): the page
    /// isolates every outside text in its own `<bdi>` or table cell, so they cannot reorder
    /// the text around it.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if isReplaced(scalar) {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Whether HTML's parser would flag `scalar` (a control or a noncharacter: WHATWG HTML,
    /// "Preprocessing the input stream"), so the page shows U+FFFD instead.
    static func isReplaced(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        switch value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0xFDD0...0xFDEF: return true
        default: return value & 0xFFFE == 0xFFFE
        }
    }

    /// `text` as `<bdi>…</bdi>`: escaped, and isolated from the text around it (a name in
    /// Arabic or Hebrew, or one holding a right-to-left override, cannot reorder a sentence).
    static func isolated(_ text: String) -> String {
        "<bdi>\(escape(text))</bdi>"
    }
}
