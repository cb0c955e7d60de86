/// When a declared call is made: on every run that reaches its step, or only when a condition
/// (in words) holds of what the run finds.
///
/// A step that fails makes none of its later calls; that is not a condition. A listing shared by
/// a run's accounts (read once per run) counts as made for each of them. A resumed account
/// skips the steps its interrupted run completed, and their calls.
public enum CallCondition: Sendable, Hashable, Codable {
    /// Made whenever the step runs and the calls before it succeed.
    case always
    /// Made only when the condition holds (`"no compliant report is adopted"`).
    case only(when: String)

    /// Whether the call depends on what the run finds.
    public var isConditional: Bool { self != .always }

    /// The condition in words; nil for ``always``.
    public var condition: String? {
        switch self {
        case .always: nil
        case .only(let condition): condition
        }
    }

    private enum CodingKeys: String, CodingKey {
        case conditional
        case when
    }

    /// Reads `{"conditional": false}` or `{"conditional": true, "when": "…"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if try container.decode(Bool.self, forKey: .conditional) {
            self = .only(when: try container.decode(String.self, forKey: .when))
        } else {
            self = .always
        }
    }

    /// Writes `{"conditional": false}` or `{"conditional": true, "when": "…"}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(isConditional, forKey: .conditional)
        try container.encodeIfPresent(condition, forKey: .when)
    }
}
