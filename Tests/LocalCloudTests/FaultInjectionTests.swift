import AWSKit
import Foundation
import HTTPCore
import LocalCloud
import TestSupport
import Testing

/// Fault rules added through `POST /sandbox/faults`, each scoped to an account of its own test,
/// seen by one-attempt calls (retries would hide them).
@Suite("Fault injection")
struct FaultInjectionTests {
    /// One protocol's probe: a call the rule's account makes, and what the rule targets.
    enum Probe: String, CaseIterable, CustomTestStringConvertible, Sendable {
        /// STS GetCallerIdentity (query protocol).
        case query
        /// Organizations DescribeOrganization (JSON 1.1).
        case json
        /// S3 CreateBucket (REST-XML).
        case restXML

        var testDescription: String { rawValue }

        var service: String {
            switch self {
            case .query: "sts"
            case .json: "organizations"
            case .restXML: "s3"
            }
        }

        var operation: String {
            switch self {
            case .query: "GetCallerIdentity"
            case .json: "DescribeOrganization"
            case .restXML: "CreateBucket"
            }
        }

        func call(_ cloud: LocalCloud) throws -> AWSCall {
            switch self {
            case .query:
                return QueryRequest(action: "GetCallerIdentity", version: "2011-06-15").call(service: .sts, endpoint: cloud.endpoint(.sts))
            case .json:
                return try JSONRequest.call(
                    service: .organizations, targetPrefix: OrganizationsClient.targetPrefix, operation: "DescribeOrganization",
                    input: [String: String](), endpoint: cloud.endpoint(.organizations))
            case .restXML:
                return AWSCall(
                    service: .s3, operation: "CreateBucket", endpoint: cloud.endpoint(.s3), errorFormat: .restXML, method: "PUT",
                    path: "/" + FreshNames.bucketName("fault", prefix: "lc-test"))
            }
        }

        /// The code moto's own answer has when no fault fires (nil: success).
        var unfaultedCode: String? {
            switch self {
            case .json: "AWSOrganizationsNotInUseException"
            default: nil
            }
        }
    }

    static func rule(_ probe: Probe, account: String, _ action: FaultRule.Action, count: Int? = nil, latency: Double? = nil)
        -> FaultRule
    {
        FaultRule(
            service: probe.service, operation: probe.operation, account: account, action: action, count: count,
            latencySeconds: latency)
    }

    /// Sends `probe` as `credentials`' account, once.
    static func send(_ probe: Probe, _ cloud: LocalCloud, as credentials: any CredentialProvider)
        async throws -> Result<AWSResponse, AWSError>
    {
        await cloud.send(try probe.call(cloud), credentials: credentials)
    }

    /// Whether `result` is moto's own answer (the request passed the sandbox's faults).
    static func passed(_ probe: Probe, _ result: Result<AWSResponse, AWSError>) -> Bool {
        switch result {
        case .success: probe.unfaultedCode == nil
        case .failure(let error): error.code == probe.unfaultedCode
        }
    }

    // MARK: - Throttling

    @Test("throttle on STS GetCallerIdentity: HTTP 400 <Code>Throttling</Code>")
    func throttleQuery() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let rule = Self.rule(.query, account: account, .throttle)
        try await cloud.addFaults([rule])

        let error = try #require(try await Self.send(.query, cloud, as: credentials).failure)

        #expect(error.httpStatus == 400)
        #expect(error.code == "Throttling")
        #expect(error.isRetryable)
        #expect(try await cloud.fired(rule) == 1)
    }

    @Test("throttle on Organizations: HTTP 400 with __type ThrottlingException")
    func throttleJSON() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let rule = Self.rule(.json, account: account, .throttle)
        try await cloud.addFaults([rule])

        // Raw, to see the wire format.
        let call = try Probe.json.call(cloud)
        let request = try #require(AWSRequest(method: "POST", url: cloud.awsEndpointURL + "/", headers: call.headers, body: call.body))
        let signed = SigV4Signer(signingName: "organizations", region: "us-east-1")
            .sign(request, credentials: try await credentials.credentials(), date: Date())
        let reply = try await cloud.http(signed.method, signed.url, headers: signed.headers, body: signed.body)

        #expect(reply.status == 400)
        #expect(reply.json["__type"].string == "ThrottlingException")
        #expect(reply.header("Content-Type") == "application/x-amz-json-1.1")
        #expect(try await cloud.fired(rule) == 1)

        let error = try #require(try await Self.send(.json, cloud, as: credentials).failure)
        #expect(error.code == "ThrottlingException")
        #expect(error.httpStatus == 400)
        #expect(try await cloud.fired(rule) == 2)
    }

    @Test("throttle on S3 HeadBucket and CreateBucket: HTTP 503 SlowDown")
    func throttleS3() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let bucket = FreshNames.bucketName("slowdown", prefix: "lc-test")
        let s3 = S3Client(client: cloud.client(), endpoints: cloud.endpoints, region: "us-east-1")
        #expect(try await s3.createBucket(name: bucket, region: "us-east-1", credentials: credentials) == .created)
        let head = FaultRule(service: "s3", operation: "HeadBucket", account: account, action: .throttle)
        let create = FaultRule(service: "s3", operation: "CreateBucket", account: account, action: .throttle)
        try await cloud.addFaults([head, create])

        let headError = await awsError { _ = try await s3.headBucket(bucket, credentials: credentials) }
        #expect(headError?.httpStatus == 503)

        let createError = await awsError {
            _ = try await s3.createBucket(name: FreshNames.bucketName("slowdown", prefix: "lc-test"), region: "us-east-1", credentials: credentials)
        }
        #expect(createError?.httpStatus == 503)
        #expect(createError?.code == "SlowDown")
        #expect(try await cloud.fired(head) == 1)
        #expect(try await cloud.fired(create) == 1)

        // The connection pool still works after a faulted HEAD: another account's HeadBucket passes.
        let other = try await cloud.credentials(in: FreshNames.accountID())
        let otherBucket = FreshNames.bucketName("slowdown", prefix: "lc-test")
        #expect(try await s3.createBucket(name: otherBucket, region: "us-east-1", credentials: other) == .created)
        #expect(try await s3.headBucket(otherBucket, credentials: other) == .reachable(region: "us-east-1"))
    }

    // MARK: - Server errors

    @Test("error-500 and error-503 in each protocol's error format", arguments: Probe.allCases, [500, 503])
    func serverErrors(probe: Probe, status: Int) async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let rule = Self.rule(probe, account: account, status == 500 ? .error500 : .error503)
        try await cloud.addFaults([rule])

        let error = try #require(try await Self.send(probe, cloud, as: credentials).failure)

        let codes: [Probe: [Int: String]] = [
            .query: [500: "InternalError", 503: "ServiceUnavailable"],
            .json: [500: "InternalFailure", 503: "ServiceUnavailableException"],
            .restXML: [500: "InternalError", 503: "ServiceUnavailable"],
        ]
        #expect(error.httpStatus == status)
        #expect(error.code == codes[probe]?[status])
        #expect(error.message == "injected by onboard-sandbox")
        #expect(try await cloud.fired(rule) == 1)
    }

    // MARK: - Drop and latency

    @Test("drop: the client sees the connection close without a response")
    func drop() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let rule = Self.rule(.query, account: account, .drop)
        try await cloud.addFaults([rule])

        let error = try #require(try await Self.send(.query, cloud, as: credentials).failure)

        #expect(error.code == "ConnectionFailed", "\(error)")
        #expect(error.httpStatus == nil)
        #expect(try await cloud.fired(rule) == 1)
        // The sandbox still answers.
        let health = try await cloud.http("GET", cloud.sandboxURL + "/sandbox/health")
        #expect(health.status == 200)
    }

    @Test("latency delays the request by about latencySeconds, then it succeeds")
    func latency() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let bystander = try await cloud.credentials(in: FreshNames.accountID())
        let delay = 1.5
        let rule = Self.rule(.query, account: account, .latency, latency: delay)
        try await cloud.addFaults([rule])

        let clock = ContinuousClock()
        var delayed: Result<AWSResponse, AWSError>?
        let slow = try await clock.measure { delayed = try await Self.send(.query, cloud, as: credentials) }
        var undelayed: Result<AWSResponse, AWSError>?
        let fast = try await clock.measure { undelayed = try await Self.send(.query, cloud, as: bystander) }

        #expect((try? delayed?.get()) != nil, "the delayed request succeeds")
        #expect((try? undelayed?.get()) != nil)
        // Only the lower bound is a property of the rule: how much longer a request takes on a
        // loaded machine is not. That the bystander was not delayed shows in the fire count.
        #expect(slow >= .milliseconds(Int(delay * 1000) - 50), "took \(slow)")
        print("latency rule: delayed request \(slow), unaffected request \(fast)")
        #expect(try await cloud.fired(rule) == 1)
    }

    // MARK: - Counting and scope

    @Test("count: N fires exactly N times, then requests pass")
    func countLimit() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account)
        let rule = Self.rule(.query, account: account, .throttle, count: 2)
        try await cloud.addFaults([rule])

        var codes: [String] = []
        for _ in 0..<4 {
            switch try await Self.send(.query, cloud, as: credentials) {
            case .success: codes.append("ok")
            case .failure(let error): codes.append(error.code)
            }
        }

        #expect(codes == ["Throttling", "Throttling", "ok", "ok"])
        #expect(try await cloud.fired(rule) == 2)
    }

    @Test("A rule for account A does not fire for account B", arguments: Probe.allCases)
    func scopedToAccount(probe: Probe) async throws {
        let cloud = try LocalCloud.current()
        let accountA = FreshNames.accountID()
        let credentialsA = try await cloud.credentials(in: accountA)
        let credentialsB = try await cloud.credentials(in: FreshNames.accountID())
        let rule = Self.rule(probe, account: accountA, .error500)
        try await cloud.addFaults([rule])

        let b = try await Self.send(probe, cloud, as: credentialsB)
        #expect(Self.passed(probe, b), "account B: \(b)")
        #expect(try await cloud.fired(rule) == 0)

        let a = try await Self.send(probe, cloud, as: credentialsA)
        #expect(a.failure?.httpStatus == 500, "account A: \(a)")
        #expect(try await cloud.fired(rule) == 1)
    }

    @Test("A rule scoped by x-moto-account-id fires for requests naming that account")
    func motoAccountHeader() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let rule = Self.rule(.query, account: account, .throttle, count: 1)
        try await cloud.addFaults([rule])
        var call = try Probe.query.call(cloud)
        call.headers.append((name: "x-moto-account-id", value: account))

        let first = await cloud.send(call, credentials: cloud.fakeCredentials)
        let second = await cloud.send(call, credentials: cloud.fakeCredentials)

        #expect(first.failure?.code == "Throttling")
        let identity = try #require(try? second.get())
        #expect(AWSXMLElement.parse(identity.body)?.string("GetCallerIdentityResult", "Account") == account)
    }

    // MARK: - Spot

    @Test("throttle on a Spot operation: 429 with Retry-After, then it passes")
    func spotThrottle() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let spotAccount = try await cloud.createSpotAccount(organization)
        let awsAccount = FreshNames.accountID()
        let rule = FaultRule(service: "spot", operation: "SetCredentials", account: awsAccount, action: .throttle, count: 1)
        try await cloud.addFaults([rule])
        let role = "arn:aws:iam::\(awsAccount):role/SpotRole"

        let throttled = try await cloud.setCredentials(organization, account: spotAccount, roleARN: role)
        #expect(throttled.status == 429)
        let retryAfter = try #require(throttled.header("Retry-After"))
        #expect((Int(retryAfter) ?? 0) >= 1, "Retry-After: \(retryAfter)")
        #expect(throttled.json["response"]["status"]["code"].int == 429)
        #expect(throttled.json["response"]["errors"][0]["code"].string == "TOO_MANY_REQUESTS")

        // count 1: the next request reaches the Spot stand-in (no external id, no role: refused).
        let next = try await cloud.setCredentials(organization, account: spotAccount, roleARN: role)
        #expect(next.status == 400)
        #expect(next.json["response"]["errors"][0]["code"].string == "REQUEST_FAILED")
        #expect(try await cloud.fired(rule) == 1)
    }
}
