/// The Cost and Usage Report API (`cur`, JSON 1.1, target prefix
/// `AWSOrigamiServiceGatewayService`), served only in us-east-1 and cn-northwest-1.
///
/// Errors come back as ``AWSError`` with the model's codes: `DuplicateReportNameException`,
/// `ReportLimitReachedException`, `ValidationException`, `ResourceNotFoundException`,
/// `InternalErrorException`.
public struct CostAndUsageReportClient: Sendable {
    /// The shared client that signs, retries and sends.
    public let client: AWSClient
    /// Where the calls go and how they are signed.
    public let endpoint: ServiceEndpoint

    /// - Parameters:
    ///   - client: the shared client (signing, retries, transport).
    ///   - endpoint: the CUR endpoint of the partition (``EndpointResolver`` picks its region).
    public init(client: AWSClient, endpoint: ServiceEndpoint) {
        self.client = client
        self.endpoint = endpoint
    }

    /// The JSON 1.1 target prefix of the API.
    public static let targetPrefix = "AWSOrigamiServiceGatewayService"
    /// Definitions per DescribeReportDefinitions page (the model allows exactly 5).
    public static let pageSize = 5

    // MARK: - DescribeReportDefinitions

    /// `DescribeReportDefinitions`: every definition of the account, all pages read.
    public func describeReportDefinitions(credentials: any CredentialProvider) async throws(AWSError) -> [ReportDefinition] {
        let operation = "DescribeReportDefinitions"
        var all: [ReportDefinition] = []
        var nextToken: String?
        var seenTokens: Set<String> = []
        while true {
            let page = try await describePage(nextToken: nextToken, credentials: credentials)
            all += page.reportDefinitions ?? []
            guard let token = page.nextToken, !token.isEmpty else { return all }
            guard !seenTokens.contains(token) else {
                throw AWSError(
                    code: "InvalidResponse", message: "\(operation) repeated the NextToken \(token)",
                    service: AWSService.costAndUsageReport.rawValue, operation: operation, isRetryable: false)
            }
            seenTokens.insert(token)
            nextToken = token
        }
    }

    private struct DescribeInput: Encodable {
        var maxResults: Int
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case maxResults = "MaxResults"
            case nextToken = "NextToken"
        }
    }

    private struct DescribeOutput: Decodable {
        var reportDefinitions: [ReportDefinition]?
        var nextToken: String?

        enum CodingKeys: String, CodingKey {
            case reportDefinitions = "ReportDefinitions"
            case nextToken = "NextToken"
        }
    }

    private func describePage(
        nextToken: String?, credentials: any CredentialProvider
    ) async throws(AWSError) -> DescribeOutput {
        let operation = "DescribeReportDefinitions"
        let call = try JSONRequest.call(
            service: .costAndUsageReport, targetPrefix: Self.targetPrefix, operation: operation,
            input: DescribeInput(maxResults: Self.pageSize, nextToken: nextToken), endpoint: endpoint)
        let response = try await client.send(call, credentials: credentials)
        return try JSONRequest.decode(DescribeOutput.self, from: response, service: .costAndUsageReport, operation: operation)
    }

    // MARK: - PutReportDefinition

    private struct PutInput: Encodable {
        var reportDefinition: ReportDefinition

        enum CodingKeys: String, CodingKey {
            case reportDefinition = "ReportDefinition"
        }
    }

    /// `PutReportDefinition`: creates the report. `DuplicateReportNameException` when the name
    /// is taken, `ReportLimitReachedException` past the account's limit (5 by default).
    public func putReportDefinition(_ definition: ReportDefinition, credentials: any CredentialProvider) async throws(AWSError) {
        try await send("PutReportDefinition", input: PutInput(reportDefinition: definition), credentials: credentials)
    }

    // MARK: - ModifyReportDefinition

    private struct ModifyInput: Encodable {
        var reportName: String
        var reportDefinition: ReportDefinition

        enum CodingKeys: String, CodingKey {
            case reportName = "ReportName"
            case reportDefinition = "ReportDefinition"
        }
    }

    /// `ModifyReportDefinition`: replaces the definition of report `name`.
    public func modifyReportDefinition(
        name: String, definition: ReportDefinition, credentials: any CredentialProvider
    ) async throws(AWSError) {
        try await send(
            "ModifyReportDefinition", input: ModifyInput(reportName: name, reportDefinition: definition),
            credentials: credentials)
    }

    // MARK: - DeleteReportDefinition

    private struct DeleteInput: Encodable {
        var reportName: String

        enum CodingKeys: String, CodingKey {
            case reportName = "ReportName"
        }
    }

    /// `DeleteReportDefinition`: deletes report `name` (its tags go with it; delivered files
    /// stay in the bucket).
    public func deleteReportDefinition(name: String, credentials: any CredentialProvider) async throws(AWSError) {
        try await send("DeleteReportDefinition", input: DeleteInput(reportName: name), credentials: credentials)
    }

    // MARK: - Sending

    /// Sends an operation whose output carries nothing onboarding reads.
    private func send(
        _ operation: String, input: some Encodable, credentials: any CredentialProvider
    ) async throws(AWSError) {
        let call = try JSONRequest.call(
            service: .costAndUsageReport, targetPrefix: Self.targetPrefix, operation: operation, input: input,
            endpoint: endpoint)
        _ = try await client.send(call, credentials: credentials)
    }
}
