import Foundation
import Synchronization

/// Spot accounts: create, list (all, or by `cloudAccountId`), rename, delete.
extension SpotService {
    func createAccount(_ request: SandboxRequest, organization: String) -> SandboxResponse {
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

    func listAccounts(_ request: SandboxRequest, organization: String) -> SandboxResponse {
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

    func updateAccount(_ request: SandboxRequest, organization: String) -> SandboxResponse {
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

    func deleteAccount(_ request: SandboxRequest, organization: String) -> SandboxResponse {
        let id = String(request.path.split(separator: "/").last ?? "")
        let found = state.withLock { state -> Bool in
            guard state.accounts[id]?.organizationID == organization else { return false }
            state.accounts.removeValue(forKey: id)
            return true
        }
        return found ? SpotEnvelope.ok(request) : Self.unknownAccount(request, id)
    }
}
