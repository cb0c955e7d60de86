/// The Spot API operations the sandbox serves, by the names fault rules use (`service: spot`).
enum SpotOperation: String, Sendable {
    case createAccount = "CreateAccount"
    case listAccounts = "ListAccounts"
    case updateAccount = "UpdateAccount"
    case deleteAccount = "DeleteAccount"
    case createExternalID = "CreateExternalId"
    case setCredentials = "SetCredentials"
    /// `GET /setup/credentials/aws`: not in the openapi; spotinst-sdk-go `ReadCredentials`.
    case getCredentials = "GetCredentials"
    case validateCloudBilling = "ValidateCloudBilling"
    case setupCloudBilling = "SetupCloudBilling"
    case listCloudBilling = "ListCloudBilling"
    case validateCostIntelligence = "ValidateCostIntelligence"
    case setupCostIntelligence = "SetupCostIntelligence"
    case listCostIntelligence = "ListCostIntelligence"

    /// The operation a request asks for; nil when it is not a Spot API path.
    init?(method: String, path: String) {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        switch (method, path) {
        case ("POST", "/setup/account"): self = .createAccount
        case ("GET", "/setup/account"): self = .listAccounts
        case ("PUT", _) where path.hasPrefix("/setup/account/"): self = .updateAccount
        case ("DELETE", _) where path.hasPrefix("/setup/account/"): self = .deleteAccount
        case ("POST", "/setup/credentials/aws/externalId"): self = .createExternalID
        case ("POST", "/setup/credentials/aws"): self = .setCredentials
        case ("GET", "/setup/credentials/aws"): self = .getCredentials
        case ("POST", "/cloudBilling/v1/setup/account/validation"): self = .validateCloudBilling
        case ("POST", "/cloudBilling/v1/setup/account"): self = .setupCloudBilling
        case ("GET", "/cloudBilling/v1/setup/account"): self = .listCloudBilling
        case ("POST", "/cbi/v1/setup/account/validation"): self = .validateCostIntelligence
        case ("POST", "/cbi/v1/setup/account"): self = .setupCostIntelligence
        case ("GET", "/cbi/v1/setup/account"): self = .listCostIntelligence
        default: return nil
        }
    }

    /// The methods a Spot API path answers, or nil when the path is not Spot's.
    static func allowedMethods(path: String) -> [String]? {
        var path = path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        switch path {
        case "/setup/account", "/cloudBilling/v1/setup/account", "/cbi/v1/setup/account": return ["GET", "POST"]
        case "/setup/credentials/aws": return ["GET", "POST"]
        case "/setup/credentials/aws/externalId", "/cloudBilling/v1/setup/account/validation",
            "/cbi/v1/setup/account/validation":
            return ["POST"]
        default: return path.hasPrefix("/setup/account/") ? ["PUT", "DELETE"] : nil
        }
    }

    /// Whether a viewer token may call it.
    var isReadOnly: Bool {
        switch self {
        case .listAccounts, .getCredentials, .listCloudBilling, .listCostIntelligence: true
        default: false
        }
    }
}
