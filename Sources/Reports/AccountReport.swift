import AWSKit
import AccountList
import Foundation
import Onboarding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The per-account report, `accounts/<account_id>.json`: an `AccountResult` in the report's own,
/// stable layout (snake_case keys spelled out, so the file reads back without guessing).
///
/// `started`, `finished` and `outputs` are always present (`null` or empty when unknown);
/// `error` only for a failed account.
public struct AccountReport: Sendable, Hashable, Codable {
    /// The layout's version (`AccountResult.schemaVersion` when written by this version).
    public var schemaVersion: Int
    /// The payer account's id.
    public var accountID: String
    /// The organization's name, as given in the account list.
    public var organizationName: String
    /// The line of the account list the row starts on.
    public var line: Int
    /// The account's partition.
    public var partition: Partition
    /// The products the account is connected for.
    public var products: [Product]
    /// How the account ended.
    public var status: AccountStatus
    /// The steps run, in order.
    public var steps: [Step]
    /// What the steps produced.
    public var outputs: Outputs
    /// Why the account failed, for a failed account.
    public var error: Failure?
    /// What a person must still do.
    public var manualPrerequisites: [String]
    /// When the account's first step started.
    public var started: Date?
    /// When the account ended.
    public var finished: Date?

    /// The report of `result`.
    public init(_ result: AccountResult) {
        schemaVersion = AccountResult.schemaVersion
        accountID = result.accountID
        organizationName = result.organizationName
        line = result.line
        partition = result.partition
        products = result.products
        status = result.status
        steps = result.steps.map(Step.init)
        outputs = Outputs(result.outputs)
        error = result.error.map(Failure.init)
        manualPrerequisites = result.manualPrerequisites
        started = result.started
        finished = result.finished
    }

    /// The result this report holds.
    public var result: AccountResult {
        AccountResult(
            accountID: accountID, organizationName: organizationName, line: line, partition: partition,
            products: products, status: status, steps: steps.map(\.record), outputs: outputs.accountOutputs,
            error: error?.accountFailure, manualPrerequisites: manualPrerequisites, started: started,
            finished: finished)
    }

    /// Reads a report written by `AccountReportWriter` (the file itself must not be a symbolic
    /// link; `AccountReportWriter.read(accountID:)` also refuses links in the folders on the way).
    ///
    /// - Throws: `ReportReadError` when the file is missing or unreadable, is not a report, or was
    ///   written by a newer version (a higher `schema_version`).
    public static func read(from path: String) throws -> AccountReport {
        let bytes: [UInt8]
        let parent = RunFolder.parentPath(of: path)
        do throws(ReportFiles.Failure) {
            let folder = try ReportFiles.openFolder(parent.isEmpty ? "." : parent)
            defer { ReportFiles.closeQuietly(folder) }
            let file = try ReportFiles.openFile(folder, (path as NSString).lastPathComponent, flags: O_RDONLY)
            defer { ReportFiles.closeQuietly(file) }
            bytes = try ReportFiles.readAll(file, path)
        } catch {
            throw ReportReadError(operation: .readFile, path: path, reason: error.code == ENOENT ? "no such file" : error.reason)
        }
        return try decode(Data(bytes), path: path)
    }

    /// Decodes a report's JSON; `path` names it in errors.
    ///
    /// - Throws: `ReportReadError` (`decode` or `unsupportedVersion`).
    public static func decode(_ data: Data, path: String) throws -> AccountReport {
        do {
            let version = try ReportEncoding.decode(Version.self, from: data).schemaVersion
            guard version <= AccountResult.schemaVersion else {
                throw ReportReadError(
                    operation: .unsupportedVersion, path: path,
                    reason: "schema_version \(version) is newer than this onboard reads (\(AccountResult.schemaVersion))")
            }
            return try ReportEncoding.decode(AccountReport.self, from: data)
        } catch let error as ReportReadError {
            throw error
        } catch {
            throw ReportReadError(operation: .decode, path: path, reason: Self.reason(error))
        }
    }

    /// Only the version, read before the rest.
    private struct Version: Decodable {
        var schemaVersion: Int
        enum CodingKeys: String, CodingKey { case schemaVersion = "schema_version" }
    }

    /// A decoding error's reason without the whole coding path noise.
    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "unexpected value at \(path(context.codingPath)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "invalid value at \(path(context.codingPath)): \(context.debugDescription)"
        default:
            return error.localizedDescription
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case accountID = "account_id"
        case organizationName = "organization_name"
        case line, partition, products, status, steps, outputs, error
        case manualPrerequisites = "manual_prerequisites"
        case started, finished
    }

    /// Decodes a report; `steps`, `outputs`, `manual_prerequisites` and the times may be absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        schemaVersion = try container.decode(Int.self, forKey: .schemaVersion)
        accountID = try container.decode(String.self, forKey: .accountID)
        organizationName = try container.decode(String.self, forKey: .organizationName)
        line = try container.decode(Int.self, forKey: .line)
        partition = try container.decode(Partition.self, forKey: .partition)
        products = try container.decode([Product].self, forKey: .products)
        status = try container.decode(AccountStatus.self, forKey: .status)
        steps = try container.decodeIfPresent([Step].self, forKey: .steps) ?? []
        outputs = try container.decodeIfPresent(Outputs.self, forKey: .outputs) ?? Outputs(AccountOutputs())
        error = try container.decodeIfPresent(Failure.self, forKey: .error)
        manualPrerequisites = try container.decodeIfPresent([String].self, forKey: .manualPrerequisites) ?? []
        started = try container.decodeIfPresent(Date.self, forKey: .started)
        finished = try container.decodeIfPresent(Date.self, forKey: .finished)
    }

    /// Encodes every key, `started` and `finished` as `null` when unknown, `error` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(accountID, forKey: .accountID)
        try container.encode(organizationName, forKey: .organizationName)
        try container.encode(line, forKey: .line)
        try container.encode(partition, forKey: .partition)
        try container.encode(products, forKey: .products)
        try container.encode(status, forKey: .status)
        try container.encode(steps, forKey: .steps)
        try container.encode(outputs, forKey: .outputs)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(manualPrerequisites, forKey: .manualPrerequisites)
        try container.encode(started, forKey: .started)
        try container.encode(finished, forKey: .finished)
    }
}
