import AWSKit
import AccountList
import Onboarding
import TestSupport
import Testing

@Suite("Workflow: the cur step")
struct CostAndUsageReportWorkflowTests {
    private static let payer = WorkflowHarness.payer
    private static let billingView = "arn:aws:billing::123456789012:billingview/custom-2a4c6e8f"

    private static func stackParameters(_ harness: WorkflowHarness) -> [String: String] {
        let request = harness.transport.requests.last {
            $0.operation == CloudOperation.createStack || $0.operation == CloudOperation.updateStack
        }?.request
        let pairs = request?.formStructures("Parameters", key: "ParameterKey", value: "ParameterValue") ?? []
        return Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    @Test func compliantReportInAnotherBucketIsAdoptedEverywhere() async throws {
        let harness = WorkflowHarness()
        harness.world.update { state in
            state.payers[Self.payer]?.reports = [
                WorldFixtures.dailyReport("legacy-daily", bucket: "acme-legacy-reports"),
                WorldFixtures.compliantReport("finance-cur", bucket: "acme-billing-data", prefix: "billing"),
            ]
            state.buckets["acme-billing-data"] = WorldBucket(name: "acme-billing-data", owner: Self.payer)
        }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.costAndUsageReportAction == .adopted)
        #expect(result.outputs.costAndUsageReport?.reportName == "finance-cur")
        #expect(result.detail(.costAndUsageReport).contains("adopted the compliant report finance-cur"))
        let parameters = Self.stackParameters(harness)
        #expect(parameters["CostAndUsageReportBucket"] == "acme-billing-data")
        #expect(parameters["CostAndUsageReportPathPrefix"] == "billing/finance-cur")
        for operation in [CloudOperation.validateCloudBilling, CloudOperation.setupCloudBilling] {
            let request = try #require(harness.transport.requests(operation).first)
            #expect(request.jsonString("config", "billingSource", "bucket") == "acme-billing-data")
            #expect(request.jsonString("config", "billingSource", "pathPrefix") == "billing/finance-cur")
            #expect(request.jsonString("config", "billingSource", "region") == "us-east-1")
        }
        // Nothing made for a second delivery.
        #expect(harness.transport.count(CloudOperation.headBucket) == 0)
        #expect(harness.transport.count(CloudOperation.createBucket) == 0)
        #expect(harness.transport.count(CloudOperation.putBucketPolicy) == 0)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
        #expect(harness.world.snapshot.payers[Self.payer]?.reports.count == 2)
    }

    /// A row that names neither bucket nor report adopts a compliant report, whatever its bucket,
    /// also when it carries the default report name (a second one of that name cannot be made).
    @Test func compliantReportOfTheDefaultNameInAnotherBucketIsAdopted() async throws {
        let harness = WorkflowHarness()
        harness.world.update { state in
            state.payers[Self.payer]?.reports = [WorldFixtures.compliantReport("spot-cur-hourly", bucket: "acme-billing-data", prefix: "billing")]
            state.buckets["acme-billing-data"] = WorldBucket(name: "acme-billing-data", owner: Self.payer)
        }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.error == nil)
        #expect(result.outputs.costAndUsageReportAction == .adopted)
        #expect(result.outputs.costAndUsageReport?.s3Bucket == "acme-billing-data")
        let parameters = Self.stackParameters(harness)
        #expect(parameters["CostAndUsageReportBucket"] == "acme-billing-data")
        #expect(parameters["CostAndUsageReportPathPrefix"] == "billing/spot-cur-hourly")
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
        #expect(harness.transport.count(CloudOperation.createBucket) == 0)
    }

    @Test func reportNamedInTheRowIsCreatedEvenBesideACompliantOne() async throws {
        let harness = WorkflowHarness()
        harness.world.update { state in
            state.payers[Self.payer]?.reports = [WorldFixtures.compliantReport("finance-cur", bucket: "acme-billing-data", prefix: "billing")]
        }
        let result = try await harness.run(WorkflowHarness.row(reportName: "acme-spot-hourly"))

        #expect(result.status == .connected)
        #expect(result.outputs.costAndUsageReportAction == .created)
        let put = try #require(harness.transport.requests(CloudOperation.putReportDefinition).first)
        #expect(put.jsonString("ReportDefinition", "ReportName") == "acme-spot-hourly")
        #expect(put.jsonString("ReportDefinition", "S3Bucket") == "spot-cur-123456789012")
        #expect(Self.stackParameters(harness)["CostAndUsageReportPathPrefix"] == "cur/acme-spot-hourly")
    }

    @Test func proFormaReportIsNotAdoptedAndANewOneIsCreated() async throws {
        let harness = WorkflowHarness()
        harness.world.update { state in
            state.payers[Self.payer]?.reports = [
                WorldFixtures.compliantReport("billing-group-cur", bucket: "acme-billing-data", prefix: "billing", billingViewArn: Self.billingView)
            ]
        }
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.costAndUsageReportAction == .created)
        #expect(result.outputs.costAndUsageReport?.reportName == "spot-cur-hourly")
        #expect(result.detail(.costAndUsageReport).contains("pro-forma reports not adopted: billing-group-cur"))
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 1)
        #expect(Self.stackParameters(harness)["CostAndUsageReportBucket"] == "spot-cur-123456789012")
        let setup = try #require(harness.transport.requests(CloudOperation.setupCloudBilling).first)
        #expect(setup.jsonString("config", "billingSource", "bucket") == "spot-cur-123456789012")
    }

    @Test func namedProFormaReportIsNonCompliant() async throws {
        let harness = WorkflowHarness()
        harness.world.update { state in
            state.payers[Self.payer]?.reports = [
                WorldFixtures.compliantReport("billing-group-cur", bucket: "acme-billing-data", prefix: "billing", billingViewArn: Self.billingView)
            ]
        }
        let result = try await harness.run(
            WorkflowHarness.row(bucket: "acme-billing-data", reportName: "billing-group-cur", prefix: "billing"))

        #expect(result.error?.step == .costAndUsageReport)
        #expect(result.error?.code == .nonCompliantReport)
        #expect(result.error?.rerunMayFix == false)
        #expect(result.error?.message.contains("pro-forma") == true)
        #expect(harness.transport.count(CloudOperation.headBucket) == 0)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
        #expect(harness.transport.count(CloudOperation.modifyReportDefinition) == 0)
        #expect(!harness.transport.requests.contains { $0.request.isSpot })
    }

    @Test func fiveUnsuitableReportsReachTheLimit() async throws {
        let harness = WorkflowHarness()
        harness.world.update { state in
            state.payers[Self.payer]?.reports = (1...5).map { WorldFixtures.dailyReport("daily-\($0)", bucket: "acme-legacy-reports") }
        }
        let result = try await harness.run()

        #expect(result.error?.code == .reportLimitReached)
        #expect(harness.transport.count(CloudOperation.describeReportDefinitions) == 1)
        #expect(harness.transport.count(CloudOperation.headBucket) == 0)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 0)
    }

    @Test func putReportDefinitionWaitsForTheBucketPolicyToBeVerified() async throws {
        let harness = WorkflowHarness()
        harness.transport.enqueue(
            CloudOperation.putReportDefinition,
            AWSWire.jsonError(code: "ValidationException", message: "Failed to verify customer bucket permission."))
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.costAndUsageReportAction == .created)
        #expect(harness.transport.count(CloudOperation.putReportDefinition) == 2)
        #expect(harness.transport.requests(CloudOperation.putReportDefinition).map(\.bodyText).allSatisfy { $0.contains("spot-cur-hourly") })
        #expect(harness.clock.delays.first == 1)
        #expect(harness.world.snapshot.payers[Self.payer]?.reports.map(\.reportName) == ["spot-cur-hourly"])
    }
}
