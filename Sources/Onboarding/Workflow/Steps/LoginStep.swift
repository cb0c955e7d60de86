import AccountList
import AWSKit
import Foundation

/// `login`: credentials for the payer (assume-role from the operator, or a profile);
/// `sts:GetCallerIdentity` must name the row's account, and `organizations:DescribeOrganization`
/// must show it is the organization's management account.
struct LoginStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        let partition = context.partition
        let credentials: any CredentialProvider
        let how: String
        switch context.account.login {
        case .assumeRole(let roleARN, let externalID):
            let arn = roleARN ?? "arn:\(partition.rawValue):iam::\(context.account.accountID):role/\(services.settings.accessRoleName)"
            let sts = STSClient(client: services.operatorClient, endpoint: services.endpoint(.sts, partition))
            credentials = AssumeRoleCredentialProvider(
                sts: sts, source: services.operatorCredentials,
                request: AssumeRoleRequest(
                    roleARN: arn, sessionName: "onboard-\(context.account.accountID)", externalID: externalID,
                    durationSeconds: 3600),
                clock: services.clock)
            how = "assumed \(arn)"
        case .profile(let name):
            do {
                credentials = try CredentialResolver.resolve(
                    environment: services.environment, profile: name, region: partition.defaultRegion,
                    endpoints: services.settings.endpoints, client: services.payerClient, clock: services.clock)
            } catch {
                throw AccountFailure(error, at: .login)
            }
            how = "profile \(name)"
        }
        let sts = STSClient(client: services.payerClient, endpoint: services.endpoint(.sts, partition))
        let identity: CallerIdentity
        do {
            identity = try await sts.getCallerIdentity(credentials: credentials)
        } catch {
            var failure = AccountFailure(error, at: .login)
            if error.code == "AccessDenied" {
                failure.message += ". Check that the role exists in \(context.account.accountID), trusts the operator's account, and the external id matches"
            }
            throw failure
        }
        guard identity.account == context.account.accountID else {
            throw AccountFailure(
                step: .login, code: "WrongAccount",
                message: "the credentials (\(how)) belong to account \(identity.account), not \(context.account.accountID)",
                rerunMayFix: false)
        }
        let organizations = OrganizationsClient(
            client: services.payerClient, endpoint: services.endpoint(.organizations, partition))
        let organization: OrganizationDescription
        do {
            organization = try await organizations.describeOrganization(credentials: credentials)
        } catch {
            if error.code == "AWSOrganizationsNotInUseException" {
                throw AccountFailure(
                    step: .login, code: "NotInOrganization",
                    message: "\(context.account.accountID) is in no AWS Organization; connect the management (payer) account of an organization",
                    rerunMayFix: false)
            }
            throw AccountFailure(error, at: .login)
        }
        guard organization.isManagementAccount(context.account.accountID) else {
            throw AccountFailure(
                step: .login, code: "NotManagementAccount",
                message: "\(context.account.accountID) is a member of organization \(organization.id), whose management account is \(organization.managementAccountID); list the management account instead",
                rerunMayFix: false)
        }
        context.payerCredentials = credentials
        return "\(how); caller \(identity.arn); management account of \(organization.id)"
    }
}
