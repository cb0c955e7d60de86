import AWSKit
import Foundation
import HTTPCore
import Testing

/// `CostAndUsageReportClient` against ``FaultServer`` (moto has no CUR API): the JSON 1.1
/// requests it sends (target, body with the model's member names), paging over
/// DescribeReportDefinitions, and the model's error codes.
@Suite("Cost and Usage Report client")
struct CostAndUsageReportClientTests {
    static let transport = AsyncHTTPClientTransport()
    /// The SigV4 test suite's example key: obviously fake.
    static let credentials = StaticCredentialProvider(
        AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"))

    /// A client on `server`, signed as the CUR endpoint of `partition`, one attempt per call.
    static func client(_ server: FaultServer, partition: Partition = .aws) -> CostAndUsageReportClient {
        CostAndUsageReportClient(
            client: AWSClient(
                configuration: AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: 1), requestTimeout: 5),
                transport: transport),
            endpoint: EndpointResolver(commandLineOverride: server.baseURL)
                .endpoint(for: .costAndUsageReport, partition: partition, region: "eu-west-1"))
    }

    /// The definition onboarding puts: hourly, resource ids, Athena, Parquet, overwrite.
    static func athenaDefinition(_ name: String = "spot-cur-hourly") -> ReportDefinition {
        ReportDefinition(
            reportName: name, timeUnit: .hourly, format: .parquet, compression: .parquet,
            additionalSchemaElements: [.resources], s3Bucket: "spot-cur-123456789012", s3Prefix: "cur",
            s3Region: "us-east-1", additionalArtifacts: [.athena], refreshClosedReports: true,
            reportVersioning: .overwriteReport, billingViewArn: "arn:aws:billing::123456789012:billingview/primary")
    }

    /// A definition as AWS describes it, in JSON.
    static func definitionJSON(_ index: Int) -> String {
        """
        {"ReportName":"report-\(index)","TimeUnit":"DAILY","Format":"textORcsv","Compression":"GZIP",\
        "AdditionalSchemaElements":["RESOURCES"],"S3Bucket":"bucket-\(index)","S3Prefix":"prefix-\(index)",\
        "S3Region":"eu-west-1","AdditionalArtifacts":["REDSHIFT","QUICKSIGHT"],"RefreshClosedReports":true,\
        "ReportVersioning":"CREATE_NEW_REPORT",\
        "ReportStatus":{"lastDelivery":"20240301T000000Z","lastStatus":"SUCCESS"}}
        """
    }

    static func json(_ body: String) -> FaultServer.Reply {
        .ok(body, headers: [
            (name: "Content-Type", value: "application/x-amz-json-1.1"),
            (name: "x-amzn-RequestId", value: "0b7c2a4e-0000-4000-8000-000000000003"),
        ])
    }

    /// A JSON 1.1 error as the CUR API sends it: `__type` and `Message`.
    static func error(_ type: String, message: String) -> FaultServer.Reply {
        .respond(
            status: 400,
            headers: [
                (name: "Content-Type", value: "application/x-amz-json-1.1"),
                (name: "x-amzn-RequestId", value: "0b7c2a4e-0000-4000-8000-000000000004"),
            ],
            body: #"{"__type":"\#(type)","Message":"\#(message)"}"#)
    }

    static func object(_ request: FaultServer.RecordedRequest) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
    }

    // MARK: - DescribeReportDefinitions

    @Test("DescribeReportDefinitions reads all 12 definitions in pages of 5, following NextToken")
    func describePaging() async throws {
        let page = { (range: ClosedRange<Int>, next: String?) -> FaultServer.Reply in
            let definitions = range.map(Self.definitionJSON).joined(separator: ",")
            return Self.json(#"{"ReportDefinitions":[\#(definitions)]\#(next.map { #","NextToken":"\#($0)""# } ?? "")}"#)
        }
        let server = try FaultServer([page(1...5, "token-2"), page(6...10, "token-3"), page(11...12, nil)])

        let definitions = try await Self.client(server).describeReportDefinitions(credentials: Self.credentials)

        #expect(definitions.map(\.reportName) == (1...12).map { "report-\($0)" })
        #expect(server.requests.count == 3)
        for request in server.requests {
            #expect(request.method == "POST")
            #expect(request.path == "/")
            #expect(request.header("X-Amz-Target") == "AWSOrigamiServiceGatewayService.DescribeReportDefinitions")
            #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
            #expect(request.header("Authorization")?.contains("/us-east-1/cur/aws4_request") == true)
        }
        #expect(server.requests.map(\.bodyText) == [
            #"{"MaxResults":5}"#, #"{"MaxResults":5,"NextToken":"token-2"}"#, #"{"MaxResults":5,"NextToken":"token-3"}"#,
        ])

        let seventh = definitions[6]
        #expect(seventh == ReportDefinition(
            reportName: "report-7", timeUnit: .daily, format: .textOrCSV, compression: .gzip,
            additionalSchemaElements: [.resources], s3Bucket: "bucket-7", s3Prefix: "prefix-7", s3Region: "eu-west-1",
            additionalArtifacts: [.redshift, .quickSight], refreshClosedReports: true, reportVersioning: .createNewReport,
            billingViewArn: nil,
            reportStatus: ReportDefinition.Status(lastDelivery: "20240301T000000Z", lastStatus: "SUCCESS")))
    }

    @Test("An account without reports has none; the empty answer needs no second page")
    func describeEmpty() async throws {
        let server = try FaultServer(otherwise: Self.json("{}"))
        #expect(try await Self.client(server).describeReportDefinitions(credentials: Self.credentials).isEmpty)
        #expect(server.requests.count == 1)
    }

    @Test("A definition with the optional members left out, and values the model does not list yet, decode")
    func describeSparseAndNewValues() async throws {
        let server = try FaultServer(otherwise: Self.json("""
            {"ReportDefinitions":[{"ReportName":"legacy","TimeUnit":"MONTHLY","Format":"textORcsv","Compression":"ZIP",\
            "S3Bucket":"old-bucket","S3Region":"us-east-1"},\
            {"ReportName":"future","TimeUnit":"MINUTELY","Format":"Iceberg","Compression":"ZSTD",\
            "AdditionalSchemaElements":["RESOURCES","SOMETHING_NEW"],"S3Bucket":"b","S3Prefix":"p","S3Region":"us-east-1",\
            "AdditionalArtifacts":["ATHENA"],"ReportVersioning":"OVERWRITE_REPORT"}]}
            """))
        let definitions = try await Self.client(server).describeReportDefinitions(credentials: Self.credentials)
        #expect(definitions.count == 2)
        let legacy = definitions[0]
        #expect(legacy.additionalSchemaElements.isEmpty)
        #expect(legacy.s3Prefix == "")
        #expect(legacy.additionalArtifacts == nil)
        #expect(legacy.refreshClosedReports == nil)
        #expect(legacy.reportVersioning == nil)
        #expect(legacy.billingViewArn == nil)
        #expect(legacy.reportStatus == nil)
        let future = definitions[1]
        #expect(future.timeUnit.rawValue == "MINUTELY")
        #expect(future.format.rawValue == "Iceberg")
        #expect(future.additionalSchemaElements.map(\.rawValue) == ["RESOURCES", "SOMETHING_NEW"])
    }

    @Test("A NextToken that comes back again is an error, not an endless loop")
    func describeRepeatedToken() async throws {
        let server = try FaultServer(otherwise: Self.json(#"{"ReportDefinitions":[\#(Self.definitionJSON(1))],"NextToken":"again"}"#))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(server).describeReportDefinitions(credentials: Self.credentials)
        }
        #expect(error.code == "InvalidResponse")
        #expect(server.requests.count == 2)
    }

    @Test("An answer that is not a DescribeReportDefinitions result is InvalidResponse")
    func describeUnreadable() async throws {
        let server = try FaultServer(otherwise: Self.json(#"{"ReportDefinitions":[{"ReportName":42}]}"#))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(server).describeReportDefinitions(credentials: Self.credentials)
        }
        #expect(error.code == "InvalidResponse")
        #expect(error.operation == "DescribeReportDefinitions")
    }

    // MARK: - Put, modify, delete

    @Test("PutReportDefinition sends every member under the model's name")
    func putEncoding() async throws {
        let server = try FaultServer(otherwise: Self.json("{}"))
        try await Self.client(server).putReportDefinition(Self.athenaDefinition(), credentials: Self.credentials)

        let request = try #require(server.requests.first)
        #expect(request.header("X-Amz-Target") == "AWSOrigamiServiceGatewayService.PutReportDefinition")
        let body = try Self.object(request)
        #expect(Set(body.keys) == ["ReportDefinition"])
        let definition = try #require(body["ReportDefinition"] as? [String: Any])
        #expect(Set(definition.keys) == [
            "ReportName", "TimeUnit", "Format", "Compression", "AdditionalSchemaElements", "S3Bucket", "S3Prefix",
            "S3Region", "AdditionalArtifacts", "RefreshClosedReports", "ReportVersioning", "BillingViewArn",
        ])
        #expect(definition["ReportName"] as? String == "spot-cur-hourly")
        #expect(definition["TimeUnit"] as? String == "HOURLY")
        #expect(definition["Format"] as? String == "Parquet")
        #expect(definition["Compression"] as? String == "Parquet")
        #expect(definition["AdditionalSchemaElements"] as? [String] == ["RESOURCES"])
        #expect(definition["S3Bucket"] as? String == "spot-cur-123456789012")
        #expect(definition["S3Prefix"] as? String == "cur")
        #expect(definition["S3Region"] as? String == "us-east-1")
        #expect(definition["AdditionalArtifacts"] as? [String] == ["ATHENA"])
        #expect(definition["RefreshClosedReports"] as? Bool == true)
        #expect(definition["ReportVersioning"] as? String == "OVERWRITE_REPORT")
        #expect(definition["BillingViewArn"] as? String == "arn:aws:billing::123456789012:billingview/primary")
        // Booleans go as JSON booleans, not numbers.
        #expect(request.bodyText.contains(#""RefreshClosedReports":true"#))
    }

    @Test("Optional members left nil are left out; ReportStatus is never sent")
    func putOmitsNilAndStatus() async throws {
        let server = try FaultServer(otherwise: Self.json("{}"))
        var definition = ReportDefinition(
            reportName: "plain", timeUnit: .daily, format: .textOrCSV, compression: .zip, additionalSchemaElements: [],
            s3Bucket: "b", s3Prefix: "", s3Region: "cn-northwest-1")
        definition.reportStatus = ReportDefinition.Status(lastDelivery: "20240301T000000Z", lastStatus: "SUCCESS")
        try await Self.client(server, partition: .awsChina).putReportDefinition(definition, credentials: Self.credentials)

        let request = try #require(server.requests.first)
        let sent = try #require(try Self.object(request)["ReportDefinition"] as? [String: Any])
        #expect(Set(sent.keys) == [
            "ReportName", "TimeUnit", "Format", "Compression", "AdditionalSchemaElements", "S3Bucket", "S3Prefix", "S3Region",
        ])
        #expect(sent["AdditionalSchemaElements"] as? [String] == [])
        #expect(request.header("Authorization")?.contains("/cn-northwest-1/cur/aws4_request") == true)
    }

    @Test("A definition read back equals the one put (JSON round trip, status aside)")
    func roundTrip() throws {
        let definition = Self.athenaDefinition()
        let decoded = try JSONDecoder().decode(ReportDefinition.self, from: JSONEncoder().encode(definition))
        #expect(decoded == definition)
    }

    @Test("ModifyReportDefinition sends the name and the whole definition")
    func modifyEncoding() async throws {
        let server = try FaultServer(otherwise: Self.json("{}"))
        try await Self.client(server).modifyReportDefinition(
            name: "spot-cur-hourly", definition: Self.athenaDefinition(), credentials: Self.credentials)

        let request = try #require(server.requests.first)
        #expect(request.header("X-Amz-Target") == "AWSOrigamiServiceGatewayService.ModifyReportDefinition")
        let body = try Self.object(request)
        #expect(Set(body.keys) == ["ReportName", "ReportDefinition"])
        #expect(body["ReportName"] as? String == "spot-cur-hourly")
        #expect((body["ReportDefinition"] as? [String: Any])?["S3Bucket"] as? String == "spot-cur-123456789012")
    }

    @Test("DeleteReportDefinition sends the name")
    func deleteEncoding() async throws {
        let server = try FaultServer(otherwise: Self.json(#"{"ResponseMessage":"Report spot-cur-hourly deleted"}"#))
        try await Self.client(server).deleteReportDefinition(name: "spot-cur-hourly", credentials: Self.credentials)

        let request = try #require(server.requests.first)
        #expect(request.header("X-Amz-Target") == "AWSOrigamiServiceGatewayService.DeleteReportDefinition")
        #expect(request.bodyText == #"{"ReportName":"spot-cur-hourly"}"#)
    }

    // MARK: - Errors

    @Test(
        "The model's errors come back as AWSError with their codes and messages",
        arguments: [
            ("DuplicateReportNameException", "A report with the specified name already exists in the account."),
            ("ReportLimitReachedException", "The account has reached the report limit of 5."),
            ("ValidationException", "Value 'textORcsv' at 'reportDefinition.format' failed to satisfy constraint"),
            ("ResourceNotFoundException", "The specified report (spot-cur-hourly) does not exist."),
            ("com.amazonaws.cur#ValidationException", "Qualified __type"),
        ])
    func errors(type: String, message: String) async throws {
        let server = try FaultServer(otherwise: Self.error(type, message: message))
        let error = try await #require(throws: AWSError.self) {
            try await Self.client(server).putReportDefinition(Self.athenaDefinition(), credentials: Self.credentials)
        }
        #expect(error.code == type.split(separator: "#").last.map(String.init))
        #expect(error.message == message)
        #expect(error.httpStatus == 400)
        #expect(error.requestID == "0b7c2a4e-0000-4000-8000-000000000004")
        #expect(error.service == "cur")
        #expect(error.operation == "PutReportDefinition")
        #expect(!error.isRetryable)
        #expect(server.requests.count == 1)
    }

    @Test("Errors reach every operation, DescribeReportDefinitions and the callback API included")
    func errorsOnEveryOperation() async throws {
        let server = try FaultServer(otherwise: Self.error("ValidationException", message: "bad"))
        let client = Self.client(server)
        var codes: [String] = []
        do { _ = try await client.describeReportDefinitions(credentials: Self.credentials) } catch { codes.append(error.code) }
        do {
            try await client.modifyReportDefinition(name: "x", definition: Self.athenaDefinition(), credentials: Self.credentials)
        } catch { codes.append(error.code) }
        do { try await client.deleteReportDefinition(name: "x", credentials: Self.credentials) } catch { codes.append(error.code) }
        #expect(codes == ["ValidationException", "ValidationException", "ValidationException"])
    }
}
