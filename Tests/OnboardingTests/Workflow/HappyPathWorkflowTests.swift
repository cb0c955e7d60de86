import AWSKit
import AccountList
import Foundation
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: a payer connected end to end (scripted AWS and Spot)")
struct HappyPathWorkflowTests {
    @Test func connectsWithEveryCallInOrder() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.error == nil)
        #expect(result.steps.map(\.step) == WorkflowStep.onboarding)
        #expect(result.steps.allSatisfy { $0.status == .succeeded })
        #expect(harness.transport.operations == [
            CloudOperation.assumeRole, CloudOperation.getCallerIdentity, CloudOperation.describeOrganization,
            CloudOperation.describeReportDefinitions, CloudOperation.headBucket, CloudOperation.createBucket,
            CloudOperation.getBucketPolicy, CloudOperation.putBucketPolicy, CloudOperation.putReportDefinition,
            // The payer's Spot account by cloud account id, then the organization's listing
            // (what existed before CreateAccount, should its answer be lost).
            CloudOperation.describeStacks, CloudOperation.listAccounts, CloudOperation.listAccounts,
            CloudOperation.createAccount, CloudOperation.createExternalID,
            CloudOperation.describeStacks, CloudOperation.createStack, CloudOperation.describeStacks, CloudOperation.describeStacks,
            CloudOperation.setAWSCredentials,
            CloudOperation.listCloudBilling, CloudOperation.validateCloudBilling, CloudOperation.setupCloudBilling,
            CloudOperation.listCostIntelligence, CloudOperation.validateCostIntelligence, CloudOperation.setupCostIntelligence,
            CloudOperation.listAccounts,
        ])
        // The waits: one look at the stack in progress, then IAM propagation before the handover.
        #expect(harness.clock.delays == [harness.timings.stackPollInitial, harness.timings.propagationFirstWait])
    }

    @Test func outputsNameWhatWasMadeAndHandedToSpot() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run()
        let world = harness.world.snapshot
        let spotAccount = try #require(world.spotAccounts.first)
        let externalID = try #require(spotAccount.externalIDs.last)

        let outputs = result.outputs
        #expect(outputs.spotAccountID == spotAccount.id)
        #expect(outputs.spotAccountSource == .created)
        #expect(outputs.credentialsAction == .link)
        #expect(outputs.externalID == externalID)
        #expect(outputs.costAndUsageReportAction == .created)
        #expect(outputs.costAndUsageReport?.reportName == "spot-cur-hourly")
        #expect(outputs.stackAction == .created)
        #expect(outputs.spotRoleARN == WorldFixtures.onboardRole())
        #expect(outputs.registeredProducts == ["cloudBilling", "cbi"])
        #expect(outputs.dataStatus == .pending)
        let connectedAt = try #require(outputs.connectedAt)
        #expect(outputs.dataExpectedBy == connectedAt.addingTimeInterval(harness.timings.dataExpectedAfter))

        // What Spot and AWS now hold.
        #expect(spotAccount.name == "Acme Corp")
        #expect(spotAccount.iamRole == WorldFixtures.onboardRole())
        #expect(spotAccount.linkedAWSAccount == WorkflowHarness.payer)
        #expect(world.billingRegistered == [spotAccount.id])
        #expect(world.costIntelligenceRegistered == [spotAccount.id])
        #expect(world.buckets["spot-cur-123456789012"]?.owner == WorkflowHarness.payer)
        #expect(world.payers[WorkflowHarness.payer]?.reports.map(\.reportName) == ["spot-cur-hourly"])
        #expect(world.payers[WorkflowHarness.payer]?.stack?.status == .createComplete)
    }

    @Test func requestsCarryTheSettledValues() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run()
        let spotAccount = try #require(result.outputs.spotAccountID)
        let externalID = try #require(result.outputs.externalID)

        let create = try #require(harness.transport.requests(CloudOperation.createStack).first)
        let parameters = Dictionary(uniqueKeysWithValues: create.formStructures("Parameters", key: "ParameterKey", value: "ParameterValue").map { ($0.key, $0.value) })
        #expect(parameters == [
            "ExternalId": externalID, "CostAndUsageReportBucket": "spot-cur-123456789012",
            "CostAndUsageReportPathPrefix": "cur/spot-cur-hourly",
        ])
        #expect(create.formList("Capabilities") == ["CAPABILITY_NAMED_IAM"])
        #expect(create.formFields["StackName"] == "spot-onboarding")
        #expect(create.formFields["ClientRequestToken"]?.isEmpty == false)
        let tags = create.formStructures("Tags", key: "Key", value: "Value")
        #expect(tags.map(\.key) == ["managed-by", "spot-account"])
        #expect(tags.map(\.value) == ["onboard", spotAccount])

        let handover = try #require(harness.transport.requests(CloudOperation.setAWSCredentials).first)
        #expect(handover.query["accountId"] == spotAccount)
        #expect(handover.jsonString("credentials", "iamRole") == WorldFixtures.onboardRole())

        for operation in [CloudOperation.validateCloudBilling, CloudOperation.setupCloudBilling] {
            let request = try #require(harness.transport.requests(operation).first)
            #expect(request.jsonString("accountId") == spotAccount)
            #expect(request.jsonString("config", "billingSource", "bucket") == "spot-cur-123456789012")
            #expect(request.jsonString("config", "billingSource", "region") == "us-east-1")
            #expect(request.jsonString("config", "billingSource", "pathPrefix") == "cur/spot-cur-hourly")
        }
        let assume = try #require(harness.transport.requests(CloudOperation.assumeRole).first)
        #expect(assume.formFields["RoleArn"] == WorkflowHarness.accessRole)
        #expect(assume.signingScope?.accessKeyID == WorkflowWorld.operatorAccessKeyID)
        // Every call after login is made with the payer's assumed credentials.
        let payerKey = WorkflowWorld.accessKeyID(for: WorkflowHarness.payer)
        #expect(harness.transport.requests.filter { !$0.request.isSpot && $0.operation != CloudOperation.assumeRole }
            .allSatisfy { $0.request.signingScope?.accessKeyID == payerKey })
        // The policy put lets billing reports deliver, conditioned on the payer's definitions.
        let policy = try #require(harness.transport.requests(CloudOperation.putBucketPolicy).first?.bodyText)
            .replacingOccurrences(of: "\\/", with: "/")
        #expect(policy.contains("billingreports.amazonaws.com"))
        #expect(policy.contains("arn:aws:cur:us-east-1:123456789012:definition/*"))
    }

    @Test func aSecondRunConvergesWithoutDuplicates() async throws {
        let harness = WorkflowHarness()
        let first = try await harness.run()
        harness.transport.clearRequests()
        let second = try await harness.run()

        #expect(first.status == .connected)
        #expect(second.status == .connected)
        #expect(second.outputs.spotAccountID == first.outputs.spotAccountID)
        let world = harness.world.snapshot
        #expect(world.spotAccounts.count == 1)
        #expect(world.payers[WorkflowHarness.payer]?.reports.count == 1)
        #expect(harness.transport.count(CloudOperation.createAccount) == 0)
        #expect(harness.transport.count(CloudOperation.createBucket) == 0)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
        #expect(harness.transport.count(CloudOperation.createStack) == 0)
        #expect(harness.transport.count(CloudOperation.createExternalID) == 0)
        #expect(harness.transport.count(CloudOperation.setAWSCredentials) == 0)
        #expect(harness.transport.count(CloudOperation.setupCloudBilling) == 0)
        #expect(second.outputs.credentialsAction == .keepOnboardRole)
        #expect(second.outputs.externalID == first.outputs.externalID)
    }
}
