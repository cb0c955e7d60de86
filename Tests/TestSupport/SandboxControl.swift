import Foundation

/// The sandbox's control API (`/sandbox/*` of onboard-sandbox, `Sources/LocalCloud/SandboxControl.swift`):
/// scenarios, fault rules, state and token revocation, for every test target that drives the
/// local cloud. Rules and scenarios are any `Encodable` (each target has its own view of them).
public struct SandboxControl: Sendable {
    /// A control request the sandbox did not answer with 200.
    public struct Refused: Error, CustomStringConvertible {
        public var description: String
    }

    /// onboard-sandbox's base URL (`LOCAL_CLOUD_SANDBOX_URL`).
    public let sandboxURL: String

    public init(sandboxURL: String) {
        self.sandboxURL = sandboxURL
    }

    /// `GET /sandbox/health` answers 200.
    public func isHealthy(timeout: Double = 10) async -> Bool {
        (try? await LoopbackHTTP.send("GET", sandboxURL + "/sandbox/health", timeout: timeout))?.status == 200
    }

    /// `POST /sandbox/scenario` with `body` (a scenario as JSON).
    public func seed(json body: Data) async throws {
        try await expect200("POST", "/sandbox/scenario", body: body)
    }

    /// `POST /sandbox/scenario` with `scenario` encoded as JSON.
    public func seed(_ scenario: some Encodable) async throws {
        try await seed(json: try JSONEncoder().encode(scenario))
    }

    /// `POST /sandbox/faults`: adds `rules` after the existing ones.
    public func addFaults(_ rules: some Encodable) async throws {
        try await expect200("POST", "/sandbox/faults", body: try JSONEncoder().encode(rules))
    }

    /// `DELETE /sandbox/faults`: no rule fires any more (for every test: only for a local cloud
    /// of one's own).
    public func clearFaults() async throws {
        try await expect200("DELETE", "/sandbox/faults")
    }

    /// `GET /sandbox/faults`: every rule with how often it fired, decoded as `type`.
    public func faults<States: Decodable>(as type: States.Type) async throws -> States {
        try JSONDecoder().decode(type, from: try await expect200("GET", "/sandbox/faults"))
    }

    /// `GET /sandbox/state`, decoded as `type`.
    public func state<State: Decodable>(as type: State.Type) async throws -> State {
        try JSONDecoder().decode(type, from: try await stateJSON())
    }

    /// `GET /sandbox/state` as it came.
    public func stateJSON() async throws -> Data {
        try await expect200("GET", "/sandbox/state")
    }

    /// `POST /sandbox/tokens/revoke`: Spot refuses `token` from now on (401).
    public func revokeToken(_ token: String) async throws {
        try await expect200("POST", "/sandbox/tokens/revoke", body: try JSONSerialization.data(withJSONObject: ["token": token]))
    }

    @discardableResult
    private func expect200(_ method: String, _ path: String, body: Data? = nil) async throws -> Data {
        let response = try await LoopbackHTTP.send(method, sandboxURL + path, body: body)
        guard response.status == 200 else {
            throw Refused(description: "\(method) \(path) answered HTTP \(response.status): \(response.text)")
        }
        return response.body
    }
}
