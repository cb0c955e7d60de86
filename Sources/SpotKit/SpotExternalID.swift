import Foundation

/// An external id Spot generated for a Spot account: the `sts:ExternalId` its IAM roles'
/// trust policies must require. Not a secret (it guards against confused deputies).
public struct SpotExternalID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The external id.
    public var externalID: String
    /// Until when Spot accepts it for linking, exactly as Spot sent it
    /// (`2021-03-18 16:11:04.402000+00:00`).
    public var maxValidUntil: String?

    /// - Parameters: see the properties.
    public init(externalID: String, maxValidUntil: String? = nil) {
        self.externalID = externalID
        self.maxValidUntil = maxValidUntil
    }

    /// ``maxValidUntil`` as a date, when it is in a spelling Spot uses (ISO 8601, or
    /// `YYYY-MM-DD HH:MM:SS.ffffff+00:00`).
    public var maxValidUntilDate: Date? {
        maxValidUntil.flatMap(SpotTimestamp.parse)
    }

    /// The external id.
    public var description: String { externalID }

    enum CodingKeys: String, CodingKey {
        case externalID = "externalId"
        case maxValidUntil
    }

    /// Decodes `{"externalId","maxValidUntil"}`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        externalID = try container.decodeFlexibleString(forKey: .externalID)
        maxValidUntil = try container.decodeFlexibleStringIfPresent(forKey: .maxValidUntil)
    }
}
