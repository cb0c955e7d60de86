import AWSKit
import AccountList

/// Works out, without network, what the workflow will do for a payer account: endpoints, login,
/// CUR definition, Spot calls, and the CloudFormation template to deploy.
public struct AccountPlanner: Sendable {
    /// Batch-wide settings.
    public var settings: OnboardingSettings

    public init(settings: OnboardingSettings) {
        self.settings = settings
    }

    /// The services the workflow calls, in the order the plan lists them.
    public static let services: [AWSService] = [.sts, .organizations, .s3, .costAndUsageReport, .cloudFormation, .iam]

    /// The plan and, unless the account is blocked, the template it deploys.
    public func plan(for account: PayerAccount) -> (plan: AccountPlan, template: StackTemplate?) {
        let partition: Partition = account.isChina ? .awsChina : .aws
        let region = partition.defaultRegion
        var endpoints: [String: ServiceEndpoint] = [:]
        for service in Self.services {
            endpoints[service.rawValue] = settings.endpoints.endpoint(for: service, partition: partition, region: region)
        }

        let payerLogin = PayerLogin.resolve(account, partition: partition, settings: settings)
        let login: AccountPlan.Login
        switch payerLogin {
        case .assumeRole(let roleARN, let externalID):
            login = AccountPlan.Login(method: "assume-role", target: roleARN, usesExternalID: externalID != nil)
        case .profile(let name):
            login = AccountPlan.Login(method: "profile", target: name, usesExternalID: false)
        case .none:
            login = AccountPlan.Login(method: "none", target: "", usesExternalID: false)
        }

        let report = account.costAndUsageReport
        let definition = ReportDefinition.spotCompliant(
            reportName: report.reportName, bucket: report.bucket, prefix: report.prefix,
            region: partition.costAndUsageReportRegion)
        let reportPlan = AccountPlan.CostAndUsageReportPlan(
            strategy: report.isNamedInRow ? "adopt-or-create-named" : "adopt-any-compliant-or-create",
            definition: definition, pathPrefix: definition.pathPrefix,
            decidedAtRunTime: report.isNamedInRow
                ? "the cur step adopts the named report if it exists and complies, or creates it; the stack's bucket and path prefix parameters are set from it"
                : "the cur step adopts any compliant existing report (never a pro-forma one with a BillingViewArn), possibly in another bucket, before it creates this one; the stack's bucket and path prefix parameters are set from what it settles")

        var prerequisites: [String] = []
        if !account.billingAccessConfirmed {
            prerequisites.append(
                "Activate IAM user and role access to the Billing console (root user, Account settings); then set billing_access_confirmed to yes")
        }

        var plan = AccountPlan(
            accountID: account.accountID, organizationName: account.organizationName, line: account.line,
            partition: partition, products: account.products, endpoints: endpoints, login: login,
            costAndUsageReport: reportPlan, stack: nil, spotCalls: [], manualPrerequisites: prerequisites,
            blockedAt: nil, blockedReason: nil)

        guard let principals = settings.principals(for: partition), principals.isComplete else {
            plan.blockedAt = .partition
            plan.blockedReason =
                "Spot's AWS China principals are not public and none are configured; pass --spot-china-platform-account and --spot-china-finops-accounts"
            return (plan, nil)
        }
        if payerLogin == .none {
            plan.blockedAt = .login
            plan.blockedReason = PayerLogin.noneReason
            return (plan, nil)
        }
        let template = StackTemplate(products: account.products, principals: principals)
        var outputs = [StackTemplate.spotRoleOutput]
        var roles = [StackTemplate.spotRoleName]
        if template.includesFinOpsRole {
            outputs.append(StackTemplate.finOpsRoleOutput)
            roles.append(StackTemplate.finOpsRoleName)
        }
        plan.stack = AccountPlan.StackPlan(
            name: settings.stackName, region: region, capabilities: ["CAPABILITY_NAMED_IAM"],
            templateFile: "templates/\(account.accountID).json", roles: roles, outputs: outputs,
            parameters: template.parameterNames)
        plan.spotCalls = spotCalls(for: account)
        return (plan, template)
    }

    private func spotCalls(for account: PayerAccount) -> [SpotCall] {
        var calls: [SpotCall] = []
        calls.append(SpotCall(
            step: .spotAccount, method: "GET", path: "/setup/account",
            purpose: "list the organization's Spot accounts once per run (a named, tagged or linked account is looked up there)"))
        if account.spotAccountID == nil {
            calls.append(SpotCall(
                step: .spotAccount, method: "POST", path: "/setup/account",
                purpose: "create the Spot account '\(account.organizationName)' when none is named, linked or tagged"))
        }
        let act = account.spotAccountID ?? "<act-id>"
        calls.append(SpotCall(
            step: .spotAccount, method: "GET", path: "/setup/credentials/aws?accountId=\(act)",
            purpose: "read the AWS credentials in force: a role onboard did not make is kept (no new external id, no new role) unless --replace-credentials"))
        calls.append(SpotCall(
            step: .spotAccount, method: "POST", path: "/setup/credentials/aws/externalId?accountId=\(act)",
            purpose: "get an external id, unless credentials are in force or onboard's stack already has one"))
        calls.append(SpotCall(
            step: .register, method: "POST", path: "/setup/credentials/aws?accountId=\(act)",
            purpose: "hand Spot the SpotRole ARN, unless credentials in force are kept (after the stack made or changed the role: wait, then retry any 400/403 within the propagation window)"))
        if account.products.contains(.cloudAnalyzer) {
            calls.append(SpotCall(
                step: .register, method: "GET", path: "/cloudBilling/v1/setup/account",
                purpose: "list the billing registrations once per run (one already there is kept)"))
            calls.append(SpotCall(
                step: .register, method: "POST", path: "/cloudBilling/v1/setup/account/validation",
                purpose: "validate the billing source (bucket, region, path prefix) with the role in force"))
            calls.append(SpotCall(
                step: .register, method: "POST", path: "/cloudBilling/v1/setup/account",
                purpose: "register the billing source, unless already registered"))
            calls.append(SpotCall(
                step: .register, method: "GET", path: "/cbi/v1/setup/account",
                purpose: "list the Cost Intelligence registrations once per run (one already there is kept)"))
            calls.append(SpotCall(
                step: .register, method: "POST", path: "/cbi/v1/setup/account/validation",
                purpose: "validate Cost Intelligence with the role in force"))
            calls.append(SpotCall(
                step: .register, method: "POST", path: "/cbi/v1/setup/account",
                purpose: "enable Cost Intelligence, unless already enabled"))
        }
        calls.append(SpotCall(
            step: .verify, method: "GET", path: "/setup/account?cloudAccountId=\(account.accountID)",
            purpose: "read back that Spot lists the account as connected to the payer"))
        return calls
    }
}
