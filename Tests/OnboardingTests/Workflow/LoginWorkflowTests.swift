import AWSKit
import HTTPCore
import Synchronization
import AccountList
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: partition and login")
struct LoginWorkflowTests {
    private static let chinaPrincipals = SpotPrincipals(platformAccountID: "210987654321", finOpsAccountIDs: ["210987654322"])

    @Test("the session assumed for an account is in the secret registry while it runs, and forgotten when it ends")
    func theSessionIsForgottenWhenTheAccountEnds() async throws {
        // A payer no other test uses: its session token is this test's alone.
        let payer = "210000000777"
        let harness = WorkflowHarness(.happy(payer: payer))
        let token = WorkflowWorld.sessionToken(for: payer)
        let seen = Mutex<[WorkflowStep: Bool]>([:])
        let result = await AccountWorkflow(services: harness.services()).run(
            WorkflowHarness.row(payer),
            observer: { record, _ in seen.withLock { $0[record.step] = SecretRegistry.shared.contains(token) } })
        #expect(result?.status == .connected)
        #expect(seen.withLock { $0[.login] } == true, "registered when AssumeRole answered")
        #expect(seen.withLock { $0[.verify] } == true, "kept while the account runs")
        #expect(!SecretRegistry.shared.contains(token), "forgotten once the result is made")
        #expect(SecretRegistry.shared.contains(WorkflowHarness.spotToken), "the Spot token, long-lived, stays")
    }

    @Test func noLoginMethodFailsBeforeAnyNetworkCall() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run(WorkflowHarness.row(login: .assumeRole(roleARN: nil, externalID: nil)))

        #expect(result.status == .failed)
        #expect(result.error?.step == .login)
        #expect(result.error?.code == .noLoginMethod)
        #expect(result.error?.rerunMayFix == false)
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func accessRoleNameIsAssumedInThePayer() async throws {
        var harness = WorkflowHarness()
        harness.settings.accessRoleName = "SpotOnboardingAccess"
        let result = try await harness.run(WorkflowHarness.row(login: .assumeRole(roleARN: nil, externalID: "partner-7421")))

        #expect(result.status == .connected)
        let assume = try #require(harness.transport.requests(CloudOperation.assumeRole).first)
        #expect(assume.formFields["RoleArn"] == "arn:aws:iam::123456789012:role/SpotOnboardingAccess")
        #expect(assume.formFields["ExternalId"] == "partner-7421")
    }

    @Test func chinaRowWithoutChinaOperatorCredentialsFailsWithoutSTS() async throws {
        var harness = WorkflowHarness()
        harness.settings.chinaPrincipals = Self.chinaPrincipals
        harness.chinaOperatorCredentials = nil
        let result = try await harness.run(WorkflowHarness.row(china: true))

        #expect(result.partition == .awsChina)
        #expect(result.error?.step == .login)
        #expect(result.error?.code == .noChinaCredentials)
        #expect(result.error?.rerunMayFix == false)
        #expect(result.step(.partition)?.status == .succeeded)
        #expect(harness.transport.count(CloudOperation.assumeRole) == 0)
        #expect(harness.transport.count(CloudOperation.getCallerIdentity) == 0)
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func chinaRowWithoutSpotChinaPrincipalsFailsAtPartition() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run(WorkflowHarness.row(china: true))

        #expect(result.error?.step == .partition)
        #expect(result.error?.code == .spotPrincipalsMissing)
        #expect(harness.transport.requests.isEmpty)
    }

    @Test func wrongAccountStopsBeforeOrganizations() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.payers[WorkflowHarness.payer]?.callerAccountID = "123456789099" }
        let result = try await harness.run()

        #expect(result.error?.step == .login)
        #expect(result.error?.code == .wrongAccount)
        #expect(result.error?.message.contains("123456789099") == true)
        #expect(harness.transport.count(CloudOperation.getCallerIdentity) == 1)
        #expect(harness.transport.count(CloudOperation.describeOrganization) == 0)
        #expect(harness.transport.count(CloudOperation.describeReportDefinitions) == 0)
    }

    @Test func memberAccountIsNotManagementAccount() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.payers[WorkflowHarness.payer]?.managementAccountID = "210987654321" }
        let result = try await harness.run()

        #expect(result.error?.step == .login)
        #expect(result.error?.code == .notManagementAccount)
        #expect(result.error?.message.contains("210987654321") == true)
        #expect(harness.transport.count(CloudOperation.describeOrganization) == 1)
        #expect(harness.transport.count(CloudOperation.describeReportDefinitions) == 0)
        #expect(!harness.transport.requests.contains { $0.request.isSpot })
    }

    @Test func accountInNoOrganization() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.payers[WorkflowHarness.payer]?.managementAccountID = nil }
        let result = try await harness.run()

        #expect(result.error?.code == .notInOrganization)
        #expect(harness.transport.count(CloudOperation.describeReportDefinitions) == 0)
    }

    @Test func refusedAssumeRoleKeepsAWSCodeWithAdvice() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.payers[WorkflowHarness.payer]?.allowsAssumeRole = false }
        let result = try await harness.run()

        #expect(result.error?.step == .login)
        #expect(result.error?.code == .service("AccessDenied"))
        #expect(result.error?.message.contains("trusts the operator's account") == true)
        #expect(harness.transport.count(CloudOperation.describeOrganization) == 0)
    }
}
