import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The bench cloud's answers: just enough of STS, Organizations, the CUR API, S3, CloudFormation
/// and Spot's API for `onboard run` to take fresh payers from start to connected, with the state
/// one account needs (its bucket, report definition, stack, Spot account) kept in memory.
///
/// It is a load generator's counterpart, NOT a witness: it checks no signature, no permission,
/// no IAM rule (the local cloud, Sources/LocalCloud, does that). Its answers have the shapes the
/// real services document, so the real `onboard` binary runs against it unchanged, and it costs
/// little CPU, so a benchmark measures onboard's own footprint, not a simulator's.
final class BenchCloud: Sendable {
    private let state = Mutex(BenchState())
    /// The operator's account (what `GetCallerIdentity` answers to a key that is not a payer's).
    static let operatorAccount = "123456789012"
    /// The Spot organization the fake token belongs to.
    static let spotOrganization = "606079871234"

    /// Answers `request`.
    func answer(_ request: BenchRequest) -> BenchResponse {
        if request.path.hasPrefix("/setup/") || request.path.hasPrefix("/cloudBilling/") || request.path.hasPrefix("/cbi/") {
            return spot(request)
        }
        switch request.signedService {
        case "sts": return sts(request)
        case "organizations": return organizations(request)
        case "cur": return costAndUsageReports(request)
        case "s3": return s3(request)
        case "cloudformation": return cloudFormation(request)
        default: return Self.unhandled(request)
        }
    }

    static func unhandled(_ request: BenchRequest) -> BenchResponse {
        FileHandle.standardError.write(Data("onboard-benchcloud: unhandled \(request.method) \(request.path) \(request.target ?? "")\n".utf8))
        return BenchResponse(status: 400, contentType: "application/json", body: #"{"message":"not served by the bench cloud"}"#)
    }

    /// The payer a request is signed for: `AssumeRole` hands out keys `ASIA<account>BNCH`.
    static func account(of request: BenchRequest) -> String {
        guard let key = request.accessKeyID, key.hasPrefix("ASIA"), key.utf8.count == 20 else { return operatorAccount }
        return String(key.dropFirst(4).prefix(12))
    }

    // MARK: - STS (query protocol, XML)

    private func sts(_ request: BenchRequest) -> BenchResponse {
        let fields = request.formFields
        let namespace = #"xmlns="https://sts.amazonaws.com/doc/2011-06-15/""#
        switch fields["Action"] {
        case "AssumeRole":
            let roleARN = fields["RoleArn"] ?? ""
            let parts = roleARN.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 6, parts[4].utf8.count == 12 else { return Self.unhandled(request) }
            let account = String(parts[4])
            let role = parts[5].split(separator: "/").last.map(String.init) ?? "role"
            let session = XML.escape(fields["RoleSessionName"] ?? "session")
            let duration = Double(fields["DurationSeconds"] ?? "3600") ?? 3600
            let expiration = Self.timestamp(Date().addingTimeInterval(duration))
            // Like STS, a fresh secret key and session token each time (real session tokens run
            // to several hundred characters), so what onboard keeps per session is measured.
            let (secret, token) = Self.fakeSessionSecrets()
            return Self.xml("""
                <AssumeRoleResponse \(namespace)><AssumeRoleResult><Credentials><AccessKeyId>ASIA\(account)BNCH</AccessKeyId>\
                <SecretAccessKey>\(secret)</SecretAccessKey>\
                <SessionToken>\(token)</SessionToken><Expiration>\(expiration)</Expiration></Credentials>\
                <AssumedRoleUser><AssumedRoleId>AROABENCHCLOUD:\(session)</AssumedRoleId>\
                <Arn>arn:aws:sts::\(account):assumed-role/\(XML.escape(role))/\(session)</Arn></AssumedRoleUser></AssumeRoleResult>\
                <ResponseMetadata><RequestId>\(UUID().uuidString)</RequestId></ResponseMetadata></AssumeRoleResponse>
                """)
        case "GetCallerIdentity":
            let account = Self.account(of: request)
            let arn = account == Self.operatorAccount
                ? "arn:aws:iam::\(account):user/bench-operator" : "arn:aws:sts::\(account):assumed-role/OnboardAccess/onboard-\(account)"
            return Self.xml("""
                <GetCallerIdentityResponse \(namespace)><GetCallerIdentityResult><UserId>AIDABENCHCLOUD</UserId>\
                <Account>\(account)</Account><Arn>\(arn)</Arn></GetCallerIdentityResult>\
                <ResponseMetadata><RequestId>\(UUID().uuidString)</RequestId></ResponseMetadata></GetCallerIdentityResponse>
                """)
        default:
            return Self.unhandled(request)
        }
    }

    // MARK: - Organizations (JSON 1.1): every payer is its organization's management account.

    private func organizations(_ request: BenchRequest) -> BenchResponse {
        guard request.target == "AWSOrganizationsV20161128.DescribeOrganization" else { return Self.unhandled(request) }
        let account = Self.account(of: request)
        let id = "o-bench\(account.suffix(5))"
        return Self.json(
            ["Organization": [
                "Id": id, "Arn": "arn:aws:organizations::\(account):organization/\(id)", "FeatureSet": "ALL",
                "MasterAccountArn": "arn:aws:organizations::\(account):account/\(id)/\(account)",
                "MasterAccountId": account, "MasterAccountEmail": "payer-\(account)@example.com",
            ] as [String: Any]], contentType: "application/x-amz-json-1.1")
    }

    // MARK: - Cost and Usage Reports (JSON 1.1)

    private func costAndUsageReports(_ request: BenchRequest) -> BenchResponse {
        let account = Self.account(of: request)
        switch request.target {
        case "AWSOrigamiServiceGatewayService.DescribeReportDefinitions":
            let definitions = state.withLock { $0.reportDefinitions[account] ?? [] }
            let objects = definitions.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) }
            return Self.json(["ReportDefinitions": objects], contentType: "application/x-amz-json-1.1")
        case "AWSOrigamiServiceGatewayService.PutReportDefinition":
            guard let definition = request.jsonObject["ReportDefinition"],
                let bytes = try? JSONSerialization.data(withJSONObject: definition)
            else { return Self.unhandled(request) }
            state.withLock { $0.reportDefinitions[account, default: []].append(Array(bytes)) }
            return BenchResponse(contentType: "application/x-amz-json-1.1", body: "{}")
        default:
            return Self.unhandled(request)
        }
    }

    // MARK: - S3 (REST, XML), path-style

    private func s3(_ request: BenchRequest) -> BenchResponse {
        let account = Self.account(of: request)
        let bucket = String(request.path.dropFirst().prefix { $0 != "/" })
        let region = [("x-amz-bucket-region", "us-east-1")]
        guard !bucket.isEmpty else {
            guard request.method == "GET" else { return Self.unhandled(request) }
            let names = state.withLock { state in state.buckets.filter { $0.value.owner == account }.keys.sorted() }
            let list = names.map { "<Bucket><Name>\($0)</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>" }
            return Self.xml(
                #"<?xml version="1.0" encoding="UTF-8"?><ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
                    + "<Owner><ID>\(account)</ID></Owner><Buckets>\(list.joined())</Buckets></ListAllMyBucketsResult>")
        }
        let existing = state.withLock { $0.buckets[bucket] }
        let isPolicy = request.query["policy"] != nil
        switch (request.method, isPolicy) {
        case ("HEAD", false):
            return BenchResponse(status: existing == nil ? 404 : 200, contentType: "application/xml", body: "", headers: region)
        case ("PUT", false):
            if let existing, existing.owner != account {
                return Self.s3Error(409, "BucketAlreadyExists", "The requested bucket name is not available.", bucket)
            }
            state.withLock { state in if state.buckets[bucket] == nil { state.buckets[bucket] = BenchBucket(owner: account) } }
            return BenchResponse(contentType: "application/xml", body: "", headers: [("Location", "/\(bucket)")])
        case ("GET", false) where request.query["location"] != nil:
            guard existing != nil else { return Self.s3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket) }
            return Self.xml(#"<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"/>"#)
        case ("GET", true):
            guard let existing else { return Self.s3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket) }
            guard let policy = existing.policy else {
                return Self.s3Error(404, "NoSuchBucketPolicy", "The bucket policy does not exist", bucket)
            }
            return BenchResponse(contentType: "application/json", body: String(decoding: policy, as: UTF8.self))
        case ("PUT", true):
            guard existing != nil else { return Self.s3Error(404, "NoSuchBucket", "The specified bucket does not exist", bucket) }
            state.withLock { $0.buckets[bucket]?.policy = request.body }
            return BenchResponse(status: 204, contentType: "application/xml", body: "")
        default:
            return Self.unhandled(request)
        }
    }

    private static func s3Error(_ status: Int, _ code: String, _ message: String, _ bucket: String) -> BenchResponse {
        var response = xml(
            #"<?xml version="1.0" encoding="UTF-8"?><Error><Code>"# + code + "</Code><Message>\(message)</Message>"
                + "<BucketName>\(XML.escape(bucket))</BucketName><RequestId>\(UUID().uuidString)</RequestId></Error>")
        response.status = status
        return response
    }

    // MARK: - CloudFormation (query protocol, XML): a stack is complete as soon as it is made.

    private func cloudFormation(_ request: BenchRequest) -> BenchResponse {
        let account = Self.account(of: request)
        let fields = request.formFields
        let namespace = #"xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/""#
        let name = fields["StackName"] ?? ""
        let key = "\(account)/\(name)"
        let stack = state.withLock { $0.stacks[key] }
        switch fields["Action"] {
        case "DescribeStacks":
            guard let stack else {
                var response = Self.xml("""
                    <ErrorResponse \(namespace)><Error><Type>Sender</Type><Code>ValidationError</Code>\
                    <Message>Stack with id \(XML.escape(name)) does not exist</Message></Error>\
                    <RequestId>\(UUID().uuidString)</RequestId></ErrorResponse>
                    """)
                response.status = 400
                return response
            }
            return Self.xml("""
                <DescribeStacksResponse \(namespace)><DescribeStacksResult><Stacks><member>\(stack.xml(account: account))</member></Stacks>\
                </DescribeStacksResult><ResponseMetadata><RequestId>\(UUID().uuidString)</RequestId></ResponseMetadata></DescribeStacksResponse>
                """)
        case "CreateStack", "UpdateStack":
            let creating = fields["Action"] == "CreateStack"
            if creating, stack != nil {
                var response = Self.xml("""
                    <ErrorResponse \(namespace)><Error><Type>Sender</Type><Code>AlreadyExistsException</Code>\
                    <Message>Stack [\(XML.escape(name))] already exists</Message></Error><RequestId>\(UUID().uuidString)</RequestId></ErrorResponse>
                    """)
                response.status = 400
                return response
            }
            let made = BenchStack(
                id: stack?.id ?? "arn:aws:cloudformation:us-east-1:\(account):stack/\(name)/\(UUID().uuidString.lowercased())",
                name: name, status: creating ? "CREATE_COMPLETE" : "UPDATE_COMPLETE",
                parameters: Self.members(fields, "Parameters", "ParameterKey", "ParameterValue"),
                tags: Self.members(fields, "Tags", "Key", "Value"))
            state.withLock { $0.stacks[key] = made }
            let action = fields["Action"] ?? ""
            return Self.xml("""
                <\(action)Response \(namespace)><\(action)Result><StackId>\(made.id)</StackId></\(action)Result>\
                <ResponseMetadata><RequestId>\(UUID().uuidString)</RequestId></ResponseMetadata></\(action)Response>
                """)
        case "DescribeStackEvents":
            let events = stack.map { stack in
                """
                <member><StackId>\(stack.id)</StackId><EventId>\(UUID().uuidString)</EventId><StackName>\(XML.escape(name))</StackName>\
                <LogicalResourceId>\(XML.escape(name))</LogicalResourceId><PhysicalResourceId>\(stack.id)</PhysicalResourceId>\
                <ResourceType>AWS::CloudFormation::Stack</ResourceType><Timestamp>\(Self.timestamp(Date()))</Timestamp>\
                <ResourceStatus>\(stack.status)</ResourceStatus></member>
                """
            }
            return Self.xml("""
                <DescribeStackEventsResponse \(namespace)><DescribeStackEventsResult><StackEvents>\(events ?? "")</StackEvents>\
                </DescribeStackEventsResult><ResponseMetadata><RequestId>\(UUID().uuidString)</RequestId></ResponseMetadata>\
                </DescribeStackEventsResponse>
                """)
        default:
            return Self.unhandled(request)
        }
    }

    /// `Prefix.member.N.KeyName` / `Prefix.member.N.ValueName` pairs in order.
    private static func members(_ fields: [String: String], _ prefix: String, _ keyName: String, _ valueName: String)
        -> [(String, String)]
    {
        var pairs: [(String, String)] = []
        var index = 1
        while let key = fields["\(prefix).member.\(index).\(keyName)"] {
            pairs.append((key, fields["\(prefix).member.\(index).\(valueName)"] ?? ""))
            index += 1
        }
        return pairs
    }

    // MARK: - Helpers

    static func xml(_ body: String) -> BenchResponse {
        BenchResponse(contentType: "text/xml", body: body)
    }

    static func json(_ object: [String: Any], contentType: String = "application/json", status: Int = 200) -> BenchResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data("{}".utf8)
        var response = BenchResponse(status: status, contentType: contentType, body: "")
        response.body = Array(data)
        return response
    }

    /// A fake secret access key (40 characters) and session token (700), random, as STS's
    /// AssumeRole answers differ each time; letters and digits only, for the local cloud.
    static func fakeSessionSecrets() -> (secret: String, token: String) {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var generator = SystemRandomNumberGenerator()
        func random(_ count: Int) -> String {
            String(decoding: (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }, as: UTF8.self)
        }
        return ("benchFake" + random(31), "benchFakeSessionToken" + random(679))
    }

    /// `2026-12-01T19:04:27.581Z` (UTC, milliseconds), without Foundation's formatters (slow).
    static func timestamp(_ date: Date) -> String {
        let interval = date.timeIntervalSince1970
        var seconds = time_t(interval)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let milliseconds = Int32((interval - Double(seconds)) * 1000)
        return "\(parts.tm_year + 1900)-\(digits(parts.tm_mon + 1, 2))-\(digits(parts.tm_mday, 2))T\(digits(parts.tm_hour, 2)):"
            + "\(digits(parts.tm_min, 2)):\(digits(parts.tm_sec, 2)).\(digits(milliseconds, 3))Z"
    }

    // MARK: - State access for the Spot half

    func withState<T>(_ body: (inout BenchState) -> T) -> T {
        state.withLock { body(&$0) }
    }
}

/// XML text escaping.
enum XML {
    static func escape(_ text: String) -> String {
        guard text.contains(where: { "&<>\"'".contains($0) }) else { return text }
        return text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}

/// What the bench cloud remembers: a few small records per account.
struct BenchState {
    var buckets: [String: BenchBucket] = [:]
    /// Report definitions (their JSON) by payer account.
    var reportDefinitions: [String: [[UInt8]]] = [:]
    /// Stacks by `account/name`.
    var stacks: [String: BenchStack] = [:]
    /// Spot accounts by id.
    var spotAccounts: [String: BenchSpotAccount] = [:]
    /// Spot account ids by linked AWS account.
    var spotAccountByCloudAccount: [String: String] = [:]
    var nextSpotAccount: UInt32 = 0x1000_0000
}

struct BenchBucket {
    var owner: String
    var policy: [UInt8]?
}

struct BenchStack {
    var id: String
    var name: String
    var status: String
    var parameters: [(String, String)]
    var tags: [(String, String)]

    /// The stack's `member` body in `DescribeStacks`: the template's two role outputs.
    func xml(account: String) -> String {
        let parameters = parameters.map {
            "<member><ParameterKey>\(XML.escape($0.0))</ParameterKey><ParameterValue>\(XML.escape($0.1))</ParameterValue></member>"
        }
        let tags = tags.map { "<member><Key>\(XML.escape($0.0))</Key><Value>\(XML.escape($0.1))</Value></member>" }
        // The template's outputs and role names (Sources/Onboarding/Template/StackTemplate.swift:
        // spotRoleOutput/spotRoleName, finOpsRoleOutput/finOpsRoleName); kept literal so the
        // bench cloud builds without onboard's modules.
        let outputs = [("SpotRoleArn", "SpotOnboardingRole"), ("SpotFinOpsRoleArn", "SpotOnboardingFinOpsRole")].map { "<member><OutputKey>\($0.0)</OutputKey><OutputValue>arn:aws:iam::\(account):role/\($0.1)</OutputValue></member>" }
        return """
            <StackId>\(id)</StackId><StackName>\(XML.escape(name))</StackName><Parameters>\(parameters.joined())</Parameters>\
            <CreationTime>2026-01-01T00:00:00.000Z</CreationTime><StackStatus>\(status)</StackStatus>\
            <DisableRollback>false</DisableRollback><NotificationARNs/><Outputs>\(outputs.joined())</Outputs>\
            <Tags>\(tags.joined())</Tags><EnableTerminationProtection>false</EnableTerminationProtection>
            """
    }
}

struct BenchSpotAccount {
    var name: String
    var cloudAccountID: String?
    var externalID: String?
}
