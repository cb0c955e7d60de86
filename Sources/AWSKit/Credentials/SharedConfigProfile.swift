/// One named profile of the AWS shared files: the settings of its `config` section
/// (`[profile NAME]`, or `[default]`) with those of its `credentials` section (`[NAME]`) on top.
public struct SharedConfigProfile: Sendable, Hashable {
    /// The profile's name (`default`, `admin`); case-sensitive, as in the AWS CLI.
    public var name: String
    /// The settings, keys lower-cased. Values are trimmed; nested settings (`s3 =` followed by
    /// indented lines) keep their lines joined by newlines.
    public var settings: [String: String]

    /// Creates a profile; keys are lower-cased.
    public init(name: String, settings: [String: String]) {
        self.name = name
        var lowered: [String: String] = [:]
        for (key, value) in settings { lowered[key.lowercased()] = value }
        self.settings = lowered
    }

    /// The value of `key` (case-insensitive), or `nil` when it is missing or empty: an empty
    /// setting counts as unset.
    public subscript(key: String) -> String? {
        guard let value = settings[key.lowercased()], !value.isEmpty else { return nil }
        return value
    }

    /// Whether `key` is set to a non-empty value.
    public func has(_ key: String) -> Bool {
        self[key] != nil
    }
}
