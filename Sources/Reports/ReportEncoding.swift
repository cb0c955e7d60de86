import Foundation

/// The JSON and Markdown conventions every report follows.
public enum ReportEncoding {
    /// Pretty, sorted, snake_case keys, ISO 8601 dates: stable output that diffs well.
    public static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }

    /// Text safe inside a Markdown table cell: pipes escaped, line breaks folded.
    public static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// Text shown as inline code (backticks inside are replaced).
    public static func code(_ text: String) -> String {
        "`\(text.replacingOccurrences(of: "`", with: "'"))`"
    }

    /// An ISO 8601 UTC timestamp.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
