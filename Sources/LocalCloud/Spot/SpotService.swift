import AWSKit
import Foundation
import Synchronization

/// The Spot API subset of `spot-onboarding.openapi.yaml`, with state and the real service's
/// rules: tokens with roles, accounts, external ids, credentials checked against the role in
/// moto, billing and Cost Intelligence registrations checked against the role's policies, the
/// bucket and the CUR definitions.
final class SpotService: Sendable {
    /// How the stand-in behaves where the real service takes time.
    struct Behaviour: Sendable {
        /// A role younger than this cannot be assumed yet (IAM propagation), in seconds.
        var iamPropagationSeconds: Double = 0
        /// Data processing reads ready this long after billing registration, in seconds.
        var dataReadySeconds: Double = 48 * 3600
        /// How long a new external id is valid, in seconds.
        var externalIDLifetime: Double = 24 * 3600
        /// Spot's platform accounts a role's trust policy must name.
        var platformAccounts: Set<String> = ["922761411349"]
    }

    let behaviour: Behaviour
    let state = Mutex(SpotSandboxState())
    let moto: MotoGateway
    let cur: CURService
    /// Spot's view of linked roles: AssumeRole and the role's effective policies.
    let access: SpotRoleAccess

    init(
        behaviour: Behaviour, moto: MotoGateway, cur: CURService, roles: EffectiveRoleReader, established: EstablishedRoles,
        propagationOverride: @escaping @Sendable (String) -> Double? = { _ in nil }
    ) {
        self.behaviour = behaviour
        self.moto = moto
        self.cur = cur
        let window = behaviour.iamPropagationSeconds
        access = SpotRoleAccess(
            reader: roles, platformAccounts: behaviour.platformAccounts,
            propagationSeconds: { propagationOverride($0) ?? window }, established: established)
    }

    // MARK: - Seeding and inspection

    /// Adds an organization with its tokens (scenario seeding).
    func seedOrganization(id: String, name: String, tokens: [(token: String, role: SpotSandboxState.Role)]) {
        state.withLock { state in
            state.organizationNames[id] = name
            for grant in tokens { state.grants[grant.token] = .init(organizationID: id, role: grant.role) }
        }
    }

    /// Adds an account (scenario seeding), linked to `link`'s role with its external id in force
    /// when given.
    func seedAccount(id: String, name: String, organizationID: String, link: (iamRole: String, externalID: String)? = nil) {
        state.withLock { state in
            var account = SpotSandboxState.Account(id: id, name: name, organizationID: organizationID)
            if let link, let role = IAMRoleARN(link.iamRole) {
                let now = Date()
                account.externalIDs = [.init(value: link.externalID, maxValidUntil: now.addingTimeInterval(behaviour.externalIDLifetime))]
                account.link = .init(iamRole: role.arn, externalID: link.externalID, linked: now, issuedCount: 1)
                account.providerExternalID = role.account
            }
            state.accounts[id] = account
        }
    }

    /// Revokes a token (`POST /sandbox/tokens/revoke`): its grant is gone, so every request with
    /// it gets the 401 of an invalid token. Whether a grant was there.
    func revoke(token: String) -> Bool {
        state.withLock { $0.grants.removeValue(forKey: token) != nil }
    }

    /// Every account, without secrets, for `/sandbox/state`: the credentials in force, how many
    /// external ids were issued, the id Spot uses now, and why the last request was refused.
    func snapshot() -> [[String: Any]] {
        state.withLock { state in
            state.accounts.values.sorted { $0.id < $1.id }.map { account in
                var item: [String: Any] = [
                    "accountId": account.id, "name": account.name, "organizationId": account.organizationID,
                    "externalIdsIssued": account.externalIDs.count,
                    "cloudBilling": account.cloudBilling != nil, "costIntelligence": account.costIntelligence != nil,
                ]
                if let provider = account.providerExternalID { item["providerExternalId"] = provider }
                if let link = account.link {
                    item["iamRole"] = link.iamRole
                    item["credentialsInForce"] = [
                        "iamRole": link.iamRole, "externalId": link.externalID, "linkedAt": SpotEnvelope.timestamp(link.linked),
                    ]
                }
                if let inForce = account.externalIDInForce { item["externalIdInForce"] = inForce }
                if let refusal = account.lastRefusal {
                    item["lastRefusal"] = [
                        "operation": refusal.operation, "reason": refusal.reason, "at": SpotEnvelope.timestamp(refusal.at),
                    ]
                }
                return item
            }
        }
    }

    /// The AWS account a request concerns (for fault rules), when it names a linked Spot account.
    func linkedAWSAccount(_ request: SandboxRequest) -> String? {
        let object = request.jsonObject()
        let spotAccount = request.queryValue("accountId") ?? (object?["accountId"] as? String)
            ?? ((object?["account"] as? [String: Any])?["accountId"] as? String)
        if let spotAccount, let linked = state.withLock({ $0.accounts[spotAccount]?.providerExternalID }) { return linked }
        if let role = (object?["credentials"] as? [String: Any])?["iamRole"] as? String { return IAMRoleARN(role)?.account }
        return nil
    }

    /// The Spot organization whose valid token `request` carries (what Spot's rate limit is
    /// counted by), or nil.
    func organization(of request: SandboxRequest) -> String? {
        guard let authorization = request.header("Authorization"), authorization.hasPrefix("Bearer ") else { return nil }
        return state.withLock { $0.grants[String(authorization.dropFirst(7))]?.organizationID }
    }

    // MARK: - Requests

    func handle(_ request: SandboxRequest, operation: SpotOperation, reply: @escaping @Sendable (SandboxResponse) -> Void) {
        guard let authorization = request.header("Authorization"), authorization.hasPrefix("Bearer "),
            let grant = state.withLock({ $0.grants[String(authorization.dropFirst(7))] })
        else {
            // A missing, invalid, expired or revoked token: 401. Source: Spot's OpenAPI
            // specification (../shared/spot-openapi/spot-onboarding.openapi.yaml, from
            // github.com/spotinst/openapi api/spot.yaml) secures every path with
            // `components.securitySchemes.auth`, `type: http`, `scheme: bearer`; for bearer tokens
            // RFC 6750 §3.1 answers a token that is "expired, revoked, malformed, or invalid"
            // (`invalid_token`) with HTTP 401. The spec documents no 401 body, so the body is the
            // spec's error envelope (`response.errors[] {code, message}`), the same for every
            // such token: Spot gives a client no way to tell a revoked token from a wrong one.
            return reply(SpotEnvelope.error(request, status: 401, code: "UNAUTHORIZED", message: "The token is missing, invalid or expired."))
        }
        let listsWholeOrganization = operation == .listAccounts && request.queryValue("cloudAccountId") == nil
        if grant.role != .admin && (!operation.isReadOnly || listsWholeOrganization) {
            return reply(SpotEnvelope.error(request, status: 403, code: "FORBIDDEN",
                message: "This action requires the Organization Admin role."))
        }
        let organization = grant.organizationID
        switch operation {
        case .createAccount: reply(createAccount(request, organization: organization))
        case .listAccounts: reply(listAccounts(request, organization: organization))
        case .updateAccount: reply(updateAccount(request, organization: organization))
        case .deleteAccount: reply(deleteAccount(request, organization: organization))
        case .createExternalID: reply(createExternalID(request, organization: organization))
        case .setCredentials: setCredentials(request, organization: organization, reply: reply)
        case .getCredentials: reply(getCredentials(request, organization: organization))
        case .validateCloudBilling: cloudBilling(request, organization: organization, register: false, reply: reply)
        case .setupCloudBilling: cloudBilling(request, organization: organization, register: true, reply: reply)
        case .listCloudBilling: reply(listRegistrations(request, organization: organization, product: "cloudBilling"))
        case .validateCostIntelligence: costIntelligence(request, organization: organization, register: false, reply: reply)
        case .setupCostIntelligence: costIntelligence(request, organization: organization, register: true, reply: reply)
        case .listCostIntelligence: reply(listRegistrations(request, organization: organization, product: "cbi"))
        }
    }

    // MARK: - Shared answers

    /// The answer to a request Spot refuses for what it found in AWS (the role cannot be
    /// assumed, a registration whose validation fails): HTTP 400 with a neutral code and
    /// message. Spot's real codes for these are not published (the openapi documents only
    /// `400 Bad Request`; terraform-provider-spotinst only wraps "failed to set credential"),
    /// so the sandbox gives nothing a client could match on. The real reason goes to the
    /// sandbox's stderr and to `/sandbox/state` (`lastRefusal` of the account).
    func refuse(_ request: SandboxRequest, account id: String, operation: SpotOperation, reason: String) -> SandboxResponse {
        state.withLock { $0.accounts[id]?.lastRefusal = .init(operation: operation.rawValue, reason: reason, at: Date()) }
        FileHandle.standardError.write(Data("onboard-sandbox: refused \(operation.rawValue) for \(id): \(reason)\n".utf8))
        return SpotEnvelope.error(request, status: 400, code: Self.neutralCode, message: Self.neutralMessage)
    }

    /// The code of every refusal for what Spot found in AWS.
    static let neutralCode = "REQUEST_FAILED"
    /// The message of every refusal for what Spot found in AWS.
    static let neutralMessage = "The request could not be completed."

    static func unknownAccount(_ request: SandboxRequest, _ id: String) -> SandboxResponse {
        SpotEnvelope.error(request, status: 400, code: "ACCOUNT_NOT_FOUND", message: "Spot account \(id) was not found in this organization", field: "accountId")
    }

    static func missingAccountID(_ request: SandboxRequest) -> SandboxResponse {
        SpotEnvelope.error(request, status: 400, code: "MISSING_ACCOUNT_ID", message: "The accountId query parameter is required", field: "accountId")
    }
}
