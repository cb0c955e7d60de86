import AWSKit
import Foundation
import HTTPCore

extension WorkflowWorld {
    static let stsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    /// STS (AssumeRole, GetCallerIdentity) and Organizations (DescribeOrganization).
    func installLogin() {
        transport.on(CloudOperation.assumeRole) { [self] request in
            let fields = request.formFields
            let roleARN = fields["RoleArn"] ?? ""
            let account = roleARN.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? ""
            let payer = update { $0.payers[account] }
            guard let payer, payer.allowsAssumeRole else {
                let operatorAccount = snapshot.operatorAccountID
                return AWSWire.queryError(
                    status: 403, code: "AccessDenied",
                    message: "User: arn:aws:iam::\(operatorAccount):user/operator is not authorized to perform: sts:AssumeRole on resource: \(roleARN)")
            }
            let session = fields["RoleSessionName"] ?? "session"
            let roleName = roleARN.split(separator: "/").last.map(String.init) ?? "role"
            let expiration = clock.now().addingTimeInterval(Double(fields["DurationSeconds"] ?? "3600") ?? 3600)
            let result = "<Credentials>" + AWSWire.element("AccessKeyId", Self.accessKeyID(for: payer.accountID))
                + AWSWire.element("SecretAccessKey", Self.fakeSecret) + AWSWire.element("SessionToken", Self.sessionToken(for: payer.accountID))
                + AWSWire.element("Expiration", AWSWire.timestamp(expiration)) + "</Credentials><AssumedRoleUser>"
                + AWSWire.element("AssumedRoleId", "AROATESTING0000000001:\(session)")
                + AWSWire.element("Arn", "arn:\(partition(of: request)):sts::\(payer.accountID):assumed-role/\(roleName)/\(session)")
                + "</AssumedRoleUser>"
            return AWSWire.query("AssumeRole", namespace: Self.stsNamespace, result: result)
        }
        transport.on(CloudOperation.getCallerIdentity) { [self] request in
            guard let id = payerID(of: request), let payer = update({ $0.payers[id] }) else { return Self.notAPayer(request) }
            let result = AWSWire.element("Arn", "arn:\(partition(of: request)):sts::\(payer.callerAccountID):assumed-role/OnboardAccess/onboard-\(payer.accountID)")
                + AWSWire.element("UserId", "AROATESTING0000000001:onboard-\(payer.accountID)")
                + AWSWire.element("Account", payer.callerAccountID)
            return AWSWire.query("GetCallerIdentity", namespace: Self.stsNamespace, result: result)
        }
        transport.on(CloudOperation.describeOrganization) { [self] request in
            guard let id = payerID(of: request), let payer = update({ $0.payers[id] }) else { return Self.notAPayer(request) }
            guard let management = payer.managementAccountID else {
                return AWSWire.jsonError(
                    code: "AWSOrganizationsNotInUseException",
                    message: "Your account is not a member of an organization.")
            }
            let partition = partition(of: request)
            let organization: [String: Any] = [
                "Id": payer.organizationID,
                "Arn": "arn:\(partition):organizations::\(management):organization/\(payer.organizationID)",
                "FeatureSet": "ALL",
                "MasterAccountArn": "arn:\(partition):organizations::\(management):account/\(payer.organizationID)/\(management)",
                "MasterAccountId": management,
                "MasterAccountEmail": "billing+\(management)@example.com",
            ]
            return AWSWire.json(AWSWire.jsonText(["Organization": organization]))
        }
    }
}
