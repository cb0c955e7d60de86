/// Writes a ``TemplateValue`` as pretty-printed JSON, deterministically.
///
/// The layout: two-space indentation, object keys in their stored order, `"key": value` with one
/// space after the colon, one field or element per line, `{}` and `[]` for empty containers,
/// and a newline at the end. Strings escape `"`, `\` and control characters (short escapes
/// where JSON has them, `\u00XX` otherwise); everything else is written as UTF-8.
struct TemplateJSONPrinter {
    /// The text written so far.
    private(set) var output = ""

    /// The number of spaces per indentation level.
    private let indentWidth = 2

    /// Writes `value` as a whole document, followed by a newline.
    mutating func write(_ value: TemplateValue) {
        write(value, depth: 0)
        output.append("\n")
    }

    private mutating func write(_ value: TemplateValue, depth: Int) {
        switch value {
        case .object(let fields):
            guard !fields.isEmpty else {
                output.append("{}")
                return
            }
            output.append("{\n")
            for (index, field) in fields.enumerated() {
                indent(depth + 1)
                writeString(field.key)
                output.append(": ")
                write(field.value, depth: depth + 1)
                output.append(index == fields.count - 1 ? "\n" : ",\n")
            }
            indent(depth)
            output.append("}")
        case .array(let elements):
            guard !elements.isEmpty else {
                output.append("[]")
                return
            }
            output.append("[\n")
            for (index, element) in elements.enumerated() {
                indent(depth + 1)
                write(element, depth: depth + 1)
                output.append(index == elements.count - 1 ? "\n" : ",\n")
            }
            indent(depth)
            output.append("]")
        case .string(let text):
            writeString(text)
        case .int(let number):
            output.append(String(number))
        case .bool(let flag):
            output.append(flag ? "true" : "false")
        }
    }

    private mutating func indent(_ depth: Int) {
        output.append(String(repeating: " ", count: depth * indentWidth))
    }

    private mutating func writeString(_ text: String) {
        output.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append("\\\"")
            case "\\": output.append("\\\\")
            case "\n": output.append("\\n")
            case "\r": output.append("\\r")
            case "\t": output.append("\\t")
            case "\u{08}": output.append("\\b")
            case "\u{0C}": output.append("\\f")
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                output.append("\\u")
                output.append(Self.hex4(scalar.value))
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output.append("\"")
    }

    /// `value` as four lowercase hexadecimal digits.
    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
