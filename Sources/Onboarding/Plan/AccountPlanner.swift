import AWSKit
import AccountList

/// Works out, without network, what the workflow will do for a payer account: endpoints, login,
/// CUR definition, each step's AWS and Spot calls (from the steps' declarations), and the
/// CloudFormation template to deploy.
public struct AccountPlanner: Sendable {
    /// Batch-wide settings (fixed: the workflows worked out under them are kept).
    public let settings: OnboardingSettings

    /// The workflows worked out so far, one per shape of account.
    private let workflows = PlannedWorkflows()

    public init(settings: OnboardingSettings) {
        self.settings = settings
    }

    /// The workflow of `account`'s shape, with placeholders for its own values: the same for
    /// every account that differs only in those (worked out once per shape).
    public func workflow(for account: PayerAccount) -> PlannedWorkflow {
        let generic = PlannedWorkflow.genericAccount(account, settings: settings)
        return workflows.workflow(of: generic) {
            let (plan, _) = concretePlan(for: generic)
            return PlannedWorkflow(
                generic: generic, partition: plan.partition, endpoints: plan.endpoints,
                declarations: Self.reached(WorkflowDeclaration.steps(for: generic, settings: settings), blockedAt: plan.blockedAt))
        }
    }

    /// The services the workflow calls, in the order the plan lists them.
    public static let services: [AWSService] = [.sts, .organizations, .s3, .costAndUsageReport, .cloudFormation, .iam]

    /// The template the account's stack is made from, without the rest of the plan: nil when
    /// the account is blocked before the stack (no complete Spot principals for its partition,
    /// no way to log in). The plan's template is this one.
    public func template(for account: PayerAccount) -> StackTemplate? {
        guard let principals = settings.principals(for: account.partition), principals.isComplete,
            PayerLogin.resolve(account, partition: account.partition, settings: settings) != .none
        else { return nil }
        return StackTemplate(products: account.products, principals: principals)
    }

    /// The file, relative to a run folder, of the template for an account of `partition` with
    /// `products`: `templates/<partition>_<products>.json`, the products without repetitions in
    /// their canonical order, joined by `_` (such as `templates/aws_cloud-analyzer_eco.json`).
    ///
    /// A template is made of its products and of Spot's principals for the partition, which are
    /// the same for every account of a batch: accounts with the same file have the same
    /// template, so a run folder holds one file per distinct template, not one per account.
    public static func templateFile(partition: Partition, products: [Product]) -> String {
        let names = Set(products).sorted().map(\.rawValue)
        return "templates/\(partition.rawValue)_\(names.isEmpty ? "none" : names.joined(separator: "_")).json"
    }

    /// The file of `account`'s template, relative to a run folder:
    /// ``templateFile(partition:products:)`` for its partition and products.
    public static func templateFile(for account: PayerAccount) -> String {
        templateFile(partition: account.partition, products: account.products)
    }

    /// The plan and, unless the account is blocked, the template it deploys.
    public func plan(for account: PayerAccount) -> (plan: AccountPlan, template: StackTemplate?) {
        var (plan, template) = concretePlan(for: account)
        plan.workflow = workflow(for: account)
        return (plan, template)
    }

    /// The plan with its own steps and calls, its ``AccountPlan/workflow`` left empty.
    private func concretePlan(for account: PayerAccount) -> (plan: AccountPlan, template: StackTemplate?) {
        let partition = account.partition
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
            costAndUsageReport: reportPlan, stack: nil, steps: [], awsCalls: [], spotCalls: [],
            manualPrerequisites: prerequisites, blockedAt: nil, blockedReason: nil, spotAccountID: account.spotAccountID,
            workflow: Self.emptyWorkflow)
        if settings.principals(for: partition)?.isComplete != true {
            plan.blockedAt = .partition
            plan.blockedReason = Self.missingChinaPrincipals
        } else if payerLogin == .none {
            plan.blockedAt = .login
            plan.blockedReason = PayerLogin.noneReason
        }
        let template = template(for: account)
        let declarations = Self.reached(WorkflowDeclaration.steps(for: account, settings: settings), blockedAt: plan.blockedAt)
        plan.steps = declarations.map { AccountPlan.StepPlan(step: $0.step, summary: $0.summary) }
        plan.awsCalls = declarations.flatMap(\.awsCalls)
        plan.spotCalls = declarations.flatMap(\.spotCalls)
        guard let template else { return (plan, nil) }
        var outputs = [StackTemplate.spotRoleOutput]
        var roles = [StackTemplate.spotRoleName]
        if template.includesFinOpsRole {
            outputs.append(StackTemplate.finOpsRoleOutput)
            roles.append(StackTemplate.finOpsRoleName)
        }
        plan.stack = AccountPlan.StackPlan(
            name: settings.stackName, region: region, capabilities: ["CAPABILITY_NAMED_IAM"],
            templateFile: Self.templateFile(partition: partition, products: template.products), roles: roles, outputs: outputs,
            parameters: template.parameterNames)
        return (plan, template)
    }

    /// The workflow of a plan before its own is worked out.
    private static let emptyWorkflow = PlannedWorkflow(
        generic: PlannedWorkflow.genericAccount(
            PayerAccount(
                line: 0, accountID: "", organizationName: "", isChina: false, login: .assumeRole(roleARN: nil, externalID: nil),
                products: [], costAndUsageReport: .init(bucket: "", reportName: "", prefix: "", isNamedInRow: false),
                spotAccountID: nil, spotProfile: "", billingAccessConfirmed: false),
            settings: OnboardingSettings()),
        partition: .aws, endpoints: [:], declarations: [])

    /// Why a China row without Spot's principals is blocked at `partition`.
    static let missingChinaPrincipals =
        "Spot's AWS China principals are not public and none are configured; pass --spot-china-platform-account and --spot-china-finops-accounts"

    /// The declarations of the steps an account reaches: all of them, or those up to the step
    /// it is blocked at.
    private static func reached(_ declarations: [StepDeclaration], blockedAt: WorkflowStep?) -> [StepDeclaration] {
        guard let blockedAt, let end = declarations.firstIndex(where: { $0.step == blockedAt }) else { return declarations }
        return Array(declarations[...end])
    }
}
