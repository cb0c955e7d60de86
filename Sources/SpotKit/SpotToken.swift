import Foundation
import HTTPCore

/// A Spot API bearer token, kept out of every printed form.
///
/// `description`, `debugDescription`, string interpolation and `dump` show only a redacted form
/// (`SpotToken(…1a2b)` for a long token, `SpotToken(<redacted>)` for a short one). The token
/// itself is reachable only through ``unredactedValue``, which exists for building the
/// `Authorization` header. The type is deliberately not `Encodable`, so it cannot slip into a
/// report or a journal by encoding the value that holds it.
public struct SpotToken: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// A token from `value`, trimmed of surrounding whitespace and newlines; `nil` when nothing
    /// is left, or when what is left holds whitespace or control characters (it would break,
    /// or inject into, the `Authorization` header). The token joins HTTPCore's
    /// ``SecretRegistry/shared``, so any text scrubbed by it (AWS errors, failures in reports)
    /// loses the token and its pieces.
    public init?(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, Self.isHeaderSafe(trimmed) else { return nil }
        self.value = trimmed
        SecretRegistry.shared.register(trimmed)
    }

    /// The token itself. Use it only to build the `Authorization: Bearer …` header; never print,
    /// log or store it.
    public var unredactedValue: String { value }

    /// Tokens shorter than this print as `<redacted>`: the last four characters of a short token
    /// would give away too much of it.
    static let minimumLengthForHint = 16

    /// `SpotToken(…` plus the last four characters `)` for tokens of at least 16 characters,
    /// else `SpotToken(<redacted>)`.
    public var description: String {
        guard value.count >= Self.minimumLengthForHint else { return "SpotToken(<redacted>)" }
        return "SpotToken(…\(value.suffix(4)))"
    }

    /// The same redacted form as ``description``.
    public var debugDescription: String { description }

    /// A mirror without children, so `dump` and reflection never reach the token.
    public var customMirror: Mirror {
        Mirror(self, children: [], displayStyle: .struct)
    }

    /// Whether `text` may go into an HTTP header value as one token: printable, no whitespace.
    private static func isHeaderSafe(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            !(scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format)
        }
    }
}
