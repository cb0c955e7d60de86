import AWSKit
import Dispatch
import Foundation
import HTTPCore

/// The local stand-in for Spot and CUR in front of moto: routes each request to the Spot API,
/// the CUR API, the sandbox's own control API (`/sandbox/…`), or moto, injecting the faults its
/// rules choose on the way.
public final class Sandbox: Sendable {
    /// How the sandbox is set up.
    public struct Configuration: Sendable {
        /// moto's base URL (`http://127.0.0.1:PORT`).
        public var motoURL: String
        /// A role younger than this cannot be used by Spot yet (IAM propagation), in seconds.
        public var iamPropagationSeconds: Double = 0
        /// Billing data reads ready this long after registration, in seconds.
        public var dataReadySeconds: Double = 48 * 3600
        /// Spot's platform accounts a role's trust policy must name (add the aws-cn ones).
        public var spotPlatformAccounts: Set<String> = ["922761411349"]
        /// Access key ids of AWS China (`aws-cn`) operators; keys STS hands out for `cn-`
        /// regions are added as they are issued (see ``ChinaAccessKeys``).
        public var chinaAccessKeyIDs: Set<String> = ["testing-cn"]

        public init(motoURL: String) {
            self.motoURL = motoURL
        }
    }

    public let faults: FaultInjector
    let moto: MotoGateway
    let cur: CURService
    let spot: SpotService
    let stacks = StackLifecycle()
    let stackRegions = StackRegistry()
    let memberships = OrganizationMemberships()
    let chinaKeys: ChinaAccessKeys
    let establishedRoles = EstablishedRoles()
    /// Requests received, per service, operation and method (`/sandbox/state`'s `requestCounts`).
    let requests = RequestCounter()

    public init(configuration: Configuration, transport: any HTTPTransport, faults: FaultInjector = FaultInjector()) {
        self.faults = faults
        moto = MotoGateway(baseURL: configuration.motoURL, transport: transport)
        cur = CURService(moto: moto)
        chinaKeys = ChinaAccessKeys(configuration.chinaAccessKeyIDs)
        spot = SpotService(
            behaviour: .init(
                iamPropagationSeconds: configuration.iamPropagationSeconds, dataReadySeconds: configuration.dataReadySeconds,
                platformAccounts: configuration.spotPlatformAccounts),
            moto: moto, cur: cur, roles: EffectiveRoleReader(moto: moto, stacks: stackRegions, lifecycle: stacks),
            established: establishedRoles,
            propagationOverride: { [faults] in faults.propagationSeconds(account: $0) })
    }

    /// Seeds `scenario` into moto and the sandbox.
    public func seed(_ scenario: Scenario) async throws {
        chinaKeys.add(scenario.behaviour?.chinaAccessKeyIds ?? [])
        try await ScenarioSeeder(
            moto: moto, spot: spot, cur: cur, faults: faults, memberships: memberships, stackRegions: stackRegions,
            establishedRoles: establishedRoles
        ).seed(scenario)
    }

    /// Answers one request (the server's handler).
    public func handle(_ request: SandboxRequest, reply: @escaping @Sendable (SandboxReply) -> Void) {
        if request.path.hasPrefix("/sandbox/") {
            return SandboxControl(sandbox: self).handle(request) { reply(.response($0)) }
        }
        if let operation = SpotOperation(method: request.method, path: request.path) {
            requests.count(service: "spot", operation: operation.rawValue, method: request.method)
            var reply = reply
            if let organization = spot.organization(of: request),
                let verdict = faults.spotRateLimit(organization: organization, operation: operation.rawValue)
            {
                switch verdict {
                case .refused(let retryAfter):
                    return reply(.response(Self.spotRateLimited(request, retryAfter: retryAfter)))
                case .admitted(let remaining):
                    reply = { [reply] answer in
                        guard case .response(var response) = answer else { return reply(answer) }
                        response.headers.append(("X-RateLimit-Remaining", String(remaining)))
                        reply(.response(response))
                    }
                }
            }
            let fired = faults.fire(service: "spot", operation: operation.rawValue, account: spot.linkedAWSAccount(request))
            return applying(fired, protocolError: { Self.spotFault($0, request) }, reply: reply) { [spot, reply] in
                spot.handle(request, operation: operation) { reply(.response($0)) }
            }
        }
        if let allowed = SpotOperation.allowedMethods(path: request.path) {
            var response = SpotEnvelope.error(request, status: 405, code: "METHOD_NOT_ALLOWED",
                message: "\(request.method) is not allowed on \(request.path)")
            response.headers.append(("Allow", allowed.joined(separator: ", ")))
            return reply(.response(response))
        }
        guard let summary = AWSRequestSummary(request) else {
            // moto's own API (`/moto-api/…`) and anything unsigned go to moto as they are.
            return moto.forward(request, completion: reply)
        }
        requests.count(service: summary.service, operation: summary.operation, method: request.method)
        // Keys of the other partition are unknown there: refused before anything else happens.
        if let refusal = chinaKeys.refusal(summary) { return reply(.response(refusal)) }
        attributedAccount(request, summary) { [self] account in
            let fired = faults.fire(service: summary.service, operation: summary.operation, account: account)
            applying(fired, protocolError: { Self.awsFault($0, summary) }, reply: reply) { [self] in
                route(request, summary: summary, account: account, fired: fired, reply: reply)
            }
        }
    }

    // MARK: - Routing AWS requests

    private func route(
        _ request: SandboxRequest, summary: AWSRequestSummary, account: String?, fired: [FaultRule],
        reply: @escaping @Sendable (SandboxReply) -> Void
    ) {
        let account = account ?? "123456789012"
        switch (summary.service, summary.operation) {
        case ("cur", let operation):
            cur.handle(request, operation: operation, account: account, region: summary.region) { reply(.response($0)) }
        case ("cloudformation", _):
            if ["CreateStack", "UpdateStack"].contains(summary.operation) {
                stackRegions.record(account: account, region: summary.region)
            }
            CloudFormationRoute(moto: moto, stacks: stacks)
                .handle(request, operation: summary.operation, account: account, region: summary.region, fired: fired, reply: reply)
        case ("s3", _):
            S3Route(moto: moto).handle(request, summary: summary, account: account, reply: reply)
        case ("iam", "GetPolicyVersion") where summary.region.hasPrefix("cn-"):
            // moto resolves a China stack's ${AWS::Partition} as aws: see ChinaStackPolicyCorrection.
            let correction = ChinaStackPolicyCorrection(moto: moto, stacks: stackRegions)
            let arn = request.formFields()["PolicyArn"] ?? ""
            moto.forward(request) { forwarded in
                guard case .response(var response) = forwarded, response.status == 200 else { return reply(forwarded) }
                Task {
                    if await correction.isStackPolicy(arn: arn, account: account),
                        let body = ChinaStackPolicyCorrection.corrected(response.body)
                    {
                        response.body = body
                        response.headers.removeAll { $0.name.caseInsensitiveCompare("Content-Length") == .orderedSame }
                    }
                    reply(.response(response))
                }
            }
        case ("sts", _) where summary.region.hasPrefix("cn-"):
            moto.forward(request) { [chinaKeys] forwarded in
                if case .response(let response) = forwarded { chinaKeys.learn(from: response, summary: summary) }
                reply(forwarded)
            }
        case ("organizations", "DescribeOrganization"):
            if let management = memberships.management(of: account) {
                moto.call(account: management, service: "organizations", region: summary.region,
                    jsonTarget: "AWSOrganizationsV20161128.DescribeOrganization", json: [:]) { result in
                    switch result {
                    case .success(let response):
                        reply(.response(SandboxResponse(status: response.status, headers: response.headers, body: response.body)))
                    case .failure(let error):
                        reply(.response(AWSErrorReply.make(.json, status: 502, code: "BadGateway", message: error.message)))
                    }
                }
            } else {
                moto.forward(request, completion: reply)
            }
        default:
            moto.forward(request, completion: reply)
        }
    }

    private func attributedAccount(
        _ request: SandboxRequest, _ summary: AWSRequestSummary, completion: @escaping @Sendable (String?) -> Void
    ) {
        if let header = request.header("x-moto-account-id") { return completion(header) }
        guard let key = summary.accessKeyID else { return completion(nil) }
        moto.account(forAccessKey: key, completion: completion)
    }

    // MARK: - Faults

    /// Applies latency, then a terminal fault if one fired, else `proceed`.
    private func applying(
        _ fired: [FaultRule], protocolError: @escaping @Sendable (FaultRule.Action) -> SandboxResponse,
        reply: @escaping @Sendable (SandboxReply) -> Void, proceed: @escaping @Sendable () -> Void
    ) {
        let delay = fired.filter { $0.action == .latency }.map { $0.latencySeconds ?? 1 }.reduce(0, +)
        let terminal = fired.first { [.throttle, .error500, .error503, .drop].contains($0.action) }
        let act: @Sendable () -> Void = {
            guard let terminal else { return proceed() }
            if terminal.action == .drop { return reply(.drop) }
            reply(.response(protocolError(terminal.action)))
        }
        if delay > 0 {
            DispatchQueue.global().asyncAfter(deadline: .now() + delay, execute: act)
        } else {
            act()
        }
    }

    private static func awsFault(_ action: FaultRule.Action, _ summary: AWSRequestSummary) -> SandboxResponse {
        switch action {
        case .throttle: AWSErrorReply.throttling(summary.wireProtocol)
        case .error503: AWSErrorReply.serverError(summary.wireProtocol, status: 503)
        default: AWSErrorReply.serverError(summary.wireProtocol, status: 500)
        }
    }

    /// Spot's answer over its rate limit (see ``SpotRateLimit``): 429, `X-RateLimit-Remaining: 0`,
    /// and `Retry-After` only when the rule sets one.
    private static func spotRateLimited(_ request: SandboxRequest, retryAfter: Double?) -> SandboxResponse {
        var response = SpotEnvelope.error(request, status: 429, code: "TOO_MANY_REQUESTS", message: "Rate limit exceeded")
        response.headers.append(("X-RateLimit-Remaining", "0"))
        if let retryAfter { response.headers.append(("Retry-After", String(Int(retryAfter.rounded(.up))))) }
        return response
    }

    private static func spotFault(_ action: FaultRule.Action, _ request: SandboxRequest) -> SandboxResponse {
        switch action {
        case .throttle:
            var response = SpotEnvelope.error(request, status: 429, code: "TOO_MANY_REQUESTS", message: "Rate limit exceeded")
            response.headers.append(("Retry-After", "1"))
            return response
        case .error503:
            return SpotEnvelope.error(request, status: 503, code: "SERVICE_UNAVAILABLE", message: "injected by onboard-sandbox")
        default:
            return SpotEnvelope.error(request, status: 500, code: "INTERNAL_ERROR", message: "injected by onboard-sandbox")
        }
    }
}
