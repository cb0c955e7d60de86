import AWSKit
import Foundation
import HTTPCore
import LocalCloud
import TestSupport
import Testing

/// The running local cloud (moto and onboard-sandbox) as `scripts/local-cloud up` describes it
/// in the environment. Tests never start it and never skip without it: ``current()`` throws, so
/// every test that needs it fails with the command that starts it.
///
/// Tests share one sandbox and one moto and run in parallel, so each test works in AWS accounts
/// of its own (`FreshNames.accountID()`), in Spot organizations of its own
/// (``newSpotOrganization()``), and with fault rules scoped to its own accounts.
struct LocalCloud: Sendable {
    /// A request to the local cloud that went wrong in a way the test did not ask for.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// `LOCAL_CLOUD_SANDBOX_URL`: onboard-sandbox (`http://127.0.0.1:PORT`).
    let sandboxURL: String
    /// `LOCAL_CLOUD_MOTO_URL`: moto itself, behind the sandbox.
    let motoURL: String
    /// `AWS_ENDPOINT_URL`: where AWS clients are sent (the sandbox).
    let awsEndpointURL: String
    /// `SPOTINST_API_URL`: where Spot clients are sent (the sandbox).
    let spotURL: String
    /// `SPOTINST_TOKEN`: the admin token of the scenario's first organization.
    let spotToken: String
    /// `SPOTINST_SHARED_CREDENTIALS_FILE`.
    let spotCredentialsFile: String
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (moto's fakes).
    let credentials: AWSCredentials
    /// The sandbox's control API.
    let control: SandboxControl

    /// The local cloud of this test process's environment (TestSupport's
    /// `LocalCloudEnvironment`); throws when any variable is missing.
    static func current(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LocalCloud {
        let described = try LocalCloudEnvironment.current(environment)
        return LocalCloud(
            sandboxURL: described.sandboxURL, motoURL: described.motoURL, awsEndpointURL: described.awsEndpointURL,
            spotURL: described.spotAPIURL, spotToken: described.spotToken, spotCredentialsFile: described.spotCredentialsFile,
            credentials: AWSCredentials(accessKeyID: described.accessKeyID, secretAccessKey: described.secretAccessKey),
            control: described.control)
    }

    /// One connection pool for every test of the process (never shut down: it lives as long as
    /// the process).
    static let transport = AsyncHTTPClientTransport()

    /// Spot's platform account, which a role's trust policy must name.
    static let spotPlatformAccount = "922761411349"

    /// The scenario's `iamPropagationSeconds` (Inputs/sandbox-scenario.json).
    static let iamPropagationSeconds = 2.0

    // MARK: - Unique names (accounts and buckets: `FreshNames`)

    /// A fresh fake Spot token.
    static func uniqueToken() -> String {
        "local-cloud-fake-token-\(UUID().uuidString.lowercased())"
    }

    // MARK: - Plain HTTP

    /// A response as it came off the wire.
    struct Reply: Sendable {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        var text: String { String(decoding: body, as: UTF8.self) }

        /// The body as JSON (``JSON/missing`` when it is not JSON).
        var json: JSON { JSON(parsing: body) }
    }

    /// Sends one request; throws ``Failure`` when no response came.
    func http(
        _ method: String, _ url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
        timeout: Double = 30
    ) async throws -> Reply {
        let request = HTTPRequestData(method: method, url: url, headers: headers, body: body)
        switch await Self.transport.execute(request, timeout: timeout) {
        case .success(let response):
            return Reply(status: response.status, headers: response.headers, body: response.body)
        case .failure(let error):
            throw Failure(description: "\(method) \(url): no response (\(error.kind.rawValue): \(error.message))")
        }
    }

    // MARK: - The sandbox's control API

    /// `POST /sandbox/scenario` with `scenario` (a JSON object); requires 200.
    func seed(_ scenario: [String: Any]) async throws {
        try await control.seed(json: try JSONSerialization.data(withJSONObject: scenario))
    }

    /// `POST /sandbox/faults`: adds `rules` after the existing ones; requires 200.
    func addFaults(_ rules: [FaultRule]) async throws {
        try await control.addFaults(rules)
    }

    /// `GET /sandbox/faults`: every rule with how often it fired.
    func faultStates() async throws -> [FaultInjector.RuleState] {
        try await control.faults(as: [FaultInjector.RuleState].self)
    }

    /// How often `rule` (added by this test, so unique by its account) has fired.
    func fired(_ rule: FaultRule) async throws -> Int {
        let states = try await faultStates().filter { $0.rule == rule }
        guard states.count == 1, let state = states.first else {
            throw Failure(description: "GET /sandbox/faults lists \(states.count) copies of \(rule)")
        }
        return state.fired
    }

    // MARK: - Spot

    /// A Spot organization seeded for one test, with its own tokens.
    struct SpotOrganization: Sendable {
        var id: String
        var adminToken: String
        var viewerToken: String
    }

    /// Seeds a fresh Spot organization (random numeric id, fresh admin and viewer tokens).
    func newSpotOrganization() async throws -> SpotOrganization {
        let organization = SpotOrganization(
            id: "6060" + String(Int.random(in: 10_000_000...99_999_999)), adminToken: Self.uniqueToken(),
            viewerToken: Self.uniqueToken())
        try await seed([
            "spotOrganizations": [[
                "id": organization.id, "name": "LocalCloudTests \(organization.id)",
                "tokens": [
                    ["token": organization.adminToken, "role": "admin"],
                    ["token": organization.viewerToken, "role": "viewer"],
                ],
            ]]
        ])
        return organization
    }

    /// A Spot API call: `pathAndQuery` on the Spot URL, JSON body when given, bearer `token`
    /// when given.
    func spot(_ method: String, _ pathAndQuery: String, token: String?, json: [String: Any]? = nil) async throws -> Reply {
        var headers: [(name: String, value: String)] = [(name: "Accept", value: "application/json")]
        if let token { headers.append((name: "Authorization", value: "Bearer \(token)")) }
        var body: [UInt8] = []
        if let json {
            body = Array(try JSONSerialization.data(withJSONObject: json))
            headers.append((name: "Content-Type", value: "application/json"))
        }
        return try await http(method, spotURL + pathAndQuery, headers: headers, body: body)
    }

    /// Creates a Spot account named `name` as the organization's admin; returns its id.
    func createSpotAccount(_ organization: SpotOrganization, name: String = "LocalCloudTests account") async throws -> String {
        let reply = try await spot("POST", "/setup/account", token: organization.adminToken, json: ["account": ["name": name]])
        guard reply.status == 200, let id = reply.json["response"]["items"][0]["id"].string else {
            throw Failure(description: "POST /setup/account answered \(reply.status): \(reply.text)")
        }
        return id
    }

    /// Issues an external id for Spot account `account`; returns it.
    func issueExternalID(_ organization: SpotOrganization, account: String) async throws -> String {
        let reply = try await spot(
            "POST", "/setup/credentials/aws/externalId?accountId=\(account)", token: organization.adminToken)
        guard reply.status == 200, let externalID = reply.json["response"]["items"][0]["externalId"].string else {
            throw Failure(description: "POST /setup/credentials/aws/externalId answered \(reply.status): \(reply.text)")
        }
        return externalID
    }

    /// `POST /setup/credentials/aws?accountId=…` with `roleARN`, as the admin.
    func setCredentials(_ organization: SpotOrganization, account: String, roleARN: String) async throws -> Reply {
        try await spot(
            "POST", "/setup/credentials/aws?accountId=\(account)", token: organization.adminToken,
            json: ["credentials": ["iamRole": roleARN]])
    }

    /// A Spot account of `organization` linked to a fresh AWS account: external id, a role
    /// trusting Spot with it, the scenario's propagation delay waited out (for real), credentials
    /// set.
    func linkedSpotAccount(_ organization: SpotOrganization, name: String = "LocalCloudTests payer") async throws
        -> (spotAccount: String, awsAccount: String)
    {
        let account = try await createSpotAccount(organization, name: name)
        let externalID = try await issueExternalID(organization, account: account)
        let awsAccount = FreshNames.accountID()
        let role = try await createRole("SpotRole", in: awsAccount, trustPolicy: Self.spotTrustPolicy(externalID: externalID))
        try await role.waitForPropagation()
        let reply = try await setCredentials(organization, account: account, roleARN: role.arn)
        guard reply.status == 200 else {
            throw Failure(description: "POST /setup/credentials/aws answered \(reply.status): \(reply.text)")
        }
        return (account, awsAccount)
    }

    // MARK: - AWS through the sandbox

    /// Every AWS service sent to the sandbox (as `AWS_ENDPOINT_URL` does); signing names and
    /// regions stay the partition's.
    var endpoints: EndpointResolver { EndpointResolver(commandLineOverride: awsEndpointURL) }

    /// The sandbox endpoint of `service` in `region`.
    func endpoint(_ service: AWSService, region: String = "us-east-1") -> ServiceEndpoint {
        endpoints.endpoint(for: service, partition: Partition(region: region), region: region)
    }

    /// moto's own endpoint of `service`, to look behind the sandbox.
    func motoEndpoint(_ service: AWSService, region: String = "us-east-1") -> ServiceEndpoint {
        EndpointResolver(commandLineOverride: motoURL)
            .endpoint(for: service, partition: Partition(region: region), region: region)
    }

    /// A client that makes `attempts` attempts per call (1: every fault reaches the test).
    func client(attempts: Int = 1, timeout: Double = 30) -> AWSClient {
        AWSClient(
            configuration: AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: attempts), requestTimeout: timeout),
            transport: Self.transport)
    }

    /// moto's fake keys (moto's default account, 123456789012).
    var fakeCredentials: StaticCredentialProvider { StaticCredentialProvider(credentials) }

    /// Keys of `account`: STS AssumeRole into `arn:aws:iam::<account>:role/<role>` through the
    /// sandbox (moto attributes every call signed with them to `account`).
    func credentials(in account: String, role: String = "x") async throws -> StaticCredentialProvider {
        let sts = STSClient(client: client(), endpoint: endpoint(.sts))
        let assumed = try await sts.assumeRole(
            AssumeRoleRequest(roleARN: "arn:aws:iam::\(account):role/\(role)", sessionName: "local-cloud-tests"),
            credentials: fakeCredentials)
        return StaticCredentialProvider(assumed)
    }

    /// A query-protocol call (STS, IAM, CloudFormation) through the sandbox, one attempt.
    func query(
        _ service: AWSService, _ action: String, version: String, parameters: [(String, String)] = [],
        credentials: any CredentialProvider, region: String = "us-east-1", timeout: Double = 30
    ) async -> Result<AWSResponse, AWSError> {
        var request = QueryRequest(action: action, version: version)
        for (name, value) in parameters { request.set(name, value) }
        return await send(request.call(service: service, endpoint: endpoint(service, region: region)), credentials: credentials, timeout: timeout)
    }

    /// Sends `call` once (no retries).
    func send(_ call: AWSCall, credentials: any CredentialProvider, timeout: Double = 30) async -> Result<AWSResponse, AWSError> {
        do {
            return .success(try await client(timeout: timeout).send(call, credentials: credentials))
        } catch {
            return .failure(error)
        }
    }

    /// A role moto just created.
    struct CreatedRole: Sendable {
        var arn: String
        /// moto's `CreateDate`: the sandbox counts IAM propagation from it.
        var created: Date

        /// Sleeps until `seconds` after the role's creation.
        func waitUntilAge(_ seconds: Double) async throws {
            let remaining = seconds - Date().timeIntervalSince(created)
            if remaining > 0 { try await Task.sleep(for: .milliseconds(Int(remaining * 1000))) }
        }

        /// Sleeps until the scenario's propagation delay has passed, with half a second of slack.
        func waitForPropagation() async throws {
            try await waitUntilAge(LocalCloud.iamPropagationSeconds + 0.5)
        }
    }

    /// IAM CreateRole in `account` (in moto, through the sandbox) with `trustPolicy`.
    func createRole(_ name: String, in account: String, trustPolicy: [String: Any]) async throws -> CreatedRole {
        let document = String(decoding: try JSONSerialization.data(withJSONObject: trustPolicy), as: UTF8.self)
        let created = await query(
            .iam, "CreateRole", version: "2010-05-08",
            parameters: [("RoleName", name), ("AssumeRolePolicyDocument", document)],
            credentials: try await credentials(in: account))
        let response = try created.get()
        let role = AWSXMLElement.parse(response.body)?.at("CreateRoleResult", "Role")
        guard let arn = role?.string("Arn"), let date = Self.isoDate(role?.string("CreateDate")) else {
            throw Failure(description: "CreateRole answered without an ARN or date: \(String(decoding: response.body, as: UTF8.self))")
        }
        return CreatedRole(arn: arn, created: date)
    }

    /// An ISO-8601 date with or without fractional seconds.
    static func isoDate(_ text: String?) -> Date? {
        guard let text else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }

    /// The trust policy Spot's onboarding puts on its role: Spot's platform account may assume
    /// it with `externalID`.
    static func spotTrustPolicy(externalID: String, principal: String = "arn:aws:iam::\(spotPlatformAccount):root")
        -> [String: Any]
    {
        [
            "Version": "2012-10-17",
            "Statement": [[
                "Effect": "Allow", "Principal": ["AWS": principal], "Action": "sts:AssumeRole",
                "Condition": ["StringEquals": ["sts:ExternalId": externalID]],
            ]],
        ]
    }

    /// Creates bucket `name` in `region` as `credentials`' account, with the bucket policy CUR
    /// delivery needs when `allowBillingReports`.
    func createBucket(
        _ name: String, region: String = "us-east-1", allowBillingReports: Bool, credentials: any CredentialProvider
    ) async throws {
        let s3 = S3Client(client: client(), endpoints: endpoints, region: region)
        let created = try await s3.createBucket(name: name, region: region, credentials: credentials)
        guard created == .created else { throw Failure(description: "CreateBucket \(name): \(created)") }
        guard allowBillingReports else { return }
        let policy: [String: Any] = [
            "Version": "2012-10-17",
            "Statement": [[
                "Sid": "BillingReportsDelivery", "Effect": "Allow",
                "Principal": ["Service": "billingreports.amazonaws.com"],
                "Action": ["s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:PutObject"],
                "Resource": ["arn:aws:s3:::\(name)", "arn:aws:s3:::\(name)/*"],
            ]],
        ]
        let document = String(decoding: try JSONSerialization.data(withJSONObject: policy), as: UTF8.self)
        try await s3.putBucketPolicy(bucket: name, policyJSON: document, region: region, credentials: credentials)
    }

    /// The CUR client on the sandbox, one attempt per call.
    func costAndUsageReports() -> CostAndUsageReportClient {
        CostAndUsageReportClient(
            client: client(), endpoint: endpoints.endpoint(for: .costAndUsageReport, partition: .aws, region: "us-east-1"))
    }

    /// The definition onboarding puts: hourly, resource ids, Athena, Parquet, overwrite.
    static func athenaDefinition(name: String, bucket: String, prefix: String = "cur") -> ReportDefinition {
        ReportDefinition(
            reportName: name, timeUnit: .hourly, format: .parquet, compression: .parquet,
            additionalSchemaElements: [.resources], s3Bucket: bucket, s3Prefix: prefix, s3Region: "us-east-1",
            additionalArtifacts: [.athena], refreshClosedReports: true, reportVersioning: .overwriteReport)
    }
}

/// The error `body` throws as an AWSError (another error reads as code `NotAnAWSError`), or nil
/// when it succeeds.
func awsError(_ body: () async throws -> Void) async -> AWSError? {
    do {
        try await body()
        return nil
    } catch let error as AWSError {
        return error
    } catch {
        return AWSError(code: "NotAnAWSError", message: "\(error)", service: "", operation: "", isRetryable: false)
    }
}

/// Read-only access into a JSON document (from `JSONSerialization`): `json["a"][0]["b"].string`.
struct JSON: @unchecked Sendable, CustomStringConvertible {
    /// The parsed value (immutable Foundation objects), or nil when missing.
    let value: Any?

    init(_ value: Any?) {
        self.value = value
    }

    init(parsing bytes: [UInt8]) {
        value = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    static let missing = JSON(nil)

    subscript(key: String) -> JSON { JSON((value as? [String: Any])?[key]) }

    subscript(index: Int) -> JSON {
        guard let array = value as? [Any], array.indices.contains(index) else { return .missing }
        return JSON(array[index])
    }

    /// The value when it is a JSON string (not a number).
    var string: String? { value as? String }

    /// The value when it is a JSON number with an integral value (not a string).
    var int: Int? {
        guard !(value is String), let number = value as? NSNumber else { return nil }
        return Int(exactly: number.doubleValue)
    }

    var array: [JSON]? { (value as? [Any])?.map(JSON.init) }

    var object: [String: JSON]? { (value as? [String: Any])?.mapValues(JSON.init) }

    var exists: Bool { value != nil && !(value is NSNull) }

    var description: String {
        guard let value, JSONSerialization.isValidJSONObject(value),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        else { return value.map { "\($0)" } ?? "missing" }
        return String(decoding: data, as: UTF8.self)
    }
}
