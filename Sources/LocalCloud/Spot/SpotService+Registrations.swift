import Foundation
import Synchronization

/// `GET /cloudBilling/v1/setup/account` and `GET /cbi/v1/setup/account`: the registrations,
/// paged, with the data-processing status of each.
extension SpotService {
    func listRegistrations(_ request: SandboxRequest, organization: String, product: String) -> SandboxResponse {
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
}
