import AWSKit
import Foundation
import Synchronization

/// Billing Engine (`/cloudBilling/v1/setup/account[/validation]`) and Cost Intelligence
/// (`/cbi/v1/setup/account[/validation]`): validation answers the checks with the openapi's
/// statuses; registration refuses, neutrally, whenever a check failed (a warning does not stop
/// it).
extension SpotService {
    func cloudBilling(
        _ request: SandboxRequest, organization: String, register: Bool, reply: @escaping @Sendable (SandboxResponse) -> Void
    ) {
        guard let body = request.jsonObject(), let id = body["accountId"] as? String else {
            return reply(SpotEnvelope.error(request, status: 422, code: "VALIDATION_ERROR", message: "accountId is required", field: "accountId"))
        }
        guard let config = body["config"] as? [String: Any], let source = config["billingSource"] as? [String: Any],
            let bucket = source["bucket"] as? String, let region = source["region"] as? String,
            let pathPrefix = source["pathPrefix"] as? String
        else {
            return reply(SpotEnvelope.error(request, status: 422, code: "VALIDATION_ERROR",
                message: "config.billingSource with bucket, region and pathPrefix is required for AWS", field: "config.billingSource"))
        }
        guard let account = state.withLock({ $0.accounts[id] }), account.organizationID == organization else {
            return reply(SpotEnvelope.error(request, status: 404, code: "ACCOUNT_NOT_FOUND", message: "Spot account \(id) was not found", field: "accountId"))
        }
        let operation: SpotOperation = register ? .setupCloudBilling : .validateCloudBilling
        Task { [self] in
            var checks: [ValidationCheck] = []
            let assumed = await credentialsCheck(account, operation: operation)
            checks.append(assumed.check)
            if let role = assumed.role {
                checks += await BillingBucketChecks(moto: moto).checks(role: role, bucket: bucket, region: region, pathPrefix: pathPrefix)
            } else {
                for (check, description) in [("s3-list-bucket", "s3:ListBucket"), ("s3-get-object", "s3:GetObject")] {
                    checks.append(ValidationCheck(id: check, description: "Spot can use \(description) as the linked role",
                        status: .skipped, info: "Spot could not use the account's credentials"))
                }
            }
            checks.append(definitionCheck(linked: account.providerExternalID, bucket: bucket, region: region, pathPrefix: pathPrefix))
            guard register else {
                return reply(SpotEnvelope.items(request, kind: "spotinst:cloudBilling:validation", items: checks.map(\.item)))
            }
            if let refusal = refusal(checks, request, account: id, operation: operation) { return reply(refusal) }
            let registration = recordRegistration(id, at: \.cloudBilling) {
                $0.billingSource = ["bucket": bucket, "region": region, "pathPrefix": pathPrefix]
            }
            reply(SpotEnvelope.items(request, kind: "spotinst:cloudBilling:account", items: [[
                "accountId": id, "organizationId": organization, "cloudProvider": "aws",
                "externalProviderId": account.providerExternalID ?? "", "isBillingAccount": true,
                "enabledDate": SpotEnvelope.timestamp(registration.enabled), "updatedDate": SpotEnvelope.timestamp(registration.updated),
                "config": ["billingSource": registration.billingSource ?? [:]],
            ]]))
        }
    }

    func costIntelligence(
        _ request: SandboxRequest, organization: String, register: Bool, reply: @escaping @Sendable (SandboxResponse) -> Void
    ) {
        guard let body = request.jsonObject(), let wrapper = body["account"] as? [String: Any],
            let id = wrapper["accountId"] as? String
        else {
            return reply(SpotEnvelope.error(request, status: 422, code: "VALIDATION_ERROR", message: "account.accountId is required", field: "account.accountId"))
        }
        guard let account = state.withLock({ $0.accounts[id] }), account.organizationID == organization else {
            return reply(SpotEnvelope.error(request, status: 404, code: "ACCOUNT_NOT_FOUND", message: "Spot account \(id) was not found", field: "account.accountId"))
        }
        let operation: SpotOperation = register ? .setupCostIntelligence : .validateCostIntelligence
        Task { [self] in
            let assumed = await credentialsCheck(account, operation: operation)
            let permissions = assumed.role.map(CostIntelligenceAccessCheck.check) ?? ValidationCheck(
                id: "permissions", description: "The linked role allows the actions of Spot's Cost Intelligence policy",
                status: .skipped, info: "Spot could not use the account's credentials")
            // Cost Intelligence reuses Billing Engine's data: "Billing Engine will be required to
            // capture and process details for Cost Intelligence" (spotinst/help, as quoted in
            // ../shared/reference/spot-policies/README.md).
            let billing = ValidationCheck(
                id: "billing-source", description: "The account's billing data source is registered",
                status: account.cloudBilling == nil ? .failed : .success,
                info: account.cloudBilling == nil ? "Billing Engine is not set up for \(id)" : "Billing Engine is set up for \(id)")
            let checks = [assumed.check, permissions, billing]
            guard register else {
                return reply(SpotEnvelope.items(request, kind: "spotinst:cbi:validation", items: checks.map(\.item)))
            }
            if let refusal = refusal(checks, request, account: id, operation: operation) { return reply(refusal) }
            let registration = recordRegistration(id, at: \.costIntelligence)
            reply(SpotEnvelope.items(request, kind: "spotinst:cbi:account", items: [[
                "organizationId": organization, "accountId": id, "providerName": "aws",
                "externalProviderId": account.providerExternalID ?? "",
                "enabledDate": SpotEnvelope.timestamp(registration.enabled), "updatedDate": SpotEnvelope.timestamp(registration.updated),
            ]]))
        }
    }

    /// Whether Spot can assume the account's linked role with the external id in force now;
    /// the role as read when it can. Why it cannot goes to the log and `lastRefusal` only.
    func credentialsCheck(_ account: SpotSandboxState.Account, operation: SpotOperation) async
        -> (check: ValidationCheck, role: EffectiveRole?)
    {
        let description = "Spot can assume the account's IAM role"
        guard let link = account.link, let role = IAMRoleARN(link.iamRole) else {
            return (ValidationCheck(id: "credentials", description: description, status: .failed,
                info: "No AWS credentials are set for \(account.id)"), nil)
        }
        switch await access.assume(role, externalID: account.externalIDInForce) {
        case .success(let effective):
            return (ValidationCheck(id: "credentials", description: description, status: .success,
                info: "Linked to AWS account \(role.account)"), effective)
        case .failure(let refusal):
            state.withLock {
                $0.accounts[account.id]?.lastRefusal = .init(operation: operation.rawValue, reason: refusal.reason, at: Date())
            }
            FileHandle.standardError.write(Data("onboard-sandbox: \(operation.rawValue) for \(account.id): credentials check failed: \(refusal.reason)\n".utf8))
            return (ValidationCheck(id: "credentials", description: description, status: .failed,
                info: "Spot could not use the credentials set for \(account.id)"), nil)
        }
    }

    /// A CUR definition of the linked account delivers to the bucket and path. A Billing
    /// Conductor report (`BillingViewArn`, CUR model: "needed to create … Cost and Usage Report
    /// for each billing group") holds a billing group's pro forma costs, not the payer's
    /// billed ones: the match is a `warning` saying so (whether Spot refuses it is not
    /// published).
    func definitionCheck(linked: String?, bucket: String, region: String, pathPrefix: String) -> ValidationCheck {
        let description = "A Cost and Usage Report is delivered to the bucket and path"
        let definitions = linked.map { cur.definitions(account: $0) } ?? []
        let match = definitions.first {
            $0.s3Bucket == bucket && $0.s3Region == region && "\($0.s3Prefix)/\($0.reportName)" == pathPrefix
        }
        guard let match else {
            return ValidationCheck(id: "cur-definition", description: description, status: .failed,
                info: "No report definition of \(linked ?? "the linked account") delivers to s3://\(bucket)/\(pathPrefix) in \(region)")
        }
        if let view = match.billingViewArn {
            return ValidationCheck(id: "cur-definition", description: description, status: .warning,
                info: "Report \(match.reportName) delivers to s3://\(bucket)/\(pathPrefix) for billing view \(view): pro forma costs of a billing group")
        }
        return ValidationCheck(id: "cur-definition", description: description, status: .success,
            info: "Report \(match.reportName) delivers to s3://\(bucket)/\(pathPrefix)")
    }

    /// The neutral refusal of a registration whose checks failed; nil when none failed.
    private func refusal(
        _ checks: [ValidationCheck], _ request: SandboxRequest, account id: String, operation: SpotOperation
    ) -> SandboxResponse? {
        let failed = checks.filter { $0.status == .failed }
        guard !failed.isEmpty else { return nil }
        return refuse(request, account: id, operation: operation,
            reason: failed.map { "\($0.id): \($0.info ?? "failed")" }.joined(separator: "; "))
    }

    /// Records the registration at `product` of Spot account `id` (enabled once, updated now).
    private func recordRegistration(
        _ id: String, at product: WritableKeyPath<SpotSandboxState.Account, SpotSandboxState.Registration?>,
        _ change: (inout SpotSandboxState.Registration) -> Void = { _ in }
    ) -> SpotSandboxState.Registration {
        state.withLock { state -> SpotSandboxState.Registration in
            let now = Date()
            var registration = state.accounts[id]?[keyPath: product] ?? .init(enabled: now, updated: now)
            registration.updated = now
            change(&registration)
            state.accounts[id]?[keyPath: product] = registration
            return registration
        }
    }
}
