import Foundation

/// A Spot account (`act-…`) of the token's organization.
///
/// Read from two shapes: `POST /setup/account` answers `{"id","name","organizationId":"…"}`
/// while `GET /setup/account` lists `{"accountId","name","organizationId":606…,"providerExternalId"}`
/// with the organization id as an integer. Both become the same value; it encodes with the
/// list's keys (`accountId`, `organizationId` as a string).
public struct SpotAccount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The account id, `act-…`.
    public var id: String
    /// The account's name.
    public var name: String?
    /// The organization id, as text whichever way Spot sent it.
    public var organizationID: String?
    /// The cloud account the Spot account is linked to (for AWS, the AWS account id), as Spot
    /// sent it; `nil` while it is not linked.
    public var providerExternalID: String?

    /// - Parameters: see the properties.
    public init(id: String, name: String? = nil, organizationID: String? = nil, providerExternalID: String? = nil) {
        self.id = id
        self.name = name
        self.organizationID = organizationID
        self.providerExternalID = providerExternalID
    }

    /// ``providerExternalID`` as a 12-digit AWS account id: Spot may send it as a number, which
    /// drops leading zeros; they are put back. `nil` when it is not 1 to 12 digits.
    public var awsAccountID: String? {
        guard let raw = providerExternalID?.trimmingCharacters(in: .whitespaces), (1...12).contains(raw.count),
            raw.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        return String(repeating: "0", count: 12 - raw.count) + raw
    }

    /// `act-123 (name)`.
    public var description: String {
        name.map { "\(id) (\($0))" } ?? id
    }

    enum CodingKeys: String, CodingKey {
        case id
        case accountID = "accountId"
        case name
        case organizationID = "organizationId"
        case providerExternalID = "providerExternalId"
    }

    /// Decodes either shape (`id` or `accountId`; `organizationId` as a string or an integer).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let accountID = try container.decodeFlexibleStringIfPresent(forKey: .accountID) {
            id = accountID
        } else {
            id = try container.decodeFlexibleString(forKey: .id)
        }
        name = try container.decodeIfPresent(String.self, forKey: .name)
        organizationID = try container.decodeFlexibleStringIfPresent(forKey: .organizationID)
        providerExternalID = try container.decodeFlexibleStringIfPresent(forKey: .providerExternalID)
    }

    /// Encodes with the listing's keys: `accountId`, `name`, `organizationId` (as text), `providerExternalId`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .accountID)
        try container.encodeIfPresent(name, forKey: .name)
        try container.encodeIfPresent(organizationID, forKey: .organizationID)
        try container.encodeIfPresent(providerExternalID, forKey: .providerExternalID)
    }
}
