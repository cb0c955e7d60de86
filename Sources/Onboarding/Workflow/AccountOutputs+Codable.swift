import AWSKit
import Foundation

/// The outputs as the reports and the journal lay them out (README, "Run reports"): snake_case
/// keys, a member left out when no step reached it, the CUR definition in the report's own
/// layout (not the CUR API's member names).
extension AccountOutputs: Codable {
    enum CodingKeys: String, CodingKey {
        case spotAccountID = "spot_account_id"
        case spotAccountSource = "spot_account_source"
        case spotProfile = "spot_profile"
        case credentialsAction = "credentials_action"
        case externalID = "external_id"
        case costAndUsageReport = "cost_and_usage_report"
        case costAndUsageReportAction = "cost_and_usage_report_action"
        case stackName = "stack_name"
        case stackID = "stack_id"
        case stackAction = "stack_action"
        case spotRoleARN = "spot_role_arn"
        case finOpsRoleARN = "fin_ops_role_arn"
        case registeredProducts = "registered_products"
        case connectedAt = "connected_at"
        case dataExpectedBy = "data_expected_by"
        case dataStatus = "data_status"
        case dataStatusCheckedAt = "data_status_checked_at"
        case pendingSpotAccountCreation = "pending_spot_account_creation"
        case offboarding
    }

    /// Decodes outputs; every key may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        spotAccountID = try container.decodeIfPresent(String.self, forKey: .spotAccountID)
        spotAccountSource = try container.decodeIfPresent(SpotAccountSource.self, forKey: .spotAccountSource)
        spotProfile = try container.decodeIfPresent(String.self, forKey: .spotProfile)
        credentialsAction = try container.decodeIfPresent(SpotCredentialsAction.self, forKey: .credentialsAction)
        externalID = try container.decodeIfPresent(String.self, forKey: .externalID)
        costAndUsageReport = try container.decodeIfPresent(ReportDefinitionRecord.self, forKey: .costAndUsageReport)?.definition
        costAndUsageReportAction = try container.decodeIfPresent(CostAndUsageReportAction.self, forKey: .costAndUsageReportAction)
        stackName = try container.decodeIfPresent(String.self, forKey: .stackName)
        stackID = try container.decodeIfPresent(String.self, forKey: .stackID)
        stackAction = try container.decodeIfPresent(StackAction.self, forKey: .stackAction)
        spotRoleARN = try container.decodeIfPresent(String.self, forKey: .spotRoleARN)
        finOpsRoleARN = try container.decodeIfPresent(String.self, forKey: .finOpsRoleARN)
        registeredProducts = try container.decodeIfPresent([String].self, forKey: .registeredProducts)
        connectedAt = try container.decodeIfPresent(Date.self, forKey: .connectedAt)
        dataExpectedBy = try container.decodeIfPresent(Date.self, forKey: .dataExpectedBy)
        dataStatus = try container.decodeIfPresent(DataStatus.self, forKey: .dataStatus)
        dataStatusCheckedAt = try container.decodeIfPresent(Date.self, forKey: .dataStatusCheckedAt)
        pendingSpotAccountCreation = try container.decodeIfPresent(
            SpotAccountCreationIntent.self, forKey: .pendingSpotAccountCreation)
        offboarding = try container.decodeIfPresent(OffboardingOutputs.self, forKey: .offboarding)
    }

    /// Encodes the members that are set, and only those.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(spotAccountID, forKey: .spotAccountID)
        try container.encodeIfPresent(spotAccountSource, forKey: .spotAccountSource)
        try container.encodeIfPresent(spotProfile, forKey: .spotProfile)
        try container.encodeIfPresent(credentialsAction, forKey: .credentialsAction)
        try container.encodeIfPresent(externalID, forKey: .externalID)
        try container.encodeIfPresent(costAndUsageReport.map(ReportDefinitionRecord.init), forKey: .costAndUsageReport)
        try container.encodeIfPresent(costAndUsageReportAction, forKey: .costAndUsageReportAction)
        try container.encodeIfPresent(stackName, forKey: .stackName)
        try container.encodeIfPresent(stackID, forKey: .stackID)
        try container.encodeIfPresent(stackAction, forKey: .stackAction)
        try container.encodeIfPresent(spotRoleARN, forKey: .spotRoleARN)
        try container.encodeIfPresent(finOpsRoleARN, forKey: .finOpsRoleARN)
        try container.encodeIfPresent(registeredProducts, forKey: .registeredProducts)
        try container.encodeIfPresent(connectedAt, forKey: .connectedAt)
        try container.encodeIfPresent(dataExpectedBy, forKey: .dataExpectedBy)
        try container.encodeIfPresent(dataStatus, forKey: .dataStatus)
        try container.encodeIfPresent(dataStatusCheckedAt, forKey: .dataStatusCheckedAt)
        try container.encodeIfPresent(pendingSpotAccountCreation, forKey: .pendingSpotAccountCreation)
        try container.encodeIfPresent(offboarding, forKey: .offboarding)
    }
}
