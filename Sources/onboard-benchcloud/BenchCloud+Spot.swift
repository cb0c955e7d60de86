import Foundation

/// Spot's API as the bench cloud serves it: accounts, external ids, linked roles, Billing Engine
/// and Cost Intelligence registrations, every validation check passing (the report's first
/// delivery a warning, as for any new report). Envelopes as Spot's OpenAPI describes them.
extension BenchCloud {
    func spot(_ request: BenchRequest) -> BenchResponse {
        let body = request.jsonObject
        switch (request.method, request.path) {
        case ("GET", "/setup/account"):
            let items: [[String: Any]] = withState { state in
                if let cloud = request.query["cloudAccountId"] {
                    guard let id = state.spotAccountByCloudAccount[cloud], let account = state.spotAccounts[id] else { return [] }
                    return [Self.spotAccountItem(id, account)]
                }
                return state.spotAccounts.sorted { $0.key < $1.key }.map { Self.spotAccountItem($0.key, $0.value) }
            }
            return Self.envelope(request, kind: "spotinst:setup:account", items: items)
        case ("POST", "/setup/account"):
            let name = (body["account"] as? [String: Any])?["name"] as? String ?? "account"
            let id: String = withState { state in
                state.nextSpotAccount &+= 1
                let id = "act-" + String(state.nextSpotAccount, radix: 16)
                state.spotAccounts[id] = BenchSpotAccount(name: name)
                return id
            }
            return Self.envelope(
                request, kind: "spotinst:setup:account",
                items: [["id": id, "name": name, "organizationId": Self.spotOrganization]])
        case ("POST", "/setup/credentials/aws/externalId"):
            guard let id = request.query["accountId"] else { return Self.unhandled(request) }
            let externalID = "spotinst:aws:extid:" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            withState { $0.spotAccounts[id]?.externalID = externalID }
            let until = Self.timestamp(Date().addingTimeInterval(86400))
            return Self.envelope(
                request, kind: "spotinst:setup:credentials:aws:externalId",
                items: [["externalId": externalID, "maxValidUntil": until]])
        case ("POST", "/setup/credentials/aws"):
            guard let id = request.query["accountId"],
                let role = (body["credentials"] as? [String: Any])?["iamRole"] as? String
            else { return Self.unhandled(request) }
            let parts = role.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6 else { return Self.unhandled(request) }
            let cloud = String(parts[4])
            withState { state in
                state.spotAccounts[id]?.cloudAccountID = cloud
                state.spotAccountByCloudAccount[cloud] = id
            }
            return Self.envelope(request, kind: nil, items: nil)
        case ("GET", "/cloudBilling/v1/setup/account"):
            return Self.envelope(request, kind: "spotinst:cloudBilling:account", items: [], paginated: true)
        case ("GET", "/cbi/v1/setup/account"):
            return Self.envelope(request, kind: "spotinst:cbi:account", items: [], paginated: true)
        case ("POST", "/cloudBilling/v1/setup/account/validation"):
            let id = body["accountId"] as? String ?? ""
            let cloud = cloudAccount(of: id)
            let source = ((body["config"] as? [String: Any])?["billingSource"] as? [String: Any]) ?? [:]
            let bucket = source["bucket"] as? String ?? "", prefix = source["pathPrefix"] as? String ?? ""
            let role = "arn:aws:iam::\(cloud):role/SpotOnboardingRole"
            return Self.envelope(
                request, kind: "spotinst:cloudBilling:validation",
                items: [
                    Self.check("credentials", "Spot can assume the account's IAM role", "success", "Linked to AWS account \(cloud)"),
                    Self.check("s3-list-bucket", "Spot can list the report's bucket", "success", "\(role) may s3:ListBucket \(bucket)"),
                    Self.check("s3-get-object", "Spot can read the report's files", "success", "\(role) may s3:GetObject \(bucket)/\(prefix)/*"),
                    Self.check("report-delivery", "AWS has delivered report files under the path prefix", "warning",
                               "No report files have been delivered yet"),
                    Self.check("cur-definition", "A Cost and Usage Report is delivered to the bucket and path", "success", "found"),
                ])
        case ("POST", "/cloudBilling/v1/setup/account"):
            let id = body["accountId"] as? String ?? ""
            let now = Self.timestamp(Date())
            return Self.envelope(
                request, kind: "spotinst:cloudBilling:account",
                items: [[
                    "accountId": id, "cloudProvider": "aws", "config": body["config"] ?? [:], "enabledDate": now,
                    "externalProviderId": cloudAccount(of: id), "isBillingAccount": true,
                    "organizationId": Self.spotOrganization, "updatedDate": now,
                ]])
        case ("POST", "/cbi/v1/setup/account/validation"):
            let id = (body["account"] as? [String: Any])?["accountId"] as? String ?? ""
            let cloud = cloudAccount(of: id)
            return Self.envelope(
                request, kind: "spotinst:cbi:validation",
                items: [
                    Self.check("credentials", "Spot can assume the account's IAM role", "success", "Linked to AWS account \(cloud)"),
                    Self.check("permissions", "The linked role allows the actions of Spot's Cost Intelligence policy", "success", "all"),
                    Self.check("billing-source", "The account's billing data source is registered", "success", "set up for \(id)"),
                ])
        case ("POST", "/cbi/v1/setup/account"):
            let id = (body["account"] as? [String: Any])?["accountId"] as? String ?? ""
            let now = Self.timestamp(Date())
            return Self.envelope(
                request, kind: "spotinst:cbi:account",
                items: [[
                    "accountId": id, "enabledDate": now, "externalProviderId": cloudAccount(of: id),
                    "organizationId": Self.spotOrganization, "providerName": "aws", "updatedDate": now,
                ]])
        default:
            return Self.unhandled(request)
        }
    }

    private func cloudAccount(of spotAccount: String) -> String {
        withState { $0.spotAccounts[spotAccount]?.cloudAccountID } ?? ""
    }

    private static func spotAccountItem(_ id: String, _ account: BenchSpotAccount) -> [String: Any] {
        var item: [String: Any] = ["accountId": id, "name": account.name, "organizationId": spotOrganization]
        if let cloud = account.cloudAccountID { item["providerExternalId"] = cloud }
        return item
    }

    private static func check(_ id: String, _ description: String, _ status: String, _ info: String) -> [String: Any] {
        ["id": id, "description": description, "status": status, "validationInfo": info]
    }

    /// Spot's envelope: `request` (id, method, timestamp, url) and `response` (status, items).
    private static func envelope(_ request: BenchRequest, kind: String?, items: [[String: Any]]?, paginated: Bool = false)
        -> BenchResponse
    {
        var response: [String: Any] = ["status": ["code": 200, "message": "OK"]]
        if let kind { response["kind"] = kind }
        if let items {
            response["items"] = items
            response["count"] = items.count
            if paginated { response["paginationInfo"] = ["totalCount": items.count] }
        }
        return json([
            "request": ["id": UUID().uuidString.lowercased(), "method": request.method, "timestamp": timestamp(Date()), "url": request.path],
            "response": response,
        ])
    }
}
