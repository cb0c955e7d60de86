/// How far a Spot account's Billing Engine or Cost Intelligence connection is
/// (`connected`, `notConnected`, `partiallyConnected`).
///
/// Kept as an open set: a summary this code does not know yet is carried as is, never rejected.
public struct SpotAccountStatusSummary: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The summary as Spot spells it.
    public let rawValue: String

    /// Wraps any summary text, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Data flows.
    public static let connected = SpotAccountStatusSummary(rawValue: "connected")
    /// Nothing is connected yet (or any more).
    public static let notConnected = SpotAccountStatusSummary(rawValue: "notConnected")
    /// Some parts are connected, others not: the status items say which.
    public static let partiallyConnected = SpotAccountStatusSummary(rawValue: "partiallyConnected")

    /// Whether the account is fully connected.
    public var isConnected: Bool { self == .connected }

    /// The raw value.
    public var description: String { rawValue }
}
