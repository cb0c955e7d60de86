import AWSKit
import Foundation
import HTTPCore
import Synchronization

/// The Cost and Usage Report API (JSON 1.1, `AWSOrigamiServiceGatewayService.<Op>`) that moto
/// lacks: definitions kept per AWS account, served only in us-east-1 and cn-northwest-1, with the
/// real service's checks and errors.
final class CURService: Sendable {
    /// A stored definition with its tags.
    struct StoredReport: Sendable {
        var definition: ReportDefinition
        var tags: [String: String]
    }

    /// The most definitions one account may have.
    static let reportLimit = 5
    /// The regions CUR is served in.
    static let regions: Set<String> = ["us-east-1", "cn-northwest-1"]

    private let reports = Mutex<[String: [String: StoredReport]]>([:])
    private let moto: MotoGateway

    init(moto: MotoGateway) {
        self.moto = moto
    }

    /// The definitions of `account`, sorted by name (for tests and seeding checks).
    func definitions(account: String) -> [ReportDefinition] {
        reports.withLock { ($0[account] ?? [:]).values.map(\.definition).sorted { $0.reportName < $1.reportName } }
    }

    /// The accounts that have definitions.
    func accounts() -> [String] {
        reports.withLock { $0.filter { !$1.isEmpty }.keys.sorted() }
    }

    /// Stores `definition` for `account` without checks (scenario seeding).
    func seed(_ definition: ReportDefinition, account: String) {
        reports.withLock { $0[account, default: [:]][definition.reportName] = StoredReport(definition: definition, tags: [:]) }
    }

    /// Answers one CUR request made by `account` in `region`.
    func handle(
        _ request: SandboxRequest, operation: String, account: String, region: String,
        reply: @escaping @Sendable (SandboxResponse) -> Void
    ) {
        guard Self.regions.contains(region) else {
            reply(Self.error(400, "UnrecognizedClientException",
                "Cost and Usage Reports are served only in us-east-1 and cn-northwest-1, not in \(region)."))
            return
        }
        let input = request.jsonObject() ?? [:]
        switch operation {
        case "PutReportDefinition": put(input, account: account, reply: reply)
        case "DescribeReportDefinitions": reply(describe(input, account: account))
        case "ModifyReportDefinition": modify(input, account: account, reply: reply)
        case "DeleteReportDefinition": reply(delete(input, account: account))
        case "ListTagsForResource", "TagResource", "UntagResource": reply(tags(operation, input, account: account))
        default:
            reply(Self.error(400, "UnknownOperationException", "Unknown operation \(operation)"))
        }
    }

    // MARK: - Operations

    private func put(_ input: [String: Any], account: String, reply: @escaping @Sendable (SandboxResponse) -> Void) {
        let definition: ReportDefinition
        switch Self.decodeDefinition(input["ReportDefinition"]) {
        case .failure(let rejection): return reply(rejection.response)
        case .success(let decoded): definition = decoded
        }
        if let problem = CURDefinitionRules.problem(with: definition) { return reply(Self.validation(problem)) }
        let tags = Self.decodeTags(input["Tags"])
        checkBucket(definition, account: account) { [self] problem in
            if let problem { return reply(Self.rejection(problem)) }
            let outcome: SandboxResponse? = reports.withLock { all in
                var mine = all[account] ?? [:]
                if mine[definition.reportName] != nil {
                    return Self.error(400, "DuplicateReportNameException",
                        "A report with the name \(definition.reportName) already exists.")
                }
                if mine.count >= Self.reportLimit {
                    return Self.error(400, "ReportLimitReachedException",
                        "Report limit reached: an account may have at most \(Self.reportLimit) report definitions.")
                }
                mine[definition.reportName] = StoredReport(definition: definition, tags: tags)
                all[account] = mine
                return nil
            }
            reply(outcome ?? Self.ok([:]))
        }
    }

    private func describe(_ input: [String: Any], account: String) -> SandboxResponse {
        let pageSize = 5
        if let maxResults = input["MaxResults"] as? Int, maxResults != 5 {
            return Self.validation("1 validation error detected: Value '\(maxResults)' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 5 and greater than or equal to 5")
        }
        var start = 0
        if let token = input["NextToken"] as? String {
            guard token.hasPrefix("page-"), let offset = Int(token.dropFirst(5)), offset >= 0 else {
                return Self.validation("The NextToken \(token) is not valid.")
            }
            start = offset
        }
        let all = definitions(account: account)
        let page = all.dropFirst(start).prefix(pageSize)
        var output: [String: Any] = ["ReportDefinitions": page.map(Self.encode)]
        if start + page.count < all.count { output["NextToken"] = "page-\(start + page.count)" }
        return Self.ok(output)
    }

    private func modify(_ input: [String: Any], account: String, reply: @escaping @Sendable (SandboxResponse) -> Void) {
        guard let name = input["ReportName"] as? String else { return reply(Self.validation("ReportName is required.")) }
        let definition: ReportDefinition
        switch Self.decodeDefinition(input["ReportDefinition"]) {
        case .failure(let rejection): return reply(rejection.response)
        case .success(let decoded): definition = decoded
        }
        if let problem = CURDefinitionRules.problem(with: definition) { return reply(Self.validation(problem)) }
        guard definition.reportName == name else {
            return reply(Self.validation("The report name in the definition must match ReportName \(name)."))
        }
        guard reports.withLock({ $0[account]?[name] }) != nil else {
            return reply(Self.validation("Report definition \(name) does not exist."))
        }
        checkBucket(definition, account: account) { [self] problem in
            if let problem { return reply(Self.rejection(problem)) }
            reports.withLock { $0[account]?[name]?.definition = definition }
            reply(Self.ok([:]))
        }
    }

    private func delete(_ input: [String: Any], account: String) -> SandboxResponse {
        guard let name = input["ReportName"] as? String else { return Self.validation("ReportName is required.") }
        if let problem = CURDefinitionRules.nameProblem(name) { return Self.validation(problem) }
        let removed = reports.withLock { $0[account]?.removeValue(forKey: name) }
        guard removed != nil else { return Self.validation("Report definition \(name) does not exist.") }
        return Self.ok(["ResponseMessage": "Report definition \(name) deleted."])
    }

    private func tags(_ operation: String, _ input: [String: Any], account: String) -> SandboxResponse {
        guard let name = input["ReportName"] as? String else { return Self.validation("ReportName is required.") }
        return reports.withLock { all -> SandboxResponse in
            guard var report = all[account]?[name] else {
                return Self.error(400, "ResourceNotFoundException", "Report definition \(name) was not found.")
            }
            switch operation {
            case "TagResource":
                report.tags.merge(Self.decodeTags(input["Tags"])) { $1 }
            case "UntagResource":
                for key in input["TagKeys"] as? [String] ?? [] { report.tags.removeValue(forKey: key) }
            default:
                return Self.ok(["Tags": report.tags.sorted { $0.key < $1.key }.map { ["Key": $0.key, "Value": $0.value] }])
            }
            all[account]?[name] = report
            return Self.ok([:])
        }
    }

    /// AWS checks that the bucket exists and its policy lets the billing service deliver to it.
    private func checkBucket(
        _ definition: ReportDefinition, account: String, completion: @escaping @Sendable (String?) -> Void
    ) {
        let bucket = definition.s3Bucket
        moto.call(
            account: account, service: "s3", region: definition.s3Region, method: "GET",
            target: "/\(bucket)?policy", form: nil
        ) { result in
            switch result {
            case .success(let response) where response.status == 200:
                let policy = String(decoding: response.body, as: UTF8.self)
                completion(policy.contains("billingreports.amazonaws.com") ? nil
                    : "Failed to verify customer bucket permission. accountId= \(account), bucket= \(bucket), region= \(definition.s3Region)")
            case .success:
                completion("Failed to verify customer bucket permission. accountId= \(account), bucket= \(bucket), region= \(definition.s3Region)")
            case .failure(let error):
                completion(Self.internalFailurePrefix + "could not reach S3 to verify the bucket: \(error.message)")
            }
        }
    }

    // MARK: - Encoding

    /// A request refused before it reached the store.
    struct Rejection: Error {
        var response: SandboxResponse
    }

    private static func decodeDefinition(_ value: Any?) -> Result<ReportDefinition, Rejection> {
        guard let object = value as? [String: Any], let data = try? JSONSerialization.data(withJSONObject: object) else {
            return .failure(Rejection(response: validation("ReportDefinition is required.")))
        }
        do {
            return .success(try JSONDecoder().decode(ReportDefinition.self, from: data))
        } catch DecodingError.keyNotFound(let key, _) {
            return .failure(Rejection(response: validation("1 validation error detected: Value null at 'reportDefinition.\(key.stringValue)' failed to satisfy constraint: Member must not be null")))
        } catch {
            return .failure(Rejection(response: validation("ReportDefinition is not valid: \(error)")))
        }
    }

    private static func decodeTags(_ value: Any?) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in value as? [[String: Any]] ?? [] {
            if let key = tag["Key"] as? String, let value = tag["Value"] as? String { tags[key] = value }
        }
        return tags
    }

    private static func encode(_ definition: ReportDefinition) -> Any {
        let data = (try? JSONEncoder().encode(definition)) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data)) ?? [:]
    }

    static func ok(_ output: [String: Any]) -> SandboxResponse {
        var response = SandboxResponse.json(200, output, contentType: "application/x-amz-json-1.1")
        response.headers.append(("x-amzn-RequestId", UUID().uuidString.lowercased()))
        return response
    }

    /// Marks a bucket check that failed on the sandbox's side, not the caller's.
    static let internalFailurePrefix = "internal: "

    /// A failed bucket check: InternalErrorException (500) when S3 could not be asked,
    /// ValidationException otherwise.
    static func rejection(_ problem: String) -> SandboxResponse {
        if problem.hasPrefix(internalFailurePrefix) {
            return error(500, "InternalErrorException", String(problem.dropFirst(internalFailurePrefix.count)))
        }
        return validation(problem)
    }

    static func validation(_ message: String) -> SandboxResponse {
        error(400, "ValidationException", message)
    }

    static func error(_ status: Int, _ code: String, _ message: String) -> SandboxResponse {
        AWSErrorReply.make(.json, status: status, code: code, message: message)
    }
}
