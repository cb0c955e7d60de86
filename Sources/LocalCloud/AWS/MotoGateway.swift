import AWSKit
import Foundation
import HTTPCore
import Synchronization

/// The sandbox's way to moto: forwards clients' requests unchanged, and makes the sandbox's own
/// calls (IAM GetRole for Spot's credential check, S3 for the CUR bucket check, Organizations for
/// seeding) as a given account, with moto's `x-moto-account-id` header.
///
/// moto runs without authentication here, so the sandbox's own calls carry a well-formed but
/// unsigned SigV4 header: moto reads the service and region from its credential scope.
final class MotoGateway: Sendable {
    let baseURL: String
    private let transport: any HTTPTransport
    /// Access key id → the account moto attributes it to (assumed-role keys live in moto's STS).
    private let accountsByAccessKey = Mutex<[String: String]>([:])

    init(baseURL: String, transport: any HTTPTransport) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
        self.transport = transport
    }

    /// Sends `request` to moto as it came, and answers with moto's response.
    func forward(_ request: SandboxRequest, completion: @escaping @Sendable (SandboxReply) -> Void) {
        let skipped: Set<String> = ["host", "content-length", "connection", "transfer-encoding", "expect"]
        let outgoing = HTTPRequestData(
            method: request.method, url: baseURL + request.target,
            headers: request.headers.filter { !skipped.contains($0.name.lowercased()) }, body: request.body)
        send(outgoing, timeout: 60) { result in
            switch result {
            case .success(let response):
                // A HEAD answer's Content-Length describes the object, not the (empty) body: keep it.
                var skippedResponse: Set<String> = ["connection", "transfer-encoding", "server", "date"]
                if request.method != "HEAD" { skippedResponse.insert("content-length") }
                completion(.response(SandboxResponse(
                    status: response.status, headers: response.headers.filter { !skippedResponse.contains($0.name.lowercased()) },
                    body: response.body)))
            case .failure(let error):
                completion(.response(AWSErrorReply.make(
                    .query, status: 502, code: "BadGateway", message: "moto did not answer: \(error.message)", senderFault: false)))
            }
        }
    }

    /// The account moto attributes requests signed with `accessKeyID` to.
    func account(forAccessKey accessKeyID: String, completion: @escaping @Sendable (String?) -> Void) {
        if let known = accountsByAccessKey.withLock({ $0[accessKeyID] }) {
            completion(known)
            return
        }
        let request = HTTPRequestData(
            method: "POST", url: baseURL + "/",
            headers: [
                ("Authorization", Self.authorization(accessKeyID: accessKeyID, service: "sts", region: "us-east-1")),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8))
        send(request, timeout: 30) { [self] result in
            guard case .success(let response) = result, response.status == 200,
                let root = AWSXMLElement.parse(response.body),
                let account = root.at("GetCallerIdentityResult", "Account")?.text
            else {
                completion(nil)
                return
            }
            accountsByAccessKey.withLock { $0[accessKeyID] = account }
            completion(account)
        }
    }

    /// A call as `account`: query protocol when `form` is given, JSON 1.1 when `jsonTarget` is.
    func call(
        account: String, service: String, region: String, method: String = "POST", target: String = "/",
        form: [(String, String)]? = nil, jsonTarget: String? = nil, json: [String: Any]? = nil,
        body: [UInt8] = [], completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    ) {
        var headers: [(name: String, value: String)] = [
            ("Authorization", Self.authorization(accessKeyID: "sandbox", service: service, region: region)),
            ("x-moto-account-id", account),
        ]
        var payload = body
        if let form {
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            payload = Array(Self.formEncode(form).utf8)
        } else if let jsonTarget {
            headers.append(("Content-Type", "application/x-amz-json-1.1"))
            headers.append(("X-Amz-Target", jsonTarget))
            payload = Array((try? JSONSerialization.data(withJSONObject: json ?? [:])) ?? Data("{}".utf8))
        }
        send(
            HTTPRequestData(method: method, url: baseURL + target, headers: headers, body: payload), timeout: 30,
            completion: completion)
    }

    /// Sends `request` in a task of its own and hands the result to `completion` (the sandbox's
    /// server answers through callbacks).
    private func send(
        _ request: HTTPRequestData, timeout: Double,
        completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    ) {
        Task { [transport] in completion(await transport.execute(request, timeout: timeout)) }
    }

    /// `call` for async callers (seeding).
    func call(
        account: String, service: String, region: String, method: String = "POST", target: String = "/",
        form: [(String, String)]? = nil, jsonTarget: String? = nil, json: [String: Any]? = nil, body: [UInt8] = []
    ) async -> Result<HTTPResponseData, TransportError> {
        await withCheckedContinuation { continuation in
            call(
                account: account, service: service, region: region, method: method, target: target, form: form,
                jsonTarget: jsonTarget, json: json, body: body
            ) { continuation.resume(returning: $0) }
        }
    }

    static func authorization(accessKeyID: String, service: String, region: String) -> String {
        "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/20260101/\(region)/\(service)/aws4_request, "
            + "SignedHeaders=host, Signature=0000000000000000000000000000000000000000000000000000000000000000"
    }

    static func formEncode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)="
                + ($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)
        }.joined(separator: "&")
    }
}
