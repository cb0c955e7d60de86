import Foundation
import SpotKit

extension WorkflowWorld {
    /// Spot's API over the world's Spot organization: accounts, external ids, the credentials
    /// in force, and the billing and Cost Intelligence registrations with their validations.
    func installSpot() {
        transport.on(CloudOperation.listAccounts) { [self] request in
            let cloudAccount = request.query["cloudAccountId"]
            let state = snapshot
            let accounts = state.spotAccounts.filter { cloudAccount == nil || $0.linkedAWSAccount == cloudAccount }
            let items = accounts.map { account -> [String: Any] in
                var item: [String: Any] = [
                    "accountId": account.id, "name": account.name, "organizationId": Int(state.spotOrganizationID) ?? 0,
                ]
                if let linked = account.linkedAWSAccount { item["providerExternalId"] = linked }
                return item
            }
            return SpotWire.items(items, kind: "spotinst:setup:account")
        }
        transport.on(CloudOperation.createAccount) { [self] request in
            let name = (request.jsonObject?["account"] as? [String: Any])?["name"] as? String ?? ""
            let (account, organization) = update { state -> (WorldSpotAccount, String) in
                state.madeSpotAccounts += 1
                let account = WorldSpotAccount(id: String(format: "act-%08x", 0x5e1f_0a00 + state.madeSpotAccounts), name: name)
                state.spotAccounts.append(account)
                return (account, state.spotOrganizationID)
            }
            return SpotWire.items(
                [["id": account.id, "name": account.name, "organizationId": organization]], kind: "spotinst:setup:account")
        }
        transport.on(CloudOperation.deleteAccount) { [self] request in
            let id = String(request.path.split(separator: "/").last ?? "")
            let found = update { state -> Bool in
                guard state.spotAccount(id) != nil else { return false }
                state.spotAccounts.removeAll { $0.id == id }
                return true
            }
            return found ? SpotWire.items([], kind: "spotinst:setup:account") : Self.unknownAccount(id)
        }
        transport.on(CloudOperation.getAWSCredentials) { [self] request in
            let id = request.query["accountId"] ?? ""
            guard let account = snapshot.spotAccount(id) else { return Self.unknownAccount(id) }
            let items: [[String: Any]] = account.iamRole.map {
                [["iamRole": $0, "accountId": account.id, "createdAt": "2025-01-10T08:00:00.000Z", "updatedAt": "2025-01-10T08:00:00.000Z"]]
            } ?? []
            return SpotWire.items(items, kind: "spotinst:setup:credentials:aws")
        }
        transport.on(CloudOperation.createExternalID) { [self] request in
            let id = request.query["accountId"] ?? ""
            let issued = update { state -> String? in
                guard state.spotAccount(id) != nil else { return nil }
                state.madeExternalIDs += 1
                let externalID = String(format: "spotinst:aws:extid:7f3a9c%014d", state.madeExternalIDs)
                state.updateSpotAccount(id) { $0.externalIDs.append(externalID) }
                return externalID
            }
            guard let issued else { return Self.unknownAccount(id) }
            return SpotWire.items(
                [["externalId": issued, "maxValidUntil": "2025-06-16T15:06:40.000Z"]], kind: "spotinst:setup:aws:externalId")
        }
        transport.on(CloudOperation.setAWSCredentials) { [self] request in
            let id = request.query["accountId"] ?? ""
            let role = request.jsonString("credentials", "iamRole") ?? ""
            let roleAccount = role.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init)
            let known = update { state -> Bool in
                guard state.spotAccount(id) != nil else { return false }
                let links = state.setCredentialsLinks
                state.updateSpotAccount(id) { account in
                    account.iamRole = role
                    if links { account.linkedAWSAccount = roleAccount }
                }
                return true
            }
            return known ? SpotWire.ok() : Self.unknownAccount(id)
        }
        installSpotProducts()
    }

    private func installSpotProducts() {
        transport.on(CloudOperation.listCloudBilling) { [self] _ in
            let state = snapshot
            let items = state.billingRegistered.sorted().map { id -> [String: Any] in
                var item: [String: Any] = ["accountId": id, "organizationId": state.spotOrganizationID, "cloudProvider": "aws"]
                if let linked = state.spotAccount(id)?.linkedAWSAccount { item["externalProviderId"] = linked }
                return item
            }
            return SpotWire.items(items, kind: "spotinst:cloudBilling:beRegisteredAccount", paginated: true)
        }
        transport.on(CloudOperation.validateCloudBilling) { [self] _ in
            SpotWire.items(snapshot.billingValidation.map(Self.check), kind: "spotinst:cbi:accountRegistrationValidation")
        }
        transport.on(CloudOperation.setupCloudBilling) { [self] request in
            let id = request.jsonString("accountId") ?? ""
            guard snapshot.spotAccount(id) != nil else { return Self.unknownAccount(id) }
            update { _ = $0.billingRegistered.insert(id) }
            let source = ((request.jsonObject?["config"] as? [String: Any])?["billingSource"] as? [String: Any]) ?? [:]
            return SpotWire.items(
                [["accountId": id, "organizationId": snapshot.spotOrganizationID, "cloudProvider": "aws", "isBillingAccount": true,
                  "config": ["billingSource": source]]],
                kind: "spotinst:cloudBilling:beRegisteredAccount")
        }
        transport.on(CloudOperation.listCostIntelligence) { [self] _ in
            let state = snapshot
            let items = state.costIntelligenceRegistered.sorted().map { id -> [String: Any] in
                ["accountId": id, "organizationId": state.spotOrganizationID, "providerName": "aws"]
            }
            return SpotWire.items(items, kind: "spotinst:cbi:inventory:ciRegisteredAccount", paginated: true)
        }
        transport.on(CloudOperation.validateCostIntelligence) { [self] _ in
            SpotWire.items(snapshot.costIntelligenceValidation.map(Self.check), kind: "spotinst:cbi:accountRegistrationValidation")
        }
        transport.on(CloudOperation.setupCostIntelligence) { [self] request in
            let id = request.jsonString("account", "accountId") ?? ""
            guard snapshot.spotAccount(id) != nil else { return Self.unknownAccount(id) }
            update { _ = $0.costIntelligenceRegistered.insert(id) }
            return SpotWire.items(
                [["accountId": id, "organizationId": snapshot.spotOrganizationID, "providerName": "aws"]],
                kind: "spotinst:cbi:inventory:ciRegisteredAccount")
        }
    }

    private static func check(_ check: SpotValidationCheck) -> [String: Any] {
        [
            "id": check.id, "description": check.checkDescription ?? check.id, "status": check.status.rawValue,
            "validationInfo": check.validationInfo ?? NSNull(),
        ]
    }

    private static func unknownAccount(_ id: String) -> ScriptedTransport.Reply {
        SpotWire.error(status: 400, code: "ACCOUNT_NOT_FOUND", message: "account \(id) does not exist in the organization", field: "accountId")
    }
}
