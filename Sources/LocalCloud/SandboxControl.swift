import AWSKit
import Foundation

/// The sandbox's own API under `/sandbox/`, for scripts and tests:
/// - `GET /sandbox/health` – `{"status":"ok"}`;
/// - `GET /sandbox/state` – Spot accounts (no tokens: per account the credentials in force
///   `{iamRole, externalId, linkedAt}`, `externalIdsIssued`, `externalIdInForce` – the id Spot
///   uses now – and `lastRefusal {operation, reason, at}`, the real reason behind the last
///   neutral refusal or failed credentials check), CUR definitions per account, fault rules with
///   how often each fired, and `requestCounts` (requests received per `service`, `operation`
///   and `method`, Spot's as `spot`: an observation for tests, enforcing nothing);
/// - `GET|PUT|POST|DELETE /sandbox/faults` – read, replace, add to, or clear the fault rules (a
///   JSON array of ``FaultRule``);
/// - `POST /sandbox/scenario` – seed a ``Scenario`` (JSON) on top of what is there;
/// - `POST /sandbox/tokens/revoke` – `{"token": "…"}`: revoke a Spot token, as an organization
///   admin does in Spot's console; from then on Spot answers it as it answers an invalid token
///   (401, see ``SpotService/handle(_:operation:reply:)``). 404 when no organization holds it.
struct SandboxControl {
    let sandbox: Sandbox

    func handle(_ request: SandboxRequest, reply: @escaping @Sendable (SandboxResponse) -> Void) {
        switch (request.method, request.path) {
        case ("GET", "/sandbox/health"):
            reply(.json(200, ["status": "ok"]))
        case ("GET", "/sandbox/state"):
            reply(.json(200, state()))
        case ("GET", "/sandbox/faults"):
            reply(.json(200, faultStates()))
        case ("PUT", "/sandbox/faults"), ("POST", "/sandbox/faults"):
            guard let rules = try? JSONDecoder().decode([FaultRule].self, from: Data(request.body)) else {
                return reply(.json(400, ["error": "the body must be a JSON array of fault rules"]))
            }
            if request.method == "PUT" { sandbox.faults.replace(with: rules) } else { sandbox.faults.add(rules) }
            reply(.json(200, faultStates()))
        case ("DELETE", "/sandbox/faults"):
            sandbox.faults.replace(with: [])
            reply(.json(200, faultStates()))
        case ("POST", "/sandbox/scenario"):
            let scenario: Scenario
            do {
                scenario = try JSONDecoder().decode(Scenario.self, from: Data(request.body))
            } catch {
                return reply(.json(400, ["error": "not a scenario: \(error)"]))
            }
            Task {
                do {
                    try await sandbox.seed(scenario)
                    reply(.json(200, ["status": "seeded"]))
                } catch {
                    reply(.json(500, ["error": "\(error)"]))
                }
            }
        case ("POST", "/sandbox/tokens/revoke"):
            struct Revocation: Decodable { var token: String }
            guard let revocation = try? JSONDecoder().decode(Revocation.self, from: Data(request.body)),
                !revocation.token.isEmpty
            else {
                return reply(.json(400, ["error": "the body must be {\"token\": \"…\"}"]))
            }
            guard sandbox.spot.revoke(token: revocation.token) else {
                return reply(.json(404, ["error": "no Spot organization holds that token"]))
            }
            reply(.json(200, ["status": "revoked"]))
        default:
            reply(.json(404, ["error": "no such sandbox endpoint: \(request.method) \(request.path)"]))
        }
    }

    private func state() -> [String: Any] {
        var definitions: [String: Any] = [:]
        for account in sandbox.cur.accounts() {
            definitions[account] = sandbox.cur.definitions(account: account).map(\.reportName)
        }
        return [
            "spotAccounts": sandbox.spot.snapshot(), "reportDefinitions": definitions, "faults": faultStates(),
            "requestCounts": sandbox.requests.snapshot(),
        ]
    }

    private func faultStates() -> [Any] {
        let data = (try? JSONEncoder().encode(sandbox.faults.rules)) ?? Data("[]".utf8)
        return ((try? JSONSerialization.jsonObject(with: data)) as? [Any]) ?? []
    }
}
