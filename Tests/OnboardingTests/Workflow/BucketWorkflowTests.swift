import AWSKit
import AccountList
import Foundation
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: the bucket of a report to create")
struct BucketWorkflowTests {
    private static let payer = WorkflowHarness.payer
    private static let bucket = "spot-cur-123456789012"

    @Test func everyBucketCallNamesThePayerAsExpectedOwner() async throws {
        let harness = WorkflowHarness()
        let result = try await harness.run()

        #expect(result.status == .connected)
        for operation in [CloudOperation.headBucket, CloudOperation.getBucketPolicy, CloudOperation.putBucketPolicy] {
            let requests = harness.transport.requests(operation)
            #expect(requests.count == 1, "\(operation)")
            #expect(requests.allSatisfy { $0.header("x-amz-expected-bucket-owner") == Self.payer }, "\(operation)")
            #expect(requests.allSatisfy { $0.path == "/\(Self.bucket)" }, "\(operation)")
        }
        let create = try #require(harness.transport.requests(CloudOperation.createBucket).first)
        #expect(create.header("x-amz-expected-bucket-owner") == nil)
        #expect(create.body.isEmpty)  // us-east-1 takes no LocationConstraint
    }

    @Test func payersOwnBucketRefusingTheRoleIsAccessDenied() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.buckets[Self.bucket] = WorldBucket(name: Self.bucket, owner: Self.payer, refusesAccessRole: true) }
        let result = try await harness.run()

        #expect(result.error?.step == .costAndUsageReport)
        #expect(result.error?.code == .bucketAccessDenied)
        #expect(result.error?.rerunMayFix == false)
        let head = try #require(harness.transport.requests(CloudOperation.headBucket).first)
        #expect(head.header("x-amz-expected-bucket-owner") == Self.payer)
        let list = try #require(harness.transport.requests(CloudOperation.listBuckets).first)
        #expect(list.header("x-amz-expected-bucket-owner") == nil)
        #expect(harness.transport.count(CloudOperation.createBucket) == 0)
        #expect(harness.transport.count(CloudOperation.putBucketPolicy) == 0)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
    }

    @Test func anotherAccountsBucketIsNotUsed() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.buckets[Self.bucket] = WorldBucket(name: Self.bucket, owner: "777788889999") }
        let result = try await harness.run()

        #expect(result.error?.code == .bucketOwnedByAnotherAccount)
        #expect(harness.transport.count(CloudOperation.headBucket) == 1)
        #expect(harness.transport.count(CloudOperation.listBuckets) == 1)
        #expect(harness.transport.count(CloudOperation.createBucket) == 0)
        #expect(harness.transport.count(CloudOperation.getBucketPolicy) == 0)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
    }

    @Test func nameTakenAtCreationIsAnotherAccounts() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.buckets[Self.bucket] = WorldBucket(name: Self.bucket, owner: "777788889999") }
        // The name was free when looked at, and taken by the time it was created.
        harness.transport.enqueue(CloudOperation.headBucket, AWSWire.s3Error(status: 404, code: "NotFound", message: "", head: true))
        let result = try await harness.run()

        #expect(result.error?.code == .bucketOwnedByAnotherAccount)
        #expect(harness.transport.count(CloudOperation.createBucket) == 1)
        #expect(harness.transport.count(CloudOperation.putBucketPolicy) == 0)
    }

    @Test func bucketInAnotherRegionIsRefused() async throws {
        let harness = WorkflowHarness()
        harness.world.update { $0.buckets[Self.bucket] = WorldBucket(name: Self.bucket, owner: Self.payer, region: "eu-west-1") }
        let result = try await harness.run()

        #expect(result.error?.code == .bucketInWrongRegion)
        #expect(result.error?.message.contains("eu-west-1") == true)
        let location = try #require(harness.transport.requests(CloudOperation.getBucketLocation).first)
        #expect(location.header("x-amz-expected-bucket-owner") == Self.payer)
        #expect(harness.transport.count(CloudOperation.putBucketPolicy) == 0)
    }

    @Test func unreadablePolicyIsLeftAlone() async throws {
        let harness = WorkflowHarness()
        harness.world.update {
            $0.buckets[Self.bucket] = WorldBucket(name: Self.bucket, owner: Self.payer, policy: "Version=2012-10-17; Allow everything")
        }
        let result = try await harness.run()

        #expect(result.error?.step == .costAndUsageReport)
        #expect(result.error?.code == .bucketPolicyUnreadable)
        #expect(harness.transport.count(CloudOperation.getBucketPolicy) == 1)
        #expect(harness.transport.count(CloudOperation.putBucketPolicy) == 0)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
        #expect(harness.world.snapshot.buckets[Self.bucket]?.policy == "Version=2012-10-17; Allow everything")
    }

    @Test func existingPolicyIsMergedInto() async throws {
        let harness = WorkflowHarness()
        let existing = #"{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::spot-cur-123456789012","arn:aws:s3:::spot-cur-123456789012/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}"#
        harness.world.update { $0.buckets[Self.bucket] = WorldBucket(name: Self.bucket, owner: Self.payer, policy: existing) }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.detail(.costAndUsageReport).contains("billing reports statement added to its policy"))
        let put = try #require(harness.transport.requests(CloudOperation.putBucketPolicy).first)
        let policy = try #require(put.jsonObject)
        let sids = (policy["Statement"] as? [[String: Any]])?.compactMap { $0["Sid"] as? String }
        #expect(sids == ["DenyInsecureTransport", "SpotOnboardingBillingReports"])
        #expect(harness.transport.count(CloudOperation.createBucket) == 0)
    }

    @Test func policyAlreadyLettingBillingReportsDeliverIsNotPut() async throws {
        let harness = WorkflowHarness()
        let existing = #"{"Version":"2012-10-17","Statement":[{"Sid":"SpotOnboardingBillingReports","Effect":"Allow","Principal":{"Service":"billingreports.amazonaws.com"},"Action":["s3:GetBucketAcl","s3:GetBucketPolicy","s3:PutObject"],"Resource":["arn:aws:s3:::spot-cur-123456789012","arn:aws:s3:::spot-cur-123456789012/*"]}]}"#
        harness.world.update { $0.buckets[Self.bucket] = WorldBucket(name: Self.bucket, owner: Self.payer, policy: existing) }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(harness.transport.count(CloudOperation.putBucketPolicy) == 0)
        #expect(result.detail(.costAndUsageReport).contains("policy already lets billing reports deliver"))
    }
}
