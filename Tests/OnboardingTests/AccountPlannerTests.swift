import AWSKit
import AccountList
import Testing

@testable import Onboarding

@Suite("Account plans (no network)")
struct AccountPlannerTests {
    private func account(
        _ id: String = "111111111111", china: Bool = false, products: [Product] = [.cloudAnalyzer],
        login: PayerAccount.Login = .assumeRole(roleARN: nil, externalID: nil), bucket: String? = nil,
        spotAccountID: String? = nil, confirmed: Bool = true
    ) -> PayerAccount {
        PayerAccount(
            line: 7, accountID: id, organizationName: "Acme", isChina: china, login: login, products: products,
            costAndUsageReport: .init(
                bucket: bucket ?? "spot-cur-\(id)", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: bucket != nil),
            spotAccountID: spotAccountID, spotProfile: "default", billingAccessConfirmed: confirmed)
    }

    /// Settings with an access role (there is no default one).
    private var withRole: OnboardingSettings {
        var settings = OnboardingSettings()
        settings.accessRoleName = "OnboardAccess"
        return settings
    }

    @Test func commercialAccountWithDefaults() throws {
        var settings = withRole
        settings.stackName = "spot-finops"
        let (plan, template) = AccountPlanner(settings: settings).plan(for: account())
        let stack = try #require(plan.stack)
        #expect(plan.partition == .aws)
        #expect(plan.blockedAt == nil)
        #expect(plan.login == .init(method: "assume-role", target: "arn:aws:iam::111111111111:role/OnboardAccess", usesExternalID: false))
        #expect(stack.name == "spot-finops")
        #expect(stack.region == "us-east-1")
        // Cloud Analyzer's policies (Billing Engine, Cost Intelligence) sit on the platform role.
        #expect(stack.roles == ["SpotOnboardingRole"])
        #expect(stack.outputs == ["SpotRoleArn"])
        #expect(stack.parameters == ["ExternalId", "CostAndUsageReportBucket", "CostAndUsageReportPathPrefix"])
        #expect(plan.costAndUsageReport.strategy == "adopt-any-compliant-or-create")
        #expect(plan.costAndUsageReport.pathPrefix == "cur/spot-cur-hourly")
        #expect(plan.costAndUsageReport.definition.complianceProblems.isEmpty)
        #expect(plan.manualPrerequisites.isEmpty)
        #expect(plan.endpoints["cur"]?.url == "https://cur.us-east-1.amazonaws.com")
        #expect(template?.includesFinOpsRole == false)
        #expect(plan.costAndUsageReport.decidedAtRunTime.contains("never a pro-forma one"))
        #expect(plan.spotCalls.map(\.path).contains("/cloudBilling/v1/setup/account/validation"))
        #expect(plan.spotCalls.map(\.path).contains("/cbi/v1/setup/account/validation"), "the Cost Intelligence validation is planned")
        #expect(plan.spotCalls.map(\.path).contains("/setup/credentials/aws?accountId=<act-id>"), "credentials in force are read")
        #expect(plan.spotCalls.last?.path == "/setup/account?cloudAccountId=111111111111")
        #expect(plan.steps.map(\.step) == WorkflowStep.onboarding)
        let aws = plan.awsCalls.map { "\($0.step.rawValue) \($0.name)" }
        #expect(aws.starts(with: ["login sts AssumeRole", "login sts GetCallerIdentity", "login organizations DescribeOrganization",
                                  "cur cur DescribeReportDefinitions"]))
        #expect(aws.contains("spot-account cloudformation DescribeStacks"), "onboard's stack is read before the Spot account")
        #expect(aws.contains("stack cloudformation CreateStack"))
        #expect(!aws.contains { $0.contains(" iam ") }, "the stack makes the roles: onboard calls no IAM API")
        // The Spot account connected to the payer is looked for before the organization's listing.
        let spotAccount = plan.spotCalls.filter { $0.step == .spotAccount }
        #expect(spotAccount.first?.path == "/setup/account?cloudAccountId=111111111111")
        #expect(spotAccount.first?.condition == .always)
        #expect(spotAccount.first { $0.method == .post && $0.path == "/setup/account" }?.condition.isConditional == true)
    }

    @Test func whatDependsOnTheRunIsConditional() throws {
        let (plan, _) = AccountPlanner(settings: withRole).plan(for: account())
        func condition(_ step: WorkflowStep, _ operation: AWSOperation) -> CallCondition? {
            plan.awsCalls.first { $0.step == step && $0.operation == operation }?.condition
        }
        #expect(condition(.login, .assumeRole) == .always)
        #expect(condition(.costAndUsageReport, .describeReportDefinitions) == .always)
        #expect(condition(.costAndUsageReport, .createBucket)?.isConditional == true)
        #expect(condition(.costAndUsageReport, .putReportDefinition)?.condition == "no compliant report exists to adopt")
        // Without --replace-credentials a customer's role in force is kept, and no stack deployed.
        #expect(condition(.stack, .describeStacks)?.isConditional == true)
        var replacing = withRole
        replacing.replaceCredentials = true
        let replaced = AccountPlanner(settings: replacing).plan(for: account()).plan
        #expect(replaced.awsCalls.first { $0.step == .stack && $0.operation == .describeStacks }?.condition == .always)
        // A Spot account named in the row: its listing and credentials are always read.
        let named = AccountPlanner(settings: withRole).plan(for: account(spotAccountID: "act-1a2b3c4d")).plan
        #expect(named.spotCalls.filter { $0.step == .spotAccount }.map(\.path) == [
            "/setup/account", "/setup/credentials/aws?accountId=act-1a2b3c4d",
            "/setup/credentials/aws/externalId?accountId=act-1a2b3c4d",
        ])
        #expect(named.spotCalls.filter { $0.step == .spotAccount }.map(\.condition.isConditional) == [false, false, true])
    }

    @Test func aBlockedAccountPlansTheStepsUpToTheBlockAndNoCalls() {
        let partition = AccountPlanner(settings: withRole).plan(for: account(china: true)).plan
        #expect(partition.steps.map(\.step) == [.input, .partition])
        #expect(partition.steps.last?.summary.hasPrefix("blocked: ") == true)
        #expect(partition.awsCalls.isEmpty && partition.spotCalls.isEmpty)
        let login = AccountPlanner(settings: OnboardingSettings()).plan(for: account()).plan
        #expect(login.steps.map(\.step) == [.input, .partition, .login])
        #expect(login.awsCalls.isEmpty && login.spotCalls.isEmpty)
    }

    @Test func elastigroupOnlyHasNoFinOpsRoleNorBillingCalls() throws {
        let (plan, template) = AccountPlanner(settings: withRole).plan(
            for: account(products: [.elastigroup], spotAccountID: "act-1a2b3c4d"))
        #expect(plan.stack?.roles == ["SpotOnboardingRole"])
        #expect(template?.includesFinOpsRole == false)
        #expect(!plan.spotCalls.contains { $0.path.hasPrefix("/cloudBilling") || $0.path.hasPrefix("/cbi") })
        #expect(!plan.spotCalls.contains { $0.method == .post && $0.path == "/setup/account" }, "an existing Spot account is not created again")
        #expect(plan.spotCalls.contains { $0.path == "/setup/credentials/aws?accountId=act-1a2b3c4d" })
    }

    @Test func chinaNeedsConfiguredPrincipals() throws {
        let blocked = AccountPlanner(settings: withRole).plan(for: account("222222222222", china: true))
        #expect(blocked.plan.blockedAt == .partition)
        #expect(blocked.template == nil)
        #expect(blocked.plan.stack == nil)

        var settings = withRole
        settings.chinaPrincipals = SpotPrincipals(platformAccountID: "000000000001", finOpsAccountIDs: [])
        #expect(AccountPlanner(settings: settings).plan(for: account(china: true)).plan.blockedAt == .partition,
                "principals without FinOps accounts are incomplete")

        settings.chinaPrincipals = SpotPrincipals(platformAccountID: "000000000001", finOpsAccountIDs: ["000000000002"])
        let (plan, template) = AccountPlanner(settings: settings).plan(for: account("222222222222", china: true))
        #expect(plan.blockedAt == nil)
        #expect(plan.partition == .awsChina)
        #expect(plan.stack?.region == "cn-northwest-1")
        #expect(plan.costAndUsageReport.definition.s3Region == "cn-northwest-1")
        #expect(plan.login.target == "arn:aws-cn:iam::222222222222:role/OnboardAccess")
        #expect(plan.endpoints["iam"]?.signingRegion == "cn-north-1")
        #expect(template?.principals.platformAccountID == "000000000001")
    }

    @Test func namedReportProfileLoginAndOpenPrerequisite() {
        let (plan, _) = AccountPlanner(settings: OnboardingSettings()).plan(
            for: account(login: .profile("payer-1"), bucket: "acme-cur", confirmed: false))
        #expect(plan.login == .init(method: "profile", target: "payer-1", usesExternalID: false))
        #expect(plan.costAndUsageReport.strategy == "adopt-or-create-named")
        #expect(plan.costAndUsageReport.definition.s3Bucket == "acme-cur")
        #expect(plan.manualPrerequisites.count == 1)
    }

    @Test func ecoGetsTheFinOpsRole() {
        let (plan, template) = AccountPlanner(settings: withRole).plan(for: account(products: [.cloudAnalyzer, .eco]))
        #expect(plan.stack?.roles == ["SpotOnboardingRole", "SpotOnboardingFinOpsRole"])
        #expect(plan.stack?.outputs == ["SpotRoleArn", "SpotFinOpsRoleArn"])
        #expect(template?.includesFinOpsRole == true)
    }

    @Test func noLoginMethodIsBlockedAtLoginBeforeAnyNetworkCall() {
        let (plan, template) = AccountPlanner(settings: OnboardingSettings()).plan(for: account())
        #expect(plan.blockedAt == .login)
        #expect(plan.blockedReason == PayerLogin.noneReason)
        #expect(template == nil)
        // A row's own role or profile needs no option.
        let own = AccountPlanner(settings: OnboardingSettings()).plan(
            for: account(login: .assumeRole(roleARN: "arn:aws:iam::111111111111:role/Mine", externalID: nil)))
        #expect(own.plan.blockedAt == nil)
        #expect(own.plan.login.target == "arn:aws:iam::111111111111:role/Mine")
    }

    @Test func aProFormaReportIsNotCompliant() {
        var definition = ReportDefinition.spotCompliant(reportName: "r", bucket: "b", prefix: "p", region: "us-east-1")
        definition.billingViewArn = "arn:aws:billing::111111111111:billingview/billing-group-123456789012"
        #expect(definition.complianceProblems.count == 1)
        #expect(definition.complianceProblems.first?.contains("pro-forma") == true)
    }

    @Test func endpointOverridesReachThePlan() {
        var settings = withRole
        settings.endpoints = EndpointResolver(environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:5000"])
        let (plan, _) = AccountPlanner(settings: settings).plan(for: account())
        #expect(plan.endpoints.values.allSatisfy { $0.url == "http://127.0.0.1:5000" && $0.isCustom })
    }

    @Test func complianceNamesEveryGap() {
        var definition = ReportDefinition.spotCompliant(reportName: "r", bucket: "b", prefix: "p", region: "us-east-1")
        #expect(definition.complianceProblems.isEmpty)
        definition.timeUnit = .daily
        definition.additionalSchemaElements = []
        definition.format = .textOrCSV
        definition.compression = .gzip
        definition.additionalArtifacts = [.redshift, .quickSight]
        definition.refreshClosedReports = false
        definition.reportVersioning = .createNewReport
        definition.s3Prefix = ""
        #expect(definition.complianceProblems == [
            "time unit is DAILY, Spot needs HOURLY",
            "resource ids are not included (RESOURCES)",
            "format is textORcsv/GZIP, Spot needs Parquet/Parquet",
            "artifacts are REDSHIFT,QUICKSIGHT, Spot needs ATHENA only",
            "data refresh (RefreshClosedReports) is off",
            "versioning is CREATE_NEW_REPORT, Spot needs OVERWRITE_REPORT",
            "the S3 prefix is empty",
        ])
    }
}
