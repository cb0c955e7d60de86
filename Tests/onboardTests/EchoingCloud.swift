import Foundation
import Synchronization
import TestSupport

/// AWS and Spot in one loopback server whose errors echo the request back, as misbehaving
/// proxies and gateways do: the preflight passes, then each payer gets through the workflow to
/// its own failure, answered with the request's headers (the session token, the bearer token)
/// in an XML, JSON or HTML body, whole, percent-encoded, at a far offset, or in an excerpt cut
/// inside the secret; some also name secrets that were never sent (the secret access key, the
/// Spot token). Every secret is made up here, fresh per instance.
final class EchoingCloud: Sendable {
    /// Where, and how, a payer's workflow fails.
    enum Failure: String, CaseIterable, Sendable {
        /// `sts:AssumeRole` (login): 403 XML, the headers (operator's session token) whole, and the
        /// operator's secret key named.
        case assumeRoleXML
        /// The payer's `sts:GetCallerIdentity` (login): 403 XML, the headers percent-encoded.
        case callerIdentityEncoded
        /// `organizations:DescribeOrganization` (login): 400 JSON, a 200-character excerpt cut
        /// inside the session token; the request id header is a piece of it.
        case organizationsExcerpt
        /// `organizations:DescribeOrganization` (login): 403 HTML echoing the headers.
        case organizationsHTML
        /// `cur:DescribeReportDefinitions` (cur): 400 JSON, the headers after 5,000 characters,
        /// the payer's secret key and the Spot token named.
        case reportsFarOffset
        /// `cloudformation:DescribeStacks` (spot-account): 403 XML whose code and request id are
        /// pieces of the session token, its message an echo cut just inside the token.
        case stackPieces
        /// Spot `GET /setup/account?cloudAccountId=` (spot-account): 400 JSON envelope, an
        /// excerpt cut inside the bearer token; request id and field pieces of it.
        case spotExcerpt
        /// Spot `GET /setup/account?cloudAccountId=` (spot-account): 400 HTML echoing the headers.
        case spotHTML

        /// The step the account fails at.
        var step: String {
            switch self {
            case .assumeRoleXML, .callerIdentityEncoded, .organizationsExcerpt, .organizationsHTML: "login"
            case .reportsFarOffset: "cur"
            case .stackPieces, .spotExcerpt, .spotHTML: "spot-account"
            }
        }
    }

    /// A payer account and the credentials the server hands out for it.
    struct Payer: Sendable {
        var accountID: String
        var failure: Failure
        var secretKey: String
        var sessionToken: String
        var accessKeyID: String { "ASIAECHO" + accountID }
    }

    static let operatorAccessKeyID = "testing"
    static let operatorAccount = "100000000001"

    let operatorSecretKey = EchoingCloud.random(40, from: EchoingCloud.base64)
    let operatorSessionToken = "FwoGZXIvYXdzE" + EchoingCloud.random(420, from: EchoingCloud.base64)
    let spotToken = EchoingCloud.random(64, from: EchoingCloud.alphanumerics)
    let payers: [Payer]
    private let failed = Mutex<[String: Int]>([:])

    init() {
        payers = Failure.allCases.map { failure in
            Payer(
                accountID: String(UInt64.random(in: 200_000_000_000...999_999_999_999)), failure: failure,
                secretKey: Self.random(40, from: Self.base64), sessionToken: "IQoJb3JpZ2luX2Vj" + Self.random(560, from: Self.base64))
        }
    }

    /// Every secret in play: the operator's secret key and session token, the Spot token, each
    /// payer's secret key and session token.
    var secrets: [String] {
        [operatorSecretKey, operatorSessionToken, spotToken] + payers.flatMap { [$0.secretKey, $0.sessionToken] }
    }

    /// How many echoing error answers each account got.
    var failuresAnswered: [String: Int] { failed.withLock { $0 } }

    /// The environment `onboard` runs with: only made-up credentials, both endpoints here.
    func environment(url: String, home: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !["AWS_", "SPOTINST_", "ONBOARD_", "LOCAL_CLOUD_"].contains { key.hasPrefix($0) }
        }
        environment["HOME"] = home
        environment["AWS_ACCESS_KEY_ID"] = Self.operatorAccessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = operatorSecretKey
        environment["AWS_SESSION_TOKEN"] = operatorSessionToken
        environment["AWS_REGION"] = "us-east-1"
        environment["AWS_ENDPOINT_URL"] = url
        environment["SPOTINST_API_URL"] = url
        environment["SPOTINST_TOKEN"] = spotToken
        environment["ONBOARD_QUICK_WAITS"] = "1"
        return environment
    }

    // MARK: - Answers

    func respond(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let authorization = request.header("Authorization") ?? ""
        if authorization.hasPrefix("Bearer ") { return spot(request) }
        guard let scope = Self.scope(of: authorization) else {
            return Self.queryError(400, code: "MissingAuthenticationToken", message: "unsigned request")
        }
        let payer = payers.first { $0.accessKeyID == scope.accessKeyID }
        switch scope.service {
        case "sts":
            let form = Self.form(request.bodyText)
            if form["Action"] == "AssumeRole" { return assumeRole(request, roleARN: form["RoleArn"] ?? "") }
            if scope.accessKeyID == Self.operatorAccessKeyID { return Self.callerIdentity(Self.operatorAccount, role: "operator") }
            guard let payer else { return Self.queryError(403, code: "InvalidClientTokenId", message: "unknown key") }
            if payer.failure == .callerIdentityEncoded {
                record(payer)
                let echo = Self.echo(request, percentEncoded: true)
                return Self.queryError(
                    403, code: "InvalidClientTokenId", message: String(repeating: "·", count: 190) + "request was: " + echo)
            }
            return Self.callerIdentity(payer.accountID, role: "OnboardAccess")
        case "organizations":
            guard let payer else { break }
            switch payer.failure {
            case .organizationsExcerpt:
                record(payer)
                let echo = Self.echo(request)
                return Self.jsonError(
                    400, type: "com.amazonaws.organizations#AccessDeniedException",
                    message: Self.excerpt(of: echo, endingInside: payer.sessionToken, keep: 200, before: 120),
                    requestID: String(payer.sessionToken.dropFirst(200).prefix(36)))
            case .organizationsHTML:
                record(payer)
                return LoopbackHTTPServer.Response(
                    status: 403, headers: [(name: "Content-Type", value: "text/html")],
                    body: "<html><body><h1>403 Forbidden</h1><pre>\(Self.echo(request))</pre></body></html>")
            default:
                return Self.json(Self.organization(payer.accountID))
            }
        case "cur":
            guard let payer else { break }
            if payer.failure == .reportsFarOffset {
                record(payer)
                let message = String(repeating: "x", count: 5000) + " request: " + Self.echo(request)
                    + " signed with \(payer.secretKey); upstream Authorization: Bearer \(spotToken)"
                return Self.jsonError(400, type: "ValidationException", message: message, requestID: "cur-echo-1")
            }
            return Self.json(Self.compliantReport(payer.accountID))
        case "cloudformation":
            guard let payer else { break }
            if payer.failure == .stackPieces {
                record(payer)
                let echo = Self.echo(request)
                let token = payer.sessionToken
                return Self.queryError(
                    403, code: "AccessDenied-" + String(token.dropFirst(40).prefix(14)),
                    message: Self.excerpt(of: echo, endingInside: token, keep: 150, before: token.count - 37),
                    requestID: String(token.dropFirst(300).prefix(40)))
            }
            return Self.queryError(400, code: "ValidationError", message: "Stack with id spot-onboarding does not exist")
        default:
            break
        }
        return Self.queryError(400, code: "UnknownOperation", message: "\(scope.service) \(request.method) \(request.target)")
    }

    private func assumeRole(_ request: LoopbackHTTPServer.Request, roleARN: String) -> LoopbackHTTPServer.Response {
        let account = roleARN.split(separator: ":", omittingEmptySubsequences: false).dropFirst(4).first.map(String.init) ?? ""
        guard let payer = payers.first(where: { $0.accountID == account }) else {
            return Self.queryError(403, code: "AccessDenied", message: "no such role \(roleARN)")
        }
        if payer.failure == .assumeRoleXML {
            record(payer)
            return Self.queryError(
                403, code: "AccessDenied",
                message: "User is not authorized to perform sts:AssumeRole. Request headers:\n\(Self.echo(request))\n(derived from \(operatorSecretKey))")
        }
        let expiration = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        return Self.query(
            "AssumeRole",
            "<Credentials><AccessKeyId>\(payer.accessKeyID)</AccessKeyId><SecretAccessKey>\(payer.secretKey)</SecretAccessKey>"
                + "<SessionToken>\(payer.sessionToken)</SessionToken><Expiration>\(expiration)</Expiration></Credentials>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::\(account):assumed-role/OnboardAccess/onboard-\(account)</Arn>"
                + "<AssumedRoleId>AROAECHO:onboard-\(account)</AssumedRoleId></AssumedRoleUser>")
    }

    private func spot(_ request: LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Response {
        let components = URLComponents(string: "http://x" + request.target)
        let path = components?.path ?? ""
        let cloudAccount = components?.queryItems?.first { $0.name == "cloudAccountId" }?.value
        guard request.method == "GET", path == "/setup/account" else {
            return Self.spotError(400, code: "UNSCRIPTED", message: "\(request.method) \(path)", requestID: "spot-echo-0")
        }
        guard let cloudAccount else {
            // The preflight's listing: an organization admin's token, no accounts yet.
            return LoopbackHTTPServer.Response(
                status: 200, headers: [(name: "Content-Type", value: "application/json")],
                body: #"{"request":{"id":"spot-list-1"},"response":{"status":{"code":200,"message":"OK"},"kind":"spotinst:setup:account","items":[],"count":0}}"#)
        }
        guard let payer = payers.first(where: { $0.accountID == cloudAccount }) else {
            return Self.spotError(404, code: "NOT_FOUND", message: "no account", requestID: "spot-echo-1")
        }
        record(payer)
        let echo = Self.echo(request)
        if payer.failure == .spotHTML {
            return LoopbackHTTPServer.Response(
                status: 400, headers: [(name: "Content-Type", value: "text/html; charset=utf-8")],
                body: "<html><head><title>400</title></head><body><pre>\(echo)</pre></body></html>")
        }
        return Self.spotError(
            400, code: "ECHO_" + String(spotToken.dropFirst(5).prefix(20)),
            message: Self.excerpt(of: echo, endingInside: spotToken, keep: 200, before: 50),
            requestID: String(spotToken.dropFirst(30).prefix(30)), field: String(spotToken.suffix(16)))
    }

    private func record(_ payer: Payer) {
        failed.withLock { $0[payer.accountID, default: 0] += 1 }
    }

    // MARK: - Wire formats

    /// The access key id and service of a SigV4 `Authorization` header.
    static func scope(of authorization: String) -> (accessKeyID: String, service: String)? {
        guard let range = authorization.range(of: "Credential=") else { return nil }
        let parts = authorization[range.upperBound...].prefix { $0 != "," }.split(separator: "/")
        guard parts.count >= 5 else { return nil }
        return (String(parts[0]), String(parts[3]))
    }

    /// A form body's fields, decoded.
    static func form(_ body: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// The request's line and headers, one per line, as an echoing gateway shows them.
    static func echo(_ request: LoopbackHTTPServer.Request, percentEncoded: Bool = false) -> String {
        let lines = request.headers.map { header in
            "\(header.name): " + (percentEncoded ? (header.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") : header.value)
        }
        return (["\(request.method) \(request.target) HTTP/1.1"] + lines).joined(separator: "\n")
    }

    /// `keep` characters of `text` starting `before` characters ahead of the end of `secret`
    /// in it: an excerpt that starts (or ends) inside the secret.
    static func excerpt(of text: String, endingInside secret: String, keep: Int, before: Int) -> String {
        let characters = Array(text)
        guard let range = text.range(of: secret) else { return String(characters.prefix(keep)) }
        let end = text.distance(from: text.startIndex, to: range.upperBound)
        let start = max(0, end - before)
        return String(characters[start..<min(characters.count, start + keep)])
    }

    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    static func query(_ action: String, _ result: String) -> LoopbackHTTPServer.Response {
        LoopbackHTTPServer.Response(
            status: 200, headers: [(name: "Content-Type", value: "text/xml")],
            body: "<\(action)Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><\(action)Result>\(result)</\(action)Result>"
                + "<ResponseMetadata><RequestId>echo-ok</RequestId></ResponseMetadata></\(action)Response>")
    }

    static func callerIdentity(_ account: String, role: String) -> LoopbackHTTPServer.Response {
        query(
            "GetCallerIdentity",
            "<Arn>arn:aws:sts::\(account):assumed-role/\(role)/onboard</Arn><UserId>AROAECHO:onboard</UserId><Account>\(account)</Account>")
    }

    static func queryError(_ status: Int, code: String, message: String, requestID: String = "echo-error") -> LoopbackHTTPServer.Response {
        LoopbackHTTPServer.Response(
            status: status, headers: [(name: "Content-Type", value: "text/xml")],
            body: "<ErrorResponse><Error><Type>Sender</Type><Code>\(xml(code))</Code><Message>\(xml(message))</Message></Error>"
                + "<RequestId>\(xml(requestID))</RequestId></ErrorResponse>")
    }

    static func json(_ object: [String: Any]) -> LoopbackHTTPServer.Response {
        let body = (try? JSONSerialization.data(withJSONObject: object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return LoopbackHTTPServer.Response(status: 200, headers: [(name: "Content-Type", value: "application/x-amz-json-1.1")], body: body)
    }

    static func jsonError(_ status: Int, type: String, message: String, requestID: String) -> LoopbackHTTPServer.Response {
        var response = json(["__type": type, "message": message])
        response.status = status
        response.headers.append((name: "x-amzn-RequestId", value: requestID))
        return response
    }

    static func spotError(_ status: Int, code: String, message: String, requestID: String, field: String? = nil) -> LoopbackHTTPServer.Response {
        var entry: [String: Any] = ["code": code, "message": message]
        if let field { entry["field"] = field }
        let object: [String: Any] = [
            "request": ["id": requestID], "response": ["status": ["code": status, "message": "Bad Request"], "errors": [entry]],
        ]
        let body = (try? JSONSerialization.data(withJSONObject: object)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return LoopbackHTTPServer.Response(status: status, headers: [(name: "Content-Type", value: "application/json")], body: body)
    }

    static func organization(_ account: String) -> [String: Any] {
        [
            "Organization": [
                "Id": "o-echo12345", "Arn": "arn:aws:organizations::\(account):organization/o-echo12345",
                "MasterAccountId": account, "MasterAccountArn": "arn:aws:organizations::\(account):account/o-echo12345/\(account)",
                "MasterAccountEmail": "payer@example.com", "FeatureSet": "ALL",
            ]
        ]
    }

    static func compliantReport(_ account: String) -> [String: Any] {
        [
            "ReportDefinitions": [
                [
                    "ReportName": "spot-cur-hourly", "TimeUnit": "HOURLY", "Format": "Parquet", "Compression": "Parquet",
                    "AdditionalSchemaElements": ["RESOURCES"], "S3Bucket": "echo-cur-\(account)", "S3Prefix": "cur",
                    "S3Region": "us-east-1", "AdditionalArtifacts": ["ATHENA"], "RefreshClosedReports": true,
                    "ReportVersioning": "OVERWRITE_REPORT",
                ]
            ]
        ]
    }

    // MARK: - Made-up secrets

    static let base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
    static let alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

    static func random(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters.randomElement()! })
    }
}
