import AWSKit
import AccountList
import Foundation
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: a payer in AWS China")
struct ChinaWorkflowTests {
    @Test func chinaRowConnectsInItsOwnPartition() async throws {
        var harness = WorkflowHarness()
        harness.settings.chinaPrincipals = SpotPrincipals(platformAccountID: "210987654321", finOpsAccountIDs: ["210987654322"])
        harness.chinaOperatorCredentials = StaticCredentialProvider(
            AWSCredentials(accessKeyID: WorkflowWorld.operatorAccessKeyID, secretAccessKey: WorkflowWorld.fakeSecret))
        let result = try await harness.run(WorkflowHarness.row(china: true))

        #expect(result.status == .connected)
        #expect(result.partition == .awsChina)
        let assume = try #require(harness.transport.requests(CloudOperation.assumeRole).first)
        #expect(assume.host == "sts.cn-northwest-1.amazonaws.com.cn")
        #expect(assume.formFields["RoleArn"] == "arn:aws-cn:iam::123456789012:role/OnboardAccess")
        #expect(harness.transport.requests(CloudOperation.describeReportDefinitions).first?.host == "cur.cn-northwest-1.amazonaws.com.cn")
        // Buckets outside us-east-1 need a LocationConstraint.
        let create = try #require(harness.transport.requests(CloudOperation.createBucket).first)
        #expect(create.bodyText.contains("<LocationConstraint>cn-northwest-1</LocationConstraint>"))
        #expect(harness.world.snapshot.buckets["spot-cur-123456789012"]?.region == "cn-northwest-1")
        let policy = try #require(harness.transport.requests(CloudOperation.putBucketPolicy).first?.bodyText)
            .replacingOccurrences(of: "\\/", with: "/")
        #expect(policy.contains("arn:aws-cn:cur:cn-northwest-1:123456789012:definition/*"))
        #expect(result.outputs.spotRoleARN == "arn:aws-cn:iam::123456789012:role/SpotOnboardingRole")
        let setup = try #require(harness.transport.requests(CloudOperation.setupCloudBilling).first)
        #expect(setup.jsonString("config", "billingSource", "region") == "cn-northwest-1")
        #expect(harness.transport.requests(CloudOperation.createStack).first?.host == "cloudformation.cn-northwest-1.amazonaws.com.cn")
    }
}
