import Foundation
import Synchronization

/// Linking a Spot account to AWS: external ids, setting the role, reading it back.
extension SpotService {
    /// `POST /setup/credentials/aws/externalId`: a new id, which replaces the one in force.
    func createExternalID(_ request: SandboxRequest, organization: String) -> SandboxResponse {
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

    /// `POST /setup/credentials/aws`: Spot assumes the role with the external id in force
    /// (``SpotSandboxState/Account/externalIDInForce``) and links it when that works. Any
    /// refusal for what it found in AWS is neutral (``refuse(_:account:operation:reason:)``).
    func setCredentials(_ request: SandboxRequest, organization: String, reply: @escaping @Sendable (SandboxResponse) -> Void) {
        guard let id = request.queryValue("accountId") else { return reply(Self.missingAccountID(request)) }
        guard let credentials = request.jsonObject()?["credentials"] as? [String: Any],
            let roleText = credentials["iamRole"] as? String
        else {
            return reply(SpotEnvelope.error(request, status: 400, code: "INVALID_REQUEST",
                message: "credentials.iamRole is required", field: "credentials.iamRole"))
        }
        guard let role = IAMRoleARN(roleText) else {
            return reply(SpotEnvelope.error(request, status: 400, code: "INVALID_IAM_ROLE",
                message: "credentials.iamRole must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)", field: "credentials.iamRole"))
        }
        guard let account = state.withLock({ $0.accounts[id] }), account.organizationID == organization else {
            return reply(Self.unknownAccount(request, id))
        }
        if let linked = account.providerExternalID, linked != role.account {
            return reply(refuse(request, account: id, operation: .setCredentials,
                reason: "Spot account \(id) is already linked to AWS account \(linked)"))
        }
        let externalID: String
        switch Self.usableExternalID(account, now: Date()) {
        case .failure(let refusal): return reply(refuse(request, account: id, operation: .setCredentials, reason: refusal.reason))
        case .success(let value): externalID = value
        }
        Task { [self] in
            switch await access.assume(role, externalID: externalID) {
            case .failure(let refusal) where refusal.unavailable:
                reply(SpotEnvelope.error(request, status: 503, code: "SERVICE_UNAVAILABLE", message: "Could not reach AWS IAM"))
            case .failure(let refusal):
                reply(refuse(request, account: id, operation: .setCredentials, reason: refusal.reason))
            case .success:
                // Checked again under the lock: another call may have linked the account meanwhile.
                let linkedElsewhere = state.withLock { state -> String? in
                    guard var account = state.accounts[id] else { return nil }
                    if let linked = account.providerExternalID, linked != role.account { return linked }
                    account.link = .init(iamRole: role.arn, externalID: externalID, linked: Date(), issuedCount: account.externalIDs.count)
                    account.providerExternalID = role.account
                    state.accounts[id] = account
                    return nil
                }
                if let linked = linkedElsewhere {
                    return reply(refuse(request, account: id, operation: .setCredentials,
                        reason: "Spot account \(id) is already linked to AWS account \(linked)"))
                }
                reply(SpotEnvelope.ok(request))
            }
        }
    }

    /// The external id a new link would be made with: the one in force, which must still be
    /// valid when it is a newly issued one (`maxValidUntil`); the id of the current link stays
    /// usable after that.
    static func usableExternalID(_ account: SpotSandboxState.Account, now: Date) -> Result<String, AssumeRefusal> {
        guard let inForce = account.externalIDInForce else {
            return .failure(AssumeRefusal(reason: "no external id was issued to Spot account \(account.id)"))
        }
        if inForce != account.link?.externalID, let issued = account.externalIDs.last, issued.maxValidUntil <= now {
            return .failure(AssumeRefusal(
                reason: "the external id in force for \(account.id) expired at \(SpotEnvelope.timestamp(issued.maxValidUntil))"))
        }
        return .success(inForce)
    }

    /// `GET /setup/credentials/aws?accountId=…` (not in the openapi; spotinst-sdk-go
    /// `service/account/providers/aws/awscredentials.go`, `ReadCredentials`, Apache-2.0): the
    /// items are `Credentials {iamRole, accountId}`, the only fields the SDK reads, and an
    /// account without credentials has none (the SDK returns nil credentials for no item;
    /// terraform-provider-spotinst `resource_spotinst_credentials_aws.go` then clears its state).
    /// An account that is not there answers `Account_DOESNT_EXIST`, the code that provider
    /// looks for; its HTTP status is not published (400 here, as the spec's other account
    /// errors).
    func getCredentials(_ request: SandboxRequest, organization: String) -> SandboxResponse {
        guard let id = request.queryValue("accountId") else { return Self.missingAccountID(request) }
        guard let account = state.withLock({ $0.accounts[id] }), account.organizationID == organization else {
            return SpotEnvelope.error(request, status: 400, code: "Account_DOESNT_EXIST",
                message: "Account \(id) doesn't exist", field: "accountId")
        }
        let items: [[String: Any]] = account.link.map { [["iamRole": $0.iamRole, "accountId": id]] } ?? []
        return SpotEnvelope.items(request, kind: "spotinst:setup:credentials:aws", items: items)
    }
}
