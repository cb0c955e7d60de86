import AWSKit
import AccountList
import Foundation
import Onboarding

@testable import Reports

/// Results and run folders the report tests share.
enum ReportFixtures {
    /// 2026-11-27T00:00:00Z.
    static let start = Date(timeIntervalSince1970: 1_795_737_600)

    static func definition(bucket: String = "spot-cur-111111111111") -> ReportDefinition {
        ReportDefinition(
            reportName: "spot-cur-hourly", timeUnit: .hourly, format: .parquet, compression: .parquet,
            additionalSchemaElements: [.resources], s3Bucket: bucket, s3Prefix: "cur", s3Region: "us-east-1",
            additionalArtifacts: [.athena], refreshClosedReports: true, reportVersioning: .overwriteReport)
    }

    static func steps(_ steps: [WorkflowStep], from offset: Double = 0) -> [StepRecord] {
        steps.enumerated().map { index, step in
            StepRecord(
                step: step, status: step == .billingAccess ? .attention : .succeeded,
                started: start.addingTimeInterval(offset + Double(index) * 2), duration: 1.5,
                detail: "\(step.rawValue) done")
        }
    }

    static func connectedOutputs(_ accountID: String = "111111111111") -> AccountOutputs {
        var outputs = AccountOutputs()
        outputs.spotAccountID = "act-12345678"
        outputs.spotAccountSource = .created
        outputs.credentialsAction = .link
        outputs.externalID = "spot-external-id-1"
        outputs.costAndUsageReport = definition(bucket: "spot-cur-\(accountID)")
        outputs.costAndUsageReportAction = .created
        outputs.stackName = "SpotFinOps-\(accountID)"
        outputs.stackID = "arn:aws:cloudformation:us-east-1:\(accountID):stack/SpotFinOps/abc"
        outputs.stackAction = .created
        outputs.spotRoleARN = "arn:aws:iam::\(accountID):role/SpotRole"
        outputs.finOpsRoleARN = "arn:aws:iam::\(accountID):role/SpotFinOpsRole"
        outputs.registeredProducts = ["cloudBilling", "cbi"]
        outputs.connectedAt = start.addingTimeInterval(20)
        outputs.dataExpectedBy = start.addingTimeInterval(20 + 48 * 3600)
        outputs.dataStatus = .pending
        return outputs
    }

    /// Outputs with every member set (whole seconds: the account report's dates have none), a
    /// pro-forma report's view and delivery status included.
    static func everyOutput(_ accountID: String = "111111111111") -> AccountOutputs {
        var outputs = connectedOutputs(accountID)
        outputs.spotProfile = "partner-b"
        var definition = definition(bucket: "spot-cur-\(accountID)")
        definition.billingViewArn = "arn:aws:billing::\(accountID):billingview/custom-1"
        definition.reportStatus = ReportDefinition.Status(lastDelivery: "20261126T000000Z", lastStatus: "SUCCESS")
        outputs.costAndUsageReport = definition
        outputs.dataStatus = .ready
        outputs.dataStatusCheckedAt = start.addingTimeInterval(3600)
        outputs.pendingSpotAccountCreation = SpotAccountCreationIntent(
            name: "Acme | Co", requestedAt: start.addingTimeInterval(5), namesakesBefore: ["act-0a0b0c0d", "act-1a1b1c1d"])
        // An offboard run's key (only in its reports; the previous version's files predate it).
        outputs.offboarding = OffboardingOutputs(
            mode: .apply, fromRuns: ["run-20261201-100000"], spotAccount: .deleted, stack: .deleted,
            costAndUsageReportDefinition: .kept)
        return outputs
    }

    /// A connected result whose outputs have every member set.
    static func connectedWithEveryOutput() -> AccountResult {
        var result = connected()
        result.outputs = everyOutput()
        return result
    }

    static func connected(_ accountID: String = "111111111111", organization: String = "Acme | Co") -> AccountResult {
        AccountResult(
            accountID: accountID, organizationName: organization, line: 2, partition: .aws,
            products: [.cloudAnalyzer, .eco], status: .connected, steps: steps(WorkflowStep.onboarding),
            outputs: connectedOutputs(accountID),
            manualPrerequisites: ["Activate IAM user and role access to the Billing console"], started: start,
            finished: start.addingTimeInterval(20))
    }

    static func failed(
        _ accountID: String = "222222222222", organization: String = "Globex", code: String = "AccessDenied",
        message: String = "User is not authorized to perform cur:PutReportDefinition", rerunMayFix: Bool = false
    ) -> AccountResult {
        var records = steps([.input, .partition, .login, .billingAccess])
        records.append(
            StepRecord(step: .costAndUsageReport, status: .failed, started: start.addingTimeInterval(8), duration: 0.25, detail: message))
        var outputs = AccountOutputs()
        outputs.externalID = "spot-external-id-2"
        return AccountResult(
            accountID: accountID, organizationName: organization, line: 3, partition: .aws, products: [.cloudAnalyzer],
            status: .failed, steps: records, outputs: outputs,
            error: AccountFailure(step: .costAndUsageReport, code: FailureCode(rawValue: code), message: message, rerunMayFix: rerunMayFix),
            started: start, finished: start.addingTimeInterval(9))
    }

    /// An account stopped after `cur` by a signal's grace running out.
    static func interrupted(_ accountID: String = "555555555555", organization: String = "Hooli") -> AccountResult {
        var outputs = AccountOutputs()
        outputs.costAndUsageReport = definition(bucket: "spot-cur-\(accountID)")
        return AccountResult(
            accountID: accountID, organizationName: organization, line: 6, partition: .aws, products: [.cloudAnalyzer],
            status: .interrupted, steps: steps([.input, .partition, .login, .billingAccess, .costAndUsageReport]),
            outputs: outputs, started: start)
    }

    /// The problems of two invalid rows: line 7 has two, line 9 one (of the whole row).
    static let invalidRows: [BatchSummary.InvalidRow] = [
        .init(line: 7, column: "account_id", message: "12345 is not a 12-digit account id"),
        .init(line: 7, column: "products", message: "unknown product <script>"),
        .init(line: 9, column: nil, message: "the row has 15 fields; the header has 13"),
    ]

    static func notStarted(_ accountID: String = "333333333333", organization: String = "Initech") -> AccountResult {
        AccountResult(
            accountID: accountID, organizationName: organization, line: 4, partition: .awsChina, products: [.cloudAnalyzer],
            status: .notStarted, manualPrerequisites: ["stopped by --max-failures 1"])
    }
}

/// A run folder under the temporary directory, removed by `remove()`.
struct TemporaryRun {
    let root: String
    let folder: RunFolder

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-reports-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        folder = try RunFolder.create(in: root, kind: "run", at: ReportFixtures.start)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    func text(_ relativePath: String) throws -> String {
        try String(contentsOfFile: "\(folder.path)/\(relativePath)", encoding: .utf8)
    }

    func json(_ relativePath: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder.path)/\(relativePath)"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        return object
    }

    func mode(_ relativePath: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: "\(folder.path)/\(relativePath)")[.posixPermissions] as? Int
    }
}
