
/// One check of a setup validation (Billing Engine or Cost Intelligence):
/// `{"id","description","status","validationInfo"}`.
public struct SpotValidationCheck: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The check's id.
    public var id: String
    /// What was checked (Spot's `description` field).
    public var checkDescription: String?
    /// How it came out.
    public var status: SpotValidationStatus
    /// Why it failed, when it did.
    public var validationInfo: String?

    /// - Parameters: see the properties.
    public init(id: String, checkDescription: String? = nil, status: SpotValidationStatus, validationInfo: String? = nil) {
        self.id = id
        self.checkDescription = checkDescription
        self.status = status
        self.validationInfo = validationInfo
    }

    /// `id: status (validationInfo)`.
    public var description: String {
        var text = "\(id): \(status)"
        if let validationInfo, !validationInfo.isEmpty { text += " (\(validationInfo))" }
        return text
    }

    enum CodingKeys: String, CodingKey {
        case id
        case checkDescription = "description"
        case status, validationInfo
    }

    /// Decodes a check; a `validationInfo` that is not text is dropped rather than failing the call.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeFlexibleString(forKey: .id)
        checkDescription = try container.decodeIfPresent(String.self, forKey: .checkDescription)
        status = try container.decode(SpotValidationStatus.self, forKey: .status)
        // Spot documents a string; anything else (an object) is kept out rather than failing the call.
        validationInfo = try? container.decodeIfPresent(String.self, forKey: .validationInfo)
    }
}
