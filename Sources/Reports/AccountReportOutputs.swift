import Foundation
import Onboarding

extension AccountReport {
    /// What connecting the account produced, as the report lays it out. A member is left out
    /// when the steps did not reach it.
    public struct Outputs: Sendable, Hashable, Codable {
        /// The Spot account (`act-…`).
        public var spotAccountID: String?
        /// `created`, `found` or `given`.
        public var spotAccountSource: String?
        /// The Spot credentials profile whose organization holds the account.
        public var spotProfile: String?
        /// What was done with the credentials the Spot account holds (`link`, `keep-onboard-role`,
        /// `keep-existing`, `replace`).
        public var credentialsAction: SpotCredentialsAction?
        /// The external id in the roles' trust policies.
        public var externalID: String?
        /// The role Spot assumes: the `SpotRoleArn` output, or the role in force that was kept.
        public var spotRoleARN: String?
        /// The `SpotFinOpsRoleArn` output.
        public var finOpsRoleARN: String?
        /// The CUR definition in use.
        public var costAndUsageReport: CostAndUsageReport?
        /// `adopted` or `created`.
        public var costAndUsageReportAction: String?
        /// The stack's name.
        public var stackName: String?
        /// The stack's id.
        public var stackID: String?
        /// `created`, `updated`, `unchanged`, `recreated`, or `skipped` (credentials in force kept).
        public var stackAction: String?
        /// Products registered with Spot.
        public var registeredProducts: [String]?
        /// When the connection was made.
        public var connectedAt: Date?
        /// When billing data is expected.
        public var dataExpectedBy: Date?
        /// Spot's data-processing status as last read (`pending`, `ready`).
        public var dataStatus: String?
        /// When `dataStatus` was read.
        public var dataStatusCheckedAt: Date?
        /// A CreateAccount sent whose answer was not recorded yet (in the journal, so a resumed
        /// run looks for the account it made; absent once the Spot account is known).
        public var pendingSpotAccountCreation: SpotAccountCreationIntent?

        /// The report's view of `outputs`.
        public init(_ outputs: AccountOutputs) {
            spotAccountID = outputs.spotAccountID
            spotAccountSource = outputs.spotAccountSource
            spotProfile = outputs.spotProfile
            credentialsAction = outputs.credentialsAction
            externalID = outputs.externalID
            spotRoleARN = outputs.spotRoleARN
            finOpsRoleARN = outputs.finOpsRoleARN
            costAndUsageReport = outputs.costAndUsageReport.map(CostAndUsageReport.init)
            costAndUsageReportAction = outputs.costAndUsageReportAction
            stackName = outputs.stackName
            stackID = outputs.stackID
            stackAction = outputs.stackAction
            registeredProducts = outputs.registeredProducts
            connectedAt = outputs.connectedAt
            dataExpectedBy = outputs.dataExpectedBy
            dataStatus = outputs.dataStatus
            dataStatusCheckedAt = outputs.dataStatusCheckedAt
            pendingSpotAccountCreation = outputs.pendingSpotAccountCreation
        }

        /// The outputs this holds.
        public var accountOutputs: AccountOutputs {
            var outputs = AccountOutputs()
            outputs.spotAccountID = spotAccountID
            outputs.spotAccountSource = spotAccountSource
            outputs.spotProfile = spotProfile
            outputs.credentialsAction = credentialsAction
            outputs.externalID = externalID
            outputs.spotRoleARN = spotRoleARN
            outputs.finOpsRoleARN = finOpsRoleARN
            outputs.costAndUsageReport = costAndUsageReport?.definition
            outputs.costAndUsageReportAction = costAndUsageReportAction
            outputs.stackName = stackName
            outputs.stackID = stackID
            outputs.stackAction = stackAction
            outputs.registeredProducts = registeredProducts
            outputs.connectedAt = connectedAt
            outputs.dataExpectedBy = dataExpectedBy
            outputs.dataStatus = dataStatus
            outputs.dataStatusCheckedAt = dataStatusCheckedAt
            outputs.pendingSpotAccountCreation = pendingSpotAccountCreation
            return outputs
        }

        /// Whether no step produced anything.
        public var isEmpty: Bool { self == Outputs(AccountOutputs()) }

        enum CodingKeys: String, CodingKey {
            case spotAccountID = "spot_account_id"
            case spotAccountSource = "spot_account_source"
            case spotProfile = "spot_profile"
            case credentialsAction = "credentials_action"
            case externalID = "external_id"
            case spotRoleARN = "spot_role_arn"
            case finOpsRoleARN = "fin_ops_role_arn"
            case costAndUsageReport = "cost_and_usage_report"
            case costAndUsageReportAction = "cost_and_usage_report_action"
            case stackName = "stack_name"
            case stackID = "stack_id"
            case stackAction = "stack_action"
            case registeredProducts = "registered_products"
            case connectedAt = "connected_at"
            case dataExpectedBy = "data_expected_by"
            case dataStatus = "data_status"
            case dataStatusCheckedAt = "data_status_checked_at"
            case pendingSpotAccountCreation = "pending_spot_account_creation"
        }
    }
}
