import Dispatch
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

// Support for the end-to-end tests of `onboard run` (RunCommand*Tests.swift): the local cloud
// started by `scripts/local-cloud up`, fresh payers and a fresh Spot organization per test, the
// built binary run as a child process, and readers for what it writes.

/// The local cloud the tests run against (TestSupport's `LocalCloudEnvironment`), with what the
/// `onboard run` tests ask of it.
struct LocalCloud: Sendable {
    /// Why the tests cannot run: they fail (never skip) with this message.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    let sandboxURL: String
    let motoURL: String
    let spotAPIURL: String
    let credentialsFile: String?
    /// The environment the child starts from (the test process's, with the local cloud's exports).
    let environment: [String: String]
    /// The sandbox's control API (scenarios, faults, state, token revocation).
    let control: SandboxControl

    /// The local cloud `environment` describes, with `extra` variables for the child.
    init(_ described: LocalCloudEnvironment, extra: [String: String] = [:]) {
        sandboxURL = described.sandboxURL
        motoURL = described.motoURL
        spotAPIURL = described.spotAPIURL
        credentialsFile = described.spotCredentialsFile
        environment = described.variables.merging(extra) { $1 }
        control = described.control
    }

    /// The shared local cloud, checked to answer; throws with what to do when it is missing.
    static func require() async throws -> LocalCloud {
        let cloud = LocalCloud(try LocalCloudEnvironment.current())
        guard await cloud.control.isHealthy() else {
            throw Unavailable(
                description: "the local cloud does not answer /sandbox/health at LOCAL_CLOUD_SANDBOX_URL=\(cloud.sandboxURL): "
                    + "run eval \"$(scripts/local-cloud up)\" from the project's root and the tests in that shell")
        }
        return cloud
    }

    // MARK: - The sandbox's control API

    func seed(_ scenario: Scenario) async throws { try await control.seed(scenario) }

    func addFaults(_ rules: [Fault]) async throws { try await control.addFaults(rules) }

    /// `DELETE /sandbox/faults`: no rule fires any more (a private local cloud's only).
    func clearFaults() async throws { try await control.clearFaults() }

    /// `POST /sandbox/tokens/revoke`: Spot refuses `token` from now on (401).
    func revokeToken(_ token: String) async throws { try await control.revokeToken(token) }

    func state() async throws -> SandboxState { try await control.state(as: SandboxState.self) }

    func faults() async throws -> [SandboxState.FaultState] { try await control.faults(as: [SandboxState.FaultState].self) }

    /// The Spot accounts of the token's organization (`GET /setup/account`).
    func spotAccounts(token: String) async throws -> [SpotAccountItem] {
        let response = try await LoopbackHTTP.send("GET", spotAPIURL + "/setup/account", headers: ["Authorization": "Bearer \(token)"])
        guard response.status == 200 else {
            throw Unavailable(description: "GET /setup/account answered HTTP \(response.status): \(response.text)")
        }
        return try JSONDecoder().decode(SpotEnvelope.self, from: response.body).response.items
    }

    /// The account's CUR definitions, in full, from the sandbox's CUR API.
    func reportDefinitions(account: String) async throws -> [CURDefinition] {
        let response = try await LoopbackHTTP.send(
            "POST", sandboxURL + "/",
            headers: [
                "x-moto-account-id": account, "Authorization": Self.unsignedAuthorization(service: "cur"),
                "X-Amz-Target": "AWSOrigamiServiceGatewayService.DescribeReportDefinitions",
                "Content-Type": "application/x-amz-json-1.1",
            ],
            body: Data("{}".utf8))
        guard response.status == 200 else {
            throw Unavailable(description: "DescribeReportDefinitions for \(account) answered HTTP \(response.status): \(response.text)")
        }
        struct Page: Decodable { var ReportDefinitions: [CURDefinition] }
        return try JSONDecoder().decode(Page.self, from: response.body).ReportDefinitions
    }

    /// The account's bucket names (moto's S3 ListBuckets).
    func buckets(account: String) async throws -> [String] {
        let response = try await LoopbackHTTP.send(
            "GET", motoURL + "/", headers: ["x-moto-account-id": account, "Authorization": Self.unsignedAuthorization(service: "s3")])
        guard response.status == 200 else {
            throw Unavailable(description: "moto ListBuckets for \(account) answered HTTP \(response.status): \(response.text)")
        }
        return Self.values(of: "Name", in: response.text.components(separatedBy: "<Owner>").first ?? "")
    }

    /// The account's stacks in us-east-1 (moto's CloudFormation DescribeStacks): id and status.
    func stacks(account: String) async throws -> [(id: String, status: String)] {
        let response = try await LoopbackHTTP.send(
            "POST", motoURL + "/",
            headers: [
                "x-moto-account-id": account, "Authorization": Self.unsignedAuthorization(service: "cloudformation"),
                "Content-Type": "application/x-www-form-urlencoded",
            ],
            body: Data("Action=DescribeStacks&Version=2010-05-15".utf8))
        guard response.status == 200 else {
            throw Unavailable(description: "moto DescribeStacks for \(account) answered HTTP \(response.status): \(response.text)")
        }
        return Array(zip(Self.values(of: "StackId", in: response.text), Self.values(of: "StackStatus", in: response.text)))
            .map { (id: $0.0, status: $0.1) }
    }

    /// What moto reads the service and region from (it runs without authentication here).
    static func unsignedAuthorization(service: String) -> String {
        "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/\(service)/aws4_request, SignedHeaders=host, Signature=0"
    }

    /// The texts of every `<name>…</name>` element, in order.
    static func values(of name: String, in xml: String) -> [String] {
        var found: [String] = []
        var rest = xml[...]
        while let open = rest.range(of: "<\(name)>"), let close = rest.range(of: "</\(name)>", range: open.upperBound..<rest.endIndex) {
            found.append(String(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// Every token of the Spot credentials file (`token = …` lines).
    func credentialsFileTokens() throws -> [String] {
        guard let credentialsFile else { return [] }
        let text = try String(contentsOfFile: credentialsFile, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 2 && parts[0] == "token" && !parts[1].isEmpty ? parts[1] : nil
        }
    }
}

// MARK: - What the sandbox takes and gives

/// A scenario to seed (`POST /sandbox/scenario`); see Sources/LocalCloud/Scenario/Scenario.swift.
struct Scenario: Encodable, Sendable {
    struct Payer: Encodable, Sendable {
        var accountId: String
        var organization: String?
        var managementAccount: String?
    }
    struct Organization: Encodable, Sendable {
        struct Token: Encodable, Sendable {
            var token: String
            var role: String
        }
        var id: String
        var name: String
        var tokens: [Token]
    }
    struct Bucket: Encodable, Sendable {
        var name: String
        var owner: String
        var region: String?
        var allowBillingReports: Bool?
    }
    struct Report: Encodable, Sendable {
        var account: String
        var definition: CURDefinition
    }

    var payers: [Payer] = []
    var spotOrganizations: [Organization] = []
    var buckets: [Bucket]?
    var reportDefinitions: [Report]?
}

/// A CUR definition in the CUR API's own JSON.
struct CURDefinition: Codable, Sendable, Hashable {
    var ReportName: String
    var TimeUnit: String
    var Format: String
    var Compression: String
    var AdditionalSchemaElements: [String]
    var S3Bucket: String
    var S3Prefix: String
    var S3Region: String
    var AdditionalArtifacts: [String]?
    var RefreshClosedReports: Bool?
    var ReportVersioning: String?
}

/// A fault rule (`POST /sandbox/faults`); see Sources/LocalCloud/Faults/FaultRule.swift.
struct Fault: Codable, Sendable, Hashable {
    var service: String?
    var operation: String?
    var account: String?
    var action: String
    var count: Int?
    var latencySeconds: Double?
    var stackSeconds: Double?
    /// For `iam-propagation`: the window for the account's roles.
    var propagationSeconds: Double?
    var reason: String?
    /// Fire with this chance (0…1) on each match.
    var probability: Double?
}

/// `GET /sandbox/state`.
struct SandboxState: Decodable, Sendable {
    struct SpotAccount: Decodable, Sendable {
        var accountId: String
        var name: String
        var organizationId: String
        var providerExternalId: String?
        var externalIdsIssued: Int?
    }
    struct FaultState: Decodable, Sendable {
        var rule: Fault
        var fired: Int
    }
    var spotAccounts: [SpotAccount]
    var reportDefinitions: [String: [String]]
    var faults: [FaultState]
}

/// An item of Spot's `GET /setup/account`.
struct SpotAccountItem: Decodable, Sendable {
    var accountId: String
    var name: String
    var providerExternalId: String?
}

private struct SpotEnvelope: Decodable {
    struct Response: Decodable { var items: [SpotAccountItem] }
    var response: Response
}

// MARK: - A test's own payers, Spot organization, account list and reports

/// One test's world: a temporary folder (account list, reports), a fresh Spot organization with
/// its own admin token, and fresh payer account ids, so tests run in parallel without sharing
/// anything mutable.
final class RunFixture: Sendable {
    let cloud: LocalCloud
    let folder: URL
    let organizationID: String
    let token: String

    /// The `--reports` folder (made by `onboard`, so its mode is onboard's).
    var reports: String { folder.appendingPathComponent("reports").path }

    init(_ cloud: LocalCloud) throws {
        self.cloud = cloud
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        organizationID = FreshNames.accountID()
        token = "local-cloud-fake-token-\(UUID().uuidString.lowercased())"
    }

    /// Sets up a fixture: the local cloud (failing clearly without it) and a fresh organization.
    static func make() async throws -> RunFixture {
        try RunFixture(try await LocalCloud.require())
    }

    deinit {
        if ProcessInfo.processInfo.environment["ONBOARD_E2E_KEEP"] == nil {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// The access role every test's rows are assumed through (there is no default: moto lets the
    /// operator assume any role name).
    static let accessRole = ["--access-role-name", "OnboardAccess"]

    /// Seeds the payers (management accounts unless said otherwise) and this test's organization.
    func seed(
        payers: [Scenario.Payer], buckets: [Scenario.Bucket]? = nil, reports: [Scenario.Report]? = nil,
        tokens: [Scenario.Organization.Token]? = nil
    ) async throws {
        var scenario = Scenario()
        scenario.payers = payers
        scenario.spotOrganizations = [
            .init(id: organizationID, name: "e2e \(organizationID)", tokens: tokens ?? [.init(token: token, role: "admin")])
        ]
        scenario.buckets = buckets
        scenario.reportDefinitions = reports
        try await cloud.seed(scenario)
    }

    /// Seeds management accounts.
    func seedManagementAccounts(_ ids: [String]) async throws {
        try await seed(payers: ids.map { Scenario.Payer(accountId: $0) })
    }

    /// Writes the account list (the full header of Inputs/README.md) and returns its path.
    func writeAccountList(_ rows: [AccountRow], name: String = "accounts.csv") throws -> String {
        let header = "account_id,organization_name,aws_china,access_role_arn,access_external_id,aws_profile,products,cur_bucket,cur_report_name,cur_prefix,spot_account_id,spot_profile,billing_access_confirmed"
        let text = ([header] + rows.map(\.line)).joined(separator: "\n") + "\n"
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The environment of the child: the local cloud's, this organization's token, short waits.
    func childEnvironment(_ overrides: [String: String] = [:]) -> [String: String] {
        var environment = cloud.environment
        environment["SPOTINST_TOKEN"] = token
        environment["ONBOARD_QUICK_WAITS"] = "1"
        environment.merge(overrides) { $1 }
        return environment
    }

    /// Starts `onboard arguments…` (it runs until `finish`).
    func start(_ arguments: [String], environment overrides: [String: String] = [:]) throws -> ChildProcess {
        try OnboardProcess.start(arguments, environment: childEnvironment(overrides))
    }

    /// Runs `onboard arguments…` to its end.
    func onboard(_ arguments: [String], environment overrides: [String: String] = [:], timeout: Double = 300) async throws
        -> ChildProcess.Output
    {
        try await start(arguments, environment: overrides).finish(timeout: timeout)
    }

    /// Runs `onboard run FILE --reports <this test's folder> extra…`.
    func run(_ file: String, _ extra: [String] = [], environment overrides: [String: String] = [:], timeout: Double = 300)
        async throws -> ChildProcess.Output
    {
        try await onboard(["run", file, "--reports", reports] + Self.accessRole + extra, environment: overrides, timeout: timeout)
    }

    /// The run folder `latest` points at.
    func latestRun() throws -> RunReports {
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: reports + "/latest")
        return RunReports(path: reports + "/" + target)
    }

    /// The only run folder (`run-*`) under the reports folder; nil until there is exactly one.
    func onlyRunFolder() -> RunReports? {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: reports)) ?? []).filter { $0.hasPrefix("run-") }
        return names.count == 1 ? RunReports(path: reports + "/" + names[0]) : nil
    }

    /// Every regular file under the reports folder.
    func reportFiles() -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: reports) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = reports + "/" + relative
            var status = stat()
            if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG { files.append(path) }
        }
        return files.sorted()
    }
}

/// One row of an account list.
struct AccountRow: Sendable {
    var accountID: String
    var organizationName: String
    var awsChina = "no"
    var products = "cloud-analyzer"
    var curBucket = ""
    var curReportName = ""
    var billingAccessConfirmed = "yes"

    init(_ accountID: String, _ organizationName: String, products: String = "cloud-analyzer") {
        self.accountID = accountID
        self.organizationName = organizationName
        self.products = products
    }

    var line: String {
        [accountID, organizationName, awsChina, "", "", "", products, curBucket, curReportName, "", "", "", billingAccessConfirmed]
            .joined(separator: ",")
    }
}

// MARK: - Reading what a run wrote

/// A run folder's reports.
struct RunReports: Sendable {
    let path: String

    var runID: String { (path as NSString).lastPathComponent }

    func data(_ relative: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative))
    }

    func text(_ relative: String) throws -> String {
        String(decoding: try data(relative), as: UTF8.self)
    }

    func account(_ id: String) throws -> AccountReportFile {
        try Self.decoder.decode(AccountReportFile.self, from: try data("accounts/\(id).json"))
    }

    func summary() throws -> SummaryFile {
        try Self.decoder.decode(SummaryFile.self, from: try data("summary.json"))
    }

    /// The journal's complete lines (a torn last line is left out, as `--resume` does).
    func journal() throws -> [JournalEntry] {
        let text = (try? self.text("journal.jsonl")) ?? ""
        var lines = text.components(separatedBy: "\n")
        lines.removeLast()  // empty after the last newline, or a torn line
        return try lines.filter { !$0.isEmpty }.map { try Self.decoder.decode(JournalEntry.self, from: Data($0.utf8)) }
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

/// `accounts/<id>.json`.
struct AccountReportFile: Decodable, Sendable {
    struct Step: Decodable, Sendable, Equatable {
        var step: String
        var status: String
        var started: String
        var durationSeconds: Double
        var detail: String
    }
    struct Outputs: Decodable, Sendable {
        var spotAccountId: String?
        var spotAccountSource: String?
        var credentialsAction: String?
        var externalId: String?
        var spotRoleArn: String?
        var finOpsRoleArn: String?
        var costAndUsageReportAction: String?
        var stackName: String?
        var stackId: String?
        var stackAction: String?
        var registeredProducts: [String]?
    }
    struct Failure: Decodable, Sendable {
        var step: String
        var code: String
        var message: String
        var rerunMayFix: Bool
    }
    var schemaVersion: Int
    var accountId: String
    var organizationName: String
    var status: String
    var products: [String]
    var steps: [Step]
    var outputs: Outputs
    var error: Failure?
    var manualPrerequisites: [String]?
}

/// `summary.json`.
struct SummaryFile: Decodable, Sendable {
    struct Counts: Decodable, Sendable, Equatable {
        var total: Int
        var connected: Int
        var failed: Int
        var notStarted: Int
        var interrupted: Int = 0
    }
    struct Account: Decodable, Sendable {
        var accountId: String
        var status: String
        var failedStep: String?
        var errorCode: String?
        var rerunMayFix: Bool?
        var spotAccountId: String?
        var manualPrerequisites: [String]
    }
    var schemaVersion: Int
    var runId: String
    var counts: Counts
    var accounts: [Account]
}

/// A line of `journal.jsonl`.
struct JournalEntry: Decodable, Sendable {
    struct Record: Decodable, Sendable {
        var step: String
        var status: String
        var started: String
        var durationSeconds: Double
    }
    var kind: String
    var time: String
    var accountId: String?
    var record: Record?
    var detail: String?
}

/// The nine steps of the workflow, in order.
let allSteps = ["input", "partition", "login", "billing-access", "cur", "spot-account", "stack", "register", "verify"]

/// An ISO 8601 time with or without fractional seconds.
func parseTime(_ text: String) -> Date? {
    (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        ?? (try? Date(text, strategy: Date.ISO8601FormatStyle()))
}

/// Waits until `condition` holds (looking every 0.1 s), at most `timeout` seconds; whether it held.
func eventually(timeout: Double, _ condition: () throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        try await Task.sleep(for: .milliseconds(100))
    }
    return try condition()
}
