import Foundation

/// A Spot account with Billing Engine (`cloudBilling`) set up, as listed by
/// `GET /cloudBilling/v1/setup/account` or returned by its `POST`.
///
/// Only ``accountID`` is required: the listing and the setup answer carry different fields
/// (the listing has the status, the setup answer `isBillingAccount`).
public struct CloudBillingAccount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The Spot account, `act-…`.
    public var accountID: String
    /// The Spot organization, as text.
    public var organizationID: String?
    /// The cloud (`aws`).
    public var cloudProvider: String?
    /// The cloud account (for AWS, the payer's account id).
    public var externalProviderID: String?
    /// The cloud account's name.
    public var externalProviderName: String?
    /// Whether the Spot account is a billing account (in the setup answer).
    public var isBillingAccount: Bool?
    /// When Billing Engine was set up, as Spot sent it.
    public var enabledDate: String?
    /// When its configuration last changed, as Spot sent it.
    public var updatedDate: String?
    /// The connection's overall state (in the listing).
    public var statusSummary: SpotAccountStatusSummary?
    /// The state of each part of the connection (in the listing).
    public var status: [SpotAccountStatus]

    /// - Parameters: see the properties.
    public init(
        accountID: String, organizationID: String? = nil, cloudProvider: String? = nil, externalProviderID: String? = nil,
        externalProviderName: String? = nil, isBillingAccount: Bool? = nil, enabledDate: String? = nil,
        updatedDate: String? = nil, statusSummary: SpotAccountStatusSummary? = nil, status: [SpotAccountStatus] = []
    ) {
        self.accountID = accountID
        self.organizationID = organizationID
        self.cloudProvider = cloudProvider
        self.externalProviderID = externalProviderID
        self.externalProviderName = externalProviderName
        self.isBillingAccount = isBillingAccount
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
        if let externalProviderID { text += " (\(cloudProvider ?? "cloud") \(externalProviderID))" }
        if let statusSummary { text += ": \(statusSummary)" }
        return text
    }

    enum CodingKeys: String, CodingKey {
        case accountID = "accountId"
        case organizationID = "organizationId"
        case cloudProvider
        case externalProviderID = "externalProviderId"
        case externalProviderName, isBillingAccount, enabledDate, updatedDate, statusSummary, status
    }

    /// Decodes an item of either shape; numbers where Spot documents strings are taken as text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        accountID = try container.decodeFlexibleString(forKey: .accountID)
        organizationID = try container.decodeFlexibleStringIfPresent(forKey: .organizationID)
        cloudProvider = try container.decodeFlexibleStringIfPresent(forKey: .cloudProvider)
        externalProviderID = try container.decodeFlexibleStringIfPresent(forKey: .externalProviderID)
        externalProviderName = try container.decodeFlexibleStringIfPresent(forKey: .externalProviderName)
        isBillingAccount = try container.decodeIfPresent(Bool.self, forKey: .isBillingAccount)
        enabledDate = try container.decodeFlexibleStringIfPresent(forKey: .enabledDate)
        updatedDate = try container.decodeFlexibleStringIfPresent(forKey: .updatedDate)
        statusSummary = try container.decodeIfPresent(SpotAccountStatusSummary.self, forKey: .statusSummary)
        status = try container.decodeIfPresent([SpotAccountStatus].self, forKey: .status) ?? []
    }
}
