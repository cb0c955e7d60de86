import Foundation
import HTTPCore
import Synchronization

/// An in-memory ``HTTPTransport``: records every request and answers from a script, in order,
/// then with `otherwise`. Answers come at once, without a suspension on the network.
public final class ScriptedTransport: HTTPTransport {
    /// One scripted answer.
    public enum Reply: Sendable {
        /// A response with this status, body and headers.
        case response(status: Int, body: String, headers: [(name: String, value: String)])
        /// The connection drops before a response.
        case drop
        /// No response within the timeout.
        case timeout

        /// A JSON response.
        public static func json(_ status: Int, _ body: String, headers: [(name: String, value: String)] = []) -> Reply {
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

    /// - Parameters:
    ///   - script: the answers, in order.
    ///   - otherwise: the answer once the script is used up.
    public init(
        _ script: [Reply] = [], otherwise: Reply = .json(500, #"{"response":{"errors":[{"code":"ScriptExhausted"}]}}"#)
    ) {
        state = Mutex(State(script: script))
        self.otherwise = otherwise
    }

    /// Every request sent, in order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The timeout each request was sent with.
    public var timeouts: [Double] { state.withLock { $0.timeouts } }

    /// Records `request` and answers with the next scripted reply.
    public func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        let reply = state.withLock { state in
            state.requests.append(RecordedRequest(request))
            state.timeouts.append(timeout)
            return state.script.isEmpty ? otherwise : state.script.removeFirst()
        }
        return reply.result(timeout: timeout)
    }
}

extension ScriptedTransport.Reply {
    /// This reply as a transport's result: a response or a transport error.
    public func result(timeout: Double) -> Result<HTTPResponseData, TransportError> {
        switch self {
        case .response(let status, let body, let headers):
            .success(HTTPResponseData(status: status, headers: headers, body: Array(body.utf8)))
        case .drop:
            .failure(TransportError(kind: .connection, message: "connection reset by peer"))
        case .timeout:
            .failure(TransportError(kind: .timeout, message: "no response within \(timeout) s"))
        }
    }

    /// The status of a response reply; nil for a drop or a timeout.
    public var status: Int? {
        if case .response(let status, _, _) = self { return status }
        return nil
    }
}
