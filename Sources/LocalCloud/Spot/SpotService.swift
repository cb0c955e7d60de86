import AWSKit
import Foundation
import Synchronization

/// The Spot API subset of `spot-onboarding.openapi.yaml`, with state and the real service's
/// rules: tokens with roles, accounts, external ids, credentials checked against the role in
/// moto, billing and Cost Intelligence registrations checked against the CUR definitions.
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
    private let state = Mutex(SpotSandboxState())
    private let moto: MotoGateway
    private let cur: CURService
    /// A propagation window set for one AWS account (fault rule `iam-propagation`), if any.
    private let propagationOverride: @Sendable (String) -> Double?

    init(
        behaviour: Behaviour, moto: MotoGateway, cur: CURService,
        propagationOverride: @escaping @Sendable (String) -> Double? = { _ in nil }
    ) {
        self.behaviour = behaviour
        self.moto = moto
        self.cur = cur
        self.propagationOverride = propagationOverride
    }

    // MARK: - Seeding and inspection

    /// Adds an organization with its tokens (scenario seeding).
    func seedOrganization(id: String, name: String, tokens: [(token: String, role: SpotSandboxState.Role)]) {
        state.withLock { state in
            state.organizationNames[id] = name
            for grant in tokens { state.grants[grant.token] = .init(organizationID: id, role: grant.role) }
        }
    }

    /// Adds an account (scenario seeding).
    func seedAccount(id: String, name: String, organizationID: String) {
        state.withLock { $0.accounts[id] = .init(id: id, name: name, organizationID: organizationID) }
    }

    /// Every account, without secrets, for `/sandbox/state`.
    func snapshot() -> [[String: Any]] {
        state.withLock { state in
            state.accounts.values.sorted { $0.id < $1.id }.map { account in
                var item: [String: Any] = [
                    "accountId": account.id, "name": account.name, "organizationId": account.organizationID,
                    "externalIdsIssued": account.externalIDs.count,
                    "cloudBilling": account.cloudBilling != nil, "costIntelligence": account.costIntelligence != nil,
                ]
                if let provider = account.providerExternalID { item["providerExternalId"] = provider }
                if let role = account.iamRole { item["iamRole"] = role }
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
        if let role = (object?["credentials"] as? [String: Any])?["iamRole"] as? String { return Self.roleParts(role)?.account }
        return nil
    }

    // MARK: - Requests

    func handle(_ request: SandboxRequest, operation: SpotOperation, reply: @escaping @Sendable (SandboxResponse) -> Void) {
        guard let authorization = request.header("Authorization"), authorization.hasPrefix("Bearer "),
            let grant = state.withLock({ $0.grants[String(authorization.dropFirst(7))] })
        else {
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
        case .validateCloudBilling: reply(cloudBilling(request, organization: organization, register: false))
        case .setupCloudBilling: reply(cloudBilling(request, organization: organization, register: true))
        case .listCloudBilling: reply(listRegistrations(request, organization: organization, product: "cloudBilling"))
        case .validateCostIntelligence: reply(costIntelligence(request, organization: organization, register: false))
        case .setupCostIntelligence: reply(costIntelligence(request, organization: organization, register: true))
        case .listCostIntelligence: reply(listRegistrations(request, organization: organization, product: "cbi"))
        }
    }

    // MARK: - Accounts

    private func createAccount(_ request: SandboxRequest, organization: String) -> SandboxResponse {
        guard let account = request.jsonObject()?["account"] as? [String: Any], let name = account["name"] as? String else {
            return SpotEnvelope.error(request, status: 400, code: "INVALID_REQUEST", message: "account.name is required", field: "account.name")
        }
        guard name.unicodeScalars.contains(where: { ("a"..."z").contains($0) || ("A"..."Z").contains($0) }), name.count <= 255 else {
            return SpotEnvelope.error(request, status: 400, code: "INVALID_ACCOUNT_NAME",
                message: "The account name must contain at least one character that is a-z or A-Z", field: "account.name")
        }
        let id = state.withLock { state in
            let id = state.newAccountID()
            state.accounts[id] = .init(id: id, name: name, organizationID: organization)
            return id
        }
        return SpotEnvelope.items(request, kind: "spotinst:setup:account",
            items: [["id": id, "name": name, "organizationId": organization]])
    }

    private func listAccounts(_ request: SandboxRequest, organization: String) -> SandboxResponse {
        let cloudAccount = request.queryValue("cloudAccountId")
        let items = state.withLock { state in
            state.accounts.values
                .filter { $0.organizationID == organization && (cloudAccount == nil || $0.providerExternalID == cloudAccount) }
                .sorted { $0.id < $1.id }
                .map { account -> [String: Any] in
                    var item: [String: Any] = [
                        "accountId": account.id, "name": account.name, "organizationId": Int(account.organizationID) ?? 0,
                    ]
                    if let provider = account.providerExternalID { item["providerExternalId"] = provider }
                    return item
                }
        }
        return SpotEnvelope.items(request, kind: "spotinst:setup:account", items: items)
    }

    private func updateAccount(_ request: SandboxRequest, organization: String) -> SandboxResponse {
        let id = String(request.path.split(separator: "/").last ?? "")
        guard let account = request.jsonObject()?["account"] as? [String: Any] else {
            return SpotEnvelope.error(request, status: 400, code: "INVALID_REQUEST", message: "account is required", field: "account")
        }
        if let name = account["name"], !(name is String) {
            return SpotEnvelope.error(request, status: 400, code: "INVALID_REQUEST", message: "account.name must be a string", field: "account.name")
        }
        let found = state.withLock { state -> Bool in
            guard state.accounts[id]?.organizationID == organization else { return false }
            if let name = account["name"] as? String { state.accounts[id]?.name = name }
            return true
        }
        return found ? SpotEnvelope.ok(request) : Self.unknownAccount(request, id)
    }

    private func deleteAccount(_ request: SandboxRequest, organization: String) -> SandboxResponse {
        let id = String(request.path.split(separator: "/").last ?? "")
        let found = state.withLock { state -> Bool in
            guard state.accounts[id]?.organizationID == organization else { return false }
            state.accounts.removeValue(forKey: id)
            return true
        }
        return found ? SpotEnvelope.ok(request) : Self.unknownAccount(request, id)
    }

    // MARK: - Credentials

    private func createExternalID(_ request: SandboxRequest, organization: String) -> SandboxResponse {
        guard let id = request.queryValue("accountId") else { return Self.missingAccountID(request) }
        let issued = SpotSandboxState.IssuedExternalID(
            value: "spotinst:aws:extid:" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(),
            maxValidUntil: Date().addingTimeInterval(behaviour.externalIDLifetime))
        let found = state.withLock { state -> Bool in
            guard state.accounts[id]?.organizationID == organization else { return false }
            state.accounts[id]?.externalIDs.append(issued)
            return true
        }
        guard found else { return Self.unknownAccount(request, id) }
        return SpotEnvelope.items(request, kind: "spotinst:setup:credentials:aws:externalId",
            items: [["externalId": issued.value, "maxValidUntil": SpotEnvelope.timestamp(issued.maxValidUntil)]])
    }

    private func setCredentials(
        _ request: SandboxRequest, organization: String, reply: @escaping @Sendable (SandboxResponse) -> Void
    ) {
        guard let id = request.queryValue("accountId") else { return reply(Self.missingAccountID(request)) }
        guard let credentials = request.jsonObject()?["credentials"] as? [String: Any],
            let role = credentials["iamRole"] as? String
        else {
            return reply(SpotEnvelope.error(request, status: 400, code: "INVALID_REQUEST",
                message: "credentials.iamRole is required", field: "credentials.iamRole"))
        }
        guard let parts = Self.roleParts(role) else {
            return reply(SpotEnvelope.error(request, status: 400, code: "INVALID_IAM_ROLE",
                message: "credentials.iamRole must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)", field: "credentials.iamRole"))
        }
        guard let account = state.withLock({ $0.accounts[id] }), account.organizationID == organization else {
            return reply(Self.unknownAccount(request, id))
        }
        if let linked = account.providerExternalID, linked != parts.account {
            return reply(SpotEnvelope.error(request, status: 400, code: "ACCOUNT_ALREADY_LINKED",
                message: "Spot account \(id) is already linked to AWS account \(linked)"))
        }
        let region = parts.partition == "aws-cn" ? "cn-north-1" : "us-east-1"
        moto.call(account: parts.account, service: "iam", region: region,
            form: [("Action", "GetRole"), ("RoleName", parts.name), ("Version", "2010-05-08")]
        ) { [self] result in
            guard case .success(let response) = result else {
                return reply(SpotEnvelope.error(request, status: 503, code: "SERVICE_UNAVAILABLE", message: "Could not reach AWS IAM"))
            }
            let role = AWSXMLElement.parse(response.body)?.at("GetRoleResult", "Role")
            guard response.status == 200, let role else {
                return reply(Self.cannotAssume(request, roleARN: parts.arn, why: "the role does not exist"))
            }
            if let created = Self.parseDate(role.string("CreateDate")),
                Date().timeIntervalSince(created) < propagationOverride(parts.account) ?? behaviour.iamPropagationSeconds
            {
                return reply(Self.cannotAssume(request, roleARN: parts.arn, why: "AccessDenied from sts:AssumeRole"))
            }
            let document = (role.string("AssumeRolePolicyDocument") ?? "").removingPercentEncoding ?? ""
            let now = Date()
            let acceptable = state.withLock { state -> Set<String> in
                guard let account = state.accounts[id] else { return [] }
                return account.externalIDsInForce.union(account.externalIDs.filter { $0.maxValidUntil > now }.map(\.value))
            }
            guard let used = TrustPolicyCheck.externalID(in: document, trusting: behaviour.platformAccounts, accepting: acceptable) else {
                return reply(Self.cannotAssume(request, roleARN: parts.arn,
                    why: "its trust policy does not let Spot's platform account assume it with an external id issued to \(id)"))
            }
            // Checked again under the lock: another call may have linked the account meanwhile.
            let linkedElsewhere = state.withLock { state -> String? in
                if let linked = state.accounts[id]?.providerExternalID, linked != parts.account { return linked }
                state.accounts[id]?.iamRole = parts.arn
                state.accounts[id]?.providerExternalID = parts.account
                state.accounts[id]?.externalIDsInForce.insert(used)
                return nil
            }
            if let linked = linkedElsewhere {
                return reply(SpotEnvelope.error(request, status: 400, code: "ACCOUNT_ALREADY_LINKED",
                    message: "Spot account \(id) is already linked to AWS account \(linked)"))
            }
            reply(SpotEnvelope.ok(request))
        }
    }

    // MARK: - Billing and Cost Intelligence

    private func cloudBilling(_ request: SandboxRequest, organization: String, register: Bool) -> SandboxResponse {
        guard let body = request.jsonObject(), let id = body["accountId"] as? String else {
            return SpotEnvelope.error(request, status: 422, code: "VALIDATION_ERROR", message: "accountId is required", field: "accountId")
        }
        guard let config = body["config"] as? [String: Any], let source = config["billingSource"] as? [String: Any],
            let bucket = source["bucket"] as? String, let region = source["region"] as? String,
            let pathPrefix = source["pathPrefix"] as? String
        else {
            return SpotEnvelope.error(request, status: 422, code: "VALIDATION_ERROR",
                message: "config.billingSource with bucket, region and pathPrefix is required for AWS", field: "config.billingSource")
        }
        guard let account = state.withLock({ $0.accounts[id] }), account.organizationID == organization else {
            return SpotEnvelope.error(request, status: 404, code: "ACCOUNT_NOT_FOUND", message: "Spot account \(id) was not found", field: "accountId")
        }
        var checks: [[String: Any]] = []
        let linked = account.providerExternalID
        checks.append(["id": "credentials", "description": "Spot can assume the account's IAM role",
            "status": linked == nil ? "failed" : "success",
            "validationInfo": linked == nil ? "No AWS credentials are set for \(id)" : "Linked to AWS account \(linked!)"])
        let definitions = linked.map { cur.definitions(account: $0) } ?? []
        let match = definitions.first {
            $0.s3Bucket == bucket && $0.s3Region == region && "\($0.s3Prefix)/\($0.reportName)" == pathPrefix
        }
        checks.append(["id": "cur-definition", "description": "A Cost and Usage Report is delivered to the bucket and path",
            "status": match == nil ? "failed" : "success",
            "validationInfo": match.map { "Report \($0.reportName) delivers to s3://\(bucket)/\(pathPrefix)" }
                ?? "No report definition of \(linked ?? "the linked account") delivers to s3://\(bucket)/\(pathPrefix) in \(region)"])
        let failed = checks.filter { ($0["status"] as? String) == "failed" }
        guard register else {
            return SpotEnvelope.items(request, kind: "spotinst:cloudBilling:validation", items: checks)
        }
        if let first = failed.first {
            return SpotEnvelope.error(request, status: 400, code: "VALIDATION_FAILED", message: first["validationInfo"] as? String ?? "validation failed")
        }
        let registration = state.withLock { state -> SpotSandboxState.Registration in
            let now = Date()
            var registration = state.accounts[id]?.cloudBilling ?? .init(enabled: now, updated: now)
            registration.updated = now
            registration.billingSource = ["bucket": bucket, "region": region, "pathPrefix": pathPrefix]
            state.accounts[id]?.cloudBilling = registration
            return registration
        }
        return SpotEnvelope.items(request, kind: "spotinst:cloudBilling:account", items: [[
            "accountId": id, "organizationId": organization, "cloudProvider": "aws", "externalProviderId": linked ?? "",
            "isBillingAccount": true, "enabledDate": SpotEnvelope.timestamp(registration.enabled),
            "updatedDate": SpotEnvelope.timestamp(registration.updated),
            "config": ["billingSource": registration.billingSource ?? [:]],
        ]])
    }

    private func costIntelligence(_ request: SandboxRequest, organization: String, register: Bool) -> SandboxResponse {
        guard let body = request.jsonObject(), let wrapper = body["account"] as? [String: Any],
            let id = wrapper["accountId"] as? String
        else {
            return SpotEnvelope.error(request, status: 422, code: "VALIDATION_ERROR", message: "account.accountId is required", field: "account.accountId")
        }
        guard let account = state.withLock({ $0.accounts[id] }), account.organizationID == organization else {
            return SpotEnvelope.error(request, status: 404, code: "ACCOUNT_NOT_FOUND", message: "Spot account \(id) was not found", field: "account.accountId")
        }
        let checks: [[String: Any]] = [
            ["id": "credentials", "description": "Spot can assume the account's IAM role",
             "status": account.providerExternalID == nil ? "failed" : "success"],
            ["id": "billing-source", "description": "The account's billing data source is registered",
             "status": account.cloudBilling == nil ? "failed" : "success"],
        ]
        guard register else {
            return SpotEnvelope.items(request, kind: "spotinst:cbi:validation", items: checks)
        }
        guard account.providerExternalID != nil, account.cloudBilling != nil else {
            return SpotEnvelope.error(request, status: 400, code: "VALIDATION_FAILED",
                message: "Cost Intelligence needs linked AWS credentials and a registered billing source for \(id)")
        }
        let registration = state.withLock { state -> SpotSandboxState.Registration in
            let now = Date()
            var registration = state.accounts[id]?.costIntelligence ?? .init(enabled: now, updated: now)
            registration.updated = now
            state.accounts[id]?.costIntelligence = registration
            return registration
        }
        return SpotEnvelope.items(request, kind: "spotinst:cbi:account", items: [[
            "organizationId": organization, "accountId": id, "providerName": "aws",
            "externalProviderId": account.providerExternalID ?? "",
            "enabledDate": SpotEnvelope.timestamp(registration.enabled), "updatedDate": SpotEnvelope.timestamp(registration.updated),
        ]])
    }

    private func listRegistrations(_ request: SandboxRequest, organization: String, product: String) -> SandboxResponse {
        let sizes = request.query.filter { $0.name == "paginationSize" }.map(\.value)
        guard sizes.count <= 1, sizes.allSatisfy({ Int($0) != nil }) else {
            return SpotEnvelope.error(request, status: 400, code: "INVALID_PARAMETER",
                message: "paginationSize must be one integer", field: "paginationSize")
        }
        let size = max(1, min(sizes.first.flatMap { Int($0) } ?? 100, 1000))
        let start = Int(request.queryValue("paginationKey") ?? "") ?? 0
        let now = Date()
        let all = state.withLock { state in
            state.accounts.values.filter {
                $0.organizationID == organization && (product == "cbi" ? $0.costIntelligence : $0.cloudBilling) != nil
            }.sorted { $0.id < $1.id }
        }
        let page = all.dropFirst(max(0, start)).prefix(size)
        let items = page.map { account -> [String: Any] in
            let registration = (product == "cbi" ? account.costIntelligence : account.cloudBilling)!
            let ready = now.timeIntervalSince(registration.enabled) >= behaviour.dataReadySeconds
            var item: [String: Any] = [
                "accountId": account.id, "organizationId": organization, "externalProviderId": account.providerExternalID ?? "",
                "enabledDate": SpotEnvelope.timestamp(registration.enabled), "updatedDate": SpotEnvelope.timestamp(registration.updated),
                "statusSummary": ready ? "connected" : "partiallyConnected",
                "status": [[
                    "productOffering": product, "statusType": "dataProcessing", "statusCode": ready ? "READY" : "PENDING",
                    "statusMessage": ready ? "Billing data is processed" : "Data processing takes up to 48 hours after connection",
                    "statusTimestamp": SpotEnvelope.timestamp(now),
                ]],
            ]
            if product == "cbi" {
                item["providerName"] = "aws"
            } else {
                item["cloudProvider"] = "aws"
                item["externalProviderName"] = account.name
            }
            return item
        }
        var pagination: [String: Any] = ["totalCount": all.count]
        if start + page.count < all.count { pagination["nextKey"] = String(start + page.count) }
        if start > 0 { pagination["previousKey"] = String(max(0, start - size)) }
        return SpotEnvelope.items(request, kind: "spotinst:\(product):account", items: items, paginationInfo: pagination)
    }

    // MARK: - Helpers

    static func roleParts(_ arn: String) -> (arn: String, partition: String, account: String, name: String)? {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[1] == "aws" || fields[1] == "aws-cn", fields[2] == "iam",
            fields[4].count == 12, fields[4].allSatisfy(\.isNumber), fields[5].hasPrefix("role/")
        else { return nil }
        let name = fields[5].split(separator: "/").last.map(String.init) ?? ""
        guard !name.isEmpty else { return nil }
        return (arn, String(fields[1]), String(fields[4]), name)
    }

    private static func parseDate(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    private static func cannotAssume(_ request: SandboxRequest, roleARN: String, why: String) -> SandboxResponse {
        SpotEnvelope.error(request, status: 400, code: "CANT_VALIDATE_CREDENTIALS",
            message: "Spot cannot assume \(roleARN): \(why)", field: "credentials.iamRole")
    }

    private static func unknownAccount(_ request: SandboxRequest, _ id: String) -> SandboxResponse {
        SpotEnvelope.error(request, status: 400, code: "ACCOUNT_NOT_FOUND", message: "Spot account \(id) was not found in this organization", field: "accountId")
    }

    private static func missingAccountID(_ request: SandboxRequest) -> SandboxResponse {
        SpotEnvelope.error(request, status: 400, code: "MISSING_ACCOUNT_ID", message: "The accountId query parameter is required", field: "accountId")
    }
}
