import Foundation

/// AWS's ISO 8601 timestamps (`2026-12-01T10:00:00Z`, `2026-12-01T10:00:00.123Z`).
public enum AWSTimestamp {
    /// The date `text` names, with or without fractional seconds; nil when it is no such timestamp.
    public static func parse(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
