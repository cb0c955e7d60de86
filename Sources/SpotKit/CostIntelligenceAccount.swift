import Foundation

/// A Spot account with Cost Intelligence (`cbi`) set up, as listed by
/// `GET /cbi/v1/setup/account` or returned by its `POST`.
///
/// Only ``accountID`` is required: the setup answer has no status.
public struct CostIntelligenceAccount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The Spot account, `act-…`.
    public var accountID: String
    /// The Spot organization, as text.
    public var organizationID: String?
    /// The cloud (`aws`, `azure`, `gcp`).
    public var providerName: String?
    /// The cloud account (for AWS, the payer's account id).
    public var externalProviderID: String?
    /// When Cost Intelligence was set up, as Spot sent it.
    public var enabledDate: String?
    /// When the registration last changed, as Spot sent it.
    public var updatedDate: String?
    /// The connection's overall state (in the listing).
    public var statusSummary: SpotAccountStatusSummary?
    /// The state of each part of the connection (in the listing).
    public var status: [SpotAccountStatus]

    /// - Parameters: see the properties.
    public init(
        accountID: String, organizationID: String? = nil, providerName: String? = nil, externalProviderID: String? = nil,
        enabledDate: String? = nil, updatedDate: String? = nil, statusSummary: SpotAccountStatusSummary? = nil,
        status: [SpotAccountStatus] = []
    ) {
        self.accountID = accountID
        self.organizationID = organizationID
        self.providerName = providerName
        self.externalProviderID = externalProviderID
        self.enabledDate = enabledDate
        self.updatedDate = updatedDate
        self.statusSummary = statusSummary
        self.status = status
    }

    /// ``enabledDate`` as a date, when it can be read.
    public var enabledAt: Date? { enabledDate.flatMap(SpotTimestamp.parse) }
    /// ``updatedDate`` as a date, when it can be read.
    public var updatedAt: Date? { updatedDate.flatMap(SpotTimestamp.parse) }

    /// `act-123 (aws 123456789012): connected`.
    public var description: String {
        var text = accountID
        if let externalProviderID { text += " (\(providerName ?? "cloud") \(externalProviderID))" }
        if let statusSummary { text += ": \(statusSummary)" }
        return text
    }

    enum CodingKeys: String, CodingKey {
        case accountID = "accountId"
        case organizationID = "organizationId"
        case providerName
        case externalProviderID = "externalProviderId"
        case enabledDate, updatedDate, statusSummary, status
    }

    /// Decodes an item of either shape; numbers where Spot documents strings are taken as text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accountID = try container.decodeFlexibleString(forKey: .accountID)
        organizationID = try container.decodeFlexibleStringIfPresent(forKey: .organizationID)
        providerName = try container.decodeFlexibleStringIfPresent(forKey: .providerName)
        externalProviderID = try container.decodeFlexibleStringIfPresent(forKey: .externalProviderID)
        enabledDate = try container.decodeFlexibleStringIfPresent(forKey: .enabledDate)
        updatedDate = try container.decodeFlexibleStringIfPresent(forKey: .updatedDate)
        statusSummary = try container.decodeIfPresent(SpotAccountStatusSummary.self, forKey: .statusSummary)
        status = try container.decodeIfPresent([SpotAccountStatus].self, forKey: .status) ?? []
    }
}
