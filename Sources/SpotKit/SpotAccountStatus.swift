import Foundation

/// One entry of a registered account's `status` list: the state of one part of the connection.
public struct SpotAccountStatus: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The product the entry is about (`common`, `cloudBilling`, `cbi`).
    public var productOffering: String
    /// What is checked.
    public var statusType: String?
    /// The state's code.
    public var statusCode: String?
    /// Details, for people.
    public var statusMessage: String?
    /// When the state was recorded, exactly as Spot sent it.
    public var statusTimestamp: String?

    /// - Parameters: see the properties.
    public init(
        productOffering: String, statusType: String? = nil, statusCode: String? = nil, statusMessage: String? = nil,
        statusTimestamp: String? = nil
    ) {
        self.productOffering = productOffering
        self.statusType = statusType
        self.statusCode = statusCode
        self.statusMessage = statusMessage
        self.statusTimestamp = statusTimestamp
    }

    /// ``statusTimestamp`` as a date, when it can be read.
    public var statusDate: Date? { statusTimestamp.flatMap(SpotTimestamp.parse) }

    /// `cloudBilling statusType: statusCode (message)`.
    public var description: String {
        var text = productOffering
        if let statusType { text += " \(statusType)" }
        if let statusCode { text += ": \(statusCode)" }
        if let statusMessage, !statusMessage.isEmpty { text += " (\(statusMessage))" }
        return text
    }

    enum CodingKeys: String, CodingKey {
        case productOffering, statusType, statusCode, statusMessage, statusTimestamp
    }

    /// Decodes a status entry; `statistics` is ignored, a missing `productOffering` is `common`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        productOffering = try container.decodeFlexibleStringIfPresent(forKey: .productOffering) ?? "common"
        statusType = try container.decodeFlexibleStringIfPresent(forKey: .statusType)
        statusCode = try container.decodeFlexibleStringIfPresent(forKey: .statusCode)
        statusMessage = try container.decodeFlexibleStringIfPresent(forKey: .statusMessage)
        statusTimestamp = try container.decodeFlexibleStringIfPresent(forKey: .statusTimestamp)
    }
}
