import AWSKit
import Foundation
import TestSupport
import Testing

/// The sandbox's Cost and Usage Report API (JSON 1.1), through AWSKit's client and through
/// boto3 and the AWS CLI (Conformance/boto3_cur_check.py).
@Suite("CUR API")
struct CURTests {
    @Test("CostAndUsageReportClient: bucket checks, put, describe, duplicate, modify, delete, per-account isolation")
    func awsKitClient() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let cur = cloud.costAndUsageReports()
        let bucket = FreshNames.bucketName("cur", prefix: "lc-test")
        let definition = LocalCloud.athenaDefinition(name: "spot-cur-hourly", bucket: bucket)

        // No bucket yet.
        let noBucket = await awsError { try await cur.putReportDefinition(definition, credentials: credentials) }
        #expect(noBucket?.code == "ValidationException")
        #expect(noBucket?.httpStatus == 400)

        // A bucket without the billing policy.
        try await cloud.createBucket(bucket, allowBillingReports: false, credentials: credentials)
        let noPolicy = await awsError { try await cur.putReportDefinition(definition, credentials: credentials) }
        #expect(noPolicy?.code == "ValidationException")
        #expect(noPolicy?.message.contains("bucket permission") == true, "\(String(describing: noPolicy))")

        // With the policy.
        let other = FreshNames.bucketName("cur", prefix: "lc-test")
        try await cloud.createBucket(other, allowBillingReports: true, credentials: credentials)
        var good = definition
        good.s3Bucket = other
        try await cur.putReportDefinition(good, credentials: credentials)
        let described = try await cur.describeReportDefinitions(credentials: credentials)
        #expect(described == [good])

        let duplicate = await awsError { try await cur.putReportDefinition(good, credentials: credentials) }
        #expect(duplicate?.code == "DuplicateReportNameException")

        var athenaCSV = good
        athenaCSV.reportName = "athena-csv"
        athenaCSV.format = .textOrCSV
        athenaCSV.compression = .gzip
        let refused = await awsError { try await cur.putReportDefinition(athenaCSV, credentials: credentials) }
        #expect(refused?.code == "ValidationException")

        var modified = good
        modified.s3Prefix = "cur-v2"
        try await cur.modifyReportDefinition(name: good.reportName, definition: modified, credentials: credentials)
        #expect(try await cur.describeReportDefinitions(credentials: credentials).map(\.s3Prefix) == ["cur-v2"])

        // Another account sees none of it.
        let stranger = try await cloud.credentials(in: FreshNames.accountID())
        #expect(try await cur.describeReportDefinitions(credentials: stranger).isEmpty)

        try await cur.deleteReportDefinition(name: good.reportName, credentials: credentials)
        #expect(try await cur.describeReportDefinitions(credentials: credentials).isEmpty)
        let missing = await awsError { try await cur.deleteReportDefinition(name: good.reportName, credentials: credentials) }
        #expect(missing?.code == "ValidationException")
    }

    @Test("CostAndUsageReportClient pages through more than one page of definitions")
    func paging() async throws {
        let cloud = try LocalCloud.current()
        let credentials = try await cloud.credentials(in: FreshNames.accountID())
        let cur = cloud.costAndUsageReports()
        let bucket = FreshNames.bucketName("cur", prefix: "lc-test")
        try await cloud.createBucket(bucket, allowBillingReports: true, credentials: credentials)

        let names = (1...5).map { "report-\($0)" }
        for name in names {
            try await cur.putReportDefinition(LocalCloud.athenaDefinition(name: name, bucket: bucket), credentials: credentials)
        }
        let sixth = await awsError {
            try await cur.putReportDefinition(LocalCloud.athenaDefinition(name: "report-6", bucket: bucket), credentials: credentials)
        }
        #expect(sixth?.code == "ReportLimitReachedException")
        #expect(try await cur.describeReportDefinitions(credentials: credentials).map(\.reportName) == names)
    }

    @Test("The CUR API is served in us-east-1 and cn-northwest-1 only")
    func regions() async throws {
        let cloud = try LocalCloud.current()
        let credentials = try await cloud.credentials(in: FreshNames.accountID())
        func client(_ region: String) -> CostAndUsageReportClient {
            CostAndUsageReportClient(
                client: cloud.client(),
                endpoint: ServiceEndpoint(url: cloud.awsEndpointURL, signingRegion: region, signingName: "cur", isCustom: true))
        }

        let elsewhere = await awsError { _ = try await client("eu-west-1").describeReportDefinitions(credentials: credentials) }
        #expect(elsewhere?.httpStatus == 400)
        #expect(elsewhere?.code == "UnrecognizedClientException")

        #expect(try await client("us-east-1").describeReportDefinitions(credentials: credentials).isEmpty)
        // aws-cn needs credentials of aws-cn (a key of aws is unknown there).
        let awsKey = await awsError { _ = try await client("cn-northwest-1").describeReportDefinitions(credentials: credentials) }
        #expect(awsKey?.code == "UnrecognizedClientException")
        let china = try await cloud.chinaCredentials(in: FreshNames.accountID())
        #expect(try await client("cn-northwest-1").describeReportDefinitions(credentials: china).isEmpty)
    }

    @Test("boto3 and the AWS CLI against the sandbox's CUR API (Conformance/boto3_cur_check.py)")
    func boto3() async throws {
        let cloud = try LocalCloud.current()
        let script = try #require(
            Bundle.module.url(forResource: "boto3_cur_check", withExtension: "py", subdirectory: "Conformance"),
            "Conformance/boto3_cur_check.py is not in the test bundle")
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_ENDPOINT_URL"] = cloud.awsEndpointURL

        let run = try await ChildProcess.run("python3", [script.path], environment: environment, timeout: 180)

        #expect(run.status == 0, "python3 \(script.path) exited \(run.status):\n\(run.description)")
        let lastLine = run.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        let results = JSON(parsing: Array(lastLine.utf8))
        try #require(results.exists, "no JSON on the last line of the output:\n\(run.description)")
        #expect(results["ok"].value as? Bool == true, "\(results)")
        #expect(results["account"].string?.count == 12)
        #expect(results["missing_bucket"].string == "ValidationException")
        #expect(results["bucket_without_policy"].string == "ValidationException")
        #expect(results["put"].string == "ok")
        #expect(results["duplicate"].string == "DuplicateReportNameException")
        #expect(results["athena_textORcsv"].string == "ValidationException")
        #expect(results["sixth"].string == "ReportLimitReachedException")
        #expect(results["tags_of_missing_report"].string == "ResourceNotFoundException")
        #expect(results["paginated"].array?.compactMap(\.string) == (1...5).map { "boto3-report-\($0)" })
        #expect(results["eu-west-1"].string == "UnrecognizedClientException")
        #expect(results["cn-northwest-1"].string == "UnrecognizedClientException")
        #expect(results["cn-northwest-1-china"].string == "ok")
        #expect(results["awscli"].array?.compactMap(\.string) == (1...5).map { "boto3-report-\($0)" })
    }
}
