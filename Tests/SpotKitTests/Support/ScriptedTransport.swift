import AWSKit
import Foundation
import Synchronization

/// An in-memory ``HTTPTransport``: records every request and answers from a script, in order,
/// then with `otherwise`. Answers arrive synchronously, on the caller's thread.
final class ScriptedTransport: HTTPTransport {
    /// One scripted answer.
    enum Reply: Sendable {
        /// A response with this status, body and headers.
        case response(status: Int, body: String, headers: [(name: String, value: String)])
        /// The connection drops before a response.
        case drop
        /// No response within the timeout.
        case timeout

        /// A JSON response.
        static func json(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> Reply {
            .response(status: status, body: body, headers: [(name: "Content-Type", value: "application/json")] + headers)
        }
    }

    private struct State {
        var script: [Reply]
        var requests: [RecordedRequest] = []
        var timeouts: [Double] = []
    }

    private let state: Mutex<State>
    private let otherwise: Reply

    init(_ script: [Reply] = [], otherwise: Reply = .json(500, #"{"response":{"errors":[{"code":"ScriptExhausted"}]}}"#)) {
        state = Mutex(State(script: script))
        self.otherwise = otherwise
    }

    /// Every request sent, in order.
    var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The timeout each request was sent with.
    var timeouts: [Double] { state.withLock { $0.timeouts } }

    func execute(
        _ request: HTTPRequestData, timeout: Double,
        completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    ) {
        let reply = state.withLock { state in
            state.requests.append(RecordedRequest(request))
            state.timeouts.append(timeout)
            return state.script.isEmpty ? otherwise : state.script.removeFirst()
        }
        switch reply {
        case .response(let status, let body, let headers):
            completion(.success(HTTPResponseData(status: status, headers: headers, body: Array(body.utf8))))
        case .drop:
            completion(.failure(TransportError(kind: .connection, message: "connection reset by peer")))
        case .timeout:
            completion(.failure(TransportError(kind: .timeout, message: "no response within \(timeout) s")))
        }
    }
}
