/// The outcome of one setup validation check (`success`, `failed`, `warning`, `skipped`).
///
/// Kept as an open set: a status this code does not know yet is carried as is, never rejected.
public struct SpotValidationStatus: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    /// The status as Spot spells it.
    public let rawValue: String

    /// Wraps any status text, known or not.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// The check passed.
    public static let success = SpotValidationStatus(rawValue: "success")
    /// The check failed: setup would not work.
    public static let failed = SpotValidationStatus(rawValue: "failed")
    /// The check passed with a reservation.
    public static let warning = SpotValidationStatus(rawValue: "warning")
    /// The check did not run.
    public static let skipped = SpotValidationStatus(rawValue: "skipped")

    /// Whether the check failed (`failed`; a status this code does not know is not taken as a failure).
    public var isFailure: Bool { self == .failed }

    /// The raw value.
    public var description: String { rawValue }
}
