/// A column of the account list, as the column reference (Inputs/README.md) describes it.
public enum AccountListColumn: String, Sendable, Hashable, Codable, CaseIterable {
    case accountID = "account_id"
    case organizationName = "organization_name"
    case awsChina = "aws_china"
    case accessRoleARN = "access_role_arn"
    case accessExternalID = "access_external_id"
    case awsProfile = "aws_profile"
    case products
    case curBucket = "cur_bucket"
    case curReportName = "cur_report_name"
    case curPrefix = "cur_prefix"
    case spotAccountID = "spot_account_id"
    case spotProfile = "spot_profile"
    case billingAccessConfirmed = "billing_access_confirmed"

    /// The header name, as written in the file.
    public var header: String { rawValue }

    /// Whether every file must have the column.
    public var isRequired: Bool { self == .accountID || self == .organizationName }

    /// The column's position in ``allCases``, for array-indexed lookups on the hot path.
    var ordinal: Int {
        switch self {
        case .accountID: 0
        case .organizationName: 1
        case .awsChina: 2
        case .accessRoleARN: 3
        case .accessExternalID: 4
        case .awsProfile: 5
        case .products: 6
        case .curBucket: 7
        case .curReportName: 8
        case .curPrefix: 9
        case .spotAccountID: 10
        case .spotProfile: 11
        case .billingAccessConfirmed: 12
        }
    }

    /// The number of columns.
    static let count = allCases.count

    /// The columns indexed by ``ordinal``.
    static let byOrdinal: [AccountListColumn] = allCases

    /// The default report name when a row names none.
    public static let defaultReportName = "spot-cur-hourly"
    /// The default S3 prefix when a row names none.
    public static let defaultPrefix = "cur"
    /// The default Spot credentials profile.
    public static let defaultSpotProfile = "default"

    /// The default bucket for a payer account.
    public static func defaultBucket(accountID: String) -> String { "spot-cur-\(accountID)" }
}
