/// One validated row of the account list: an AWS management ("master payer") account to connect.
public struct PayerAccount: Sendable, Hashable, Codable {
    /// How the tool gets credentials for the payer account.
    public enum Login: Sendable, Hashable, Codable {
        /// Assume a role in the payer from the operator's credentials. Without an ARN the role
        /// named by `--access-role-name` in the payer account is used.
        case assumeRole(roleARN: String?, externalID: String?)
        /// Use a named profile of the shared AWS config files.
        case profile(String)
    }

    /// Where the Cost and Usage Report is delivered, and whether the row chose it.
    public struct ReportRequest: Sendable, Hashable, Codable {
        /// The S3 bucket (the row's, or `spot-cur-<account_id>`).
        public var bucket: String
        /// The report name (the row's, or `spot-cur-hourly`).
        public var reportName: String
        /// The S3 prefix (the row's, or `cur`).
        public var prefix: String
        /// Whether the row names its own bucket or report. When it names neither, an existing
        /// compliant report is adopted rather than a second one created.
        public var isNamedInRow: Bool

        public init(bucket: String, reportName: String, prefix: String, isNamedInRow: Bool) {
            self.bucket = bucket
            self.reportName = reportName
            self.prefix = prefix
            self.isNamedInRow = isNamedInRow
        }
    }

    /// The line of the account list the row starts on.
    public var line: Int
    /// The 12-digit AWS account id, as text (leading zeros kept).
    public var accountID: String
    /// The customer's name; names the Spot account.
    public var organizationName: String
    /// Whether the account is in AWS China (partition `aws-cn`).
    public var isChina: Bool
    /// How to log in to the payer.
    public var login: Login
    /// The Spot products to connect, without repeats, in the column reference's order.
    public var products: [Product]
    /// The Cost and Usage Report to adopt or create.
    public var costAndUsageReport: ReportRequest
    /// An existing Spot account (`act-…`), if the row names one.
    public var spotAccountID: String?
    /// The profile of the Spot credentials file whose token is used for this row.
    public var spotProfile: String
    /// Whether the row attests that IAM access to the Billing console is activated.
    public var billingAccessConfirmed: Bool

    public init(
        line: Int, accountID: String, organizationName: String, isChina: Bool, login: Login,
        products: [Product], costAndUsageReport: ReportRequest, spotAccountID: String?,
        spotProfile: String, billingAccessConfirmed: Bool
    ) {
        self.line = line
        self.accountID = accountID
        self.organizationName = organizationName
        self.isChina = isChina
        self.login = login
        self.products = products
        self.costAndUsageReport = costAndUsageReport
        self.spotAccountID = spotAccountID
        self.spotProfile = spotProfile
        self.billingAccessConfirmed = billingAccessConfirmed
    }
}
