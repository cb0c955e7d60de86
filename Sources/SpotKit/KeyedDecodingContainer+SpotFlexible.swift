extension KeyedDecodingContainer {
    /// The value at `key` as text whether Spot sent it as a string or as a number (Spot sends
    /// `organizationId` as a string in some responses and as an integer in others); `nil` when
    /// absent or `null`.
    func decodeFlexibleStringIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let integer = try? decode(Int64.self, forKey: key) { return String(integer) }
        if let integer = try? decode(UInt64.self, forKey: key) { return String(integer) }
        if let number = try? decode(Double.self, forKey: key), number.isFinite, number == number.rounded(),
            abs(number) < 1e18
        {
            return String(Int64(number))
        }
        throw DecodingError.typeMismatch(
            String.self,
            DecodingError.Context(
                codingPath: codingPath + [key], debugDescription: "expected a string or an integer"))
    }

    /// Like ``decodeFlexibleStringIfPresent(forKey:)``, but the key must be there.
    func decodeFlexibleString(forKey key: Key) throws -> String {
        guard let value = try decodeFlexibleStringIfPresent(forKey: key) else {
            throw DecodingError.keyNotFound(
                key, DecodingError.Context(codingPath: codingPath, debugDescription: "\(key.stringValue) is missing"))
        }
        return value
    }
}
