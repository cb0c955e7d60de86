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
        switch PayerLogin.resolve(context.account, partition: partition, settings: services.settings) {
        case .none:
            throw AccountFailure(step: .login, code: .noLoginMethod, message: PayerLogin.noneReason, rerunMayFix: false)
        case .assumeRole(let arn, let externalID):
            guard let source = services.operatorCredentials(for: partition) else {
                throw AccountFailure(
                    step: .login, code: .noChinaCredentials,
                    message: "no operator credentials for AWS China (aws-cn): credentials of partition aws cannot assume \(arn). Pass --china-profile NAME (or set ONBOARD_CHINA_PROFILE) naming a profile with aws-cn credentials, or give the row an aws_profile",
                    rerunMayFix: false)
            }
            let sts = STSClient(client: services.operatorClient, endpoint: services.endpoint(.sts, partition))
            credentials = AssumeRoleCredentialProvider(
                sts: sts, source: source,
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
            if error.code == "InvalidClientTokenId", partition == .awsChina {
                failure.message += ". Credentials belong to one partition: the operator's China profile (--china-profile) must hold aws-cn credentials"
            }
            if error.code == "AccessDenied" {
                failure.message += ". Check that the role exists in \(context.account.accountID), trusts the operator's account, and the external id matches"
            }
            throw failure
        }
        guard identity.account == context.account.accountID else {
            throw AccountFailure(
                step: .login, code: .wrongAccount,
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
                    step: .login, code: .notInOrganization,
                    message: "\(context.account.accountID) is in no AWS Organization; connect the management (payer) account of an organization",
                    rerunMayFix: false)
            }
            throw AccountFailure(error, at: .login)
        }
        guard organization.isManagementAccount(context.account.accountID) else {
            throw AccountFailure(
                step: .login, code: .notManagementAccount,
                message: "\(context.account.accountID) is a member of organization \(organization.id), whose management account is \(organization.managementAccountID); list the management account instead",
                rerunMayFix: false)
        }
        context.payerCredentials = credentials
        return "\(how); caller \(identity.arn); management account of \(organization.id)"
    }
}
