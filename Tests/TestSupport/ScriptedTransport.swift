import AWSKit
import Foundation
import Synchronization

/// An in-memory ``HTTPTransport``: records every request and answers from a script, in order,
/// then with `otherwise`. Answers arrive synchronously, on the caller's thread.
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
    public func execute(
        _ request: HTTPRequestData, timeout: Double,
        completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    ) {
        let reply = state.withLock { state in
            state.requests.append(RecordedRequest(request))
            state.timeouts.append(timeout)
            return state.script.isEmpty ? otherwise : state.script.removeFirst()
        }
        reply.deliver(timeout: timeout, to: completion)
    }
}

extension ScriptedTransport.Reply {
    /// Hands this reply to a transport's `completion`, as a response or a transport error.
    public func deliver(timeout: Double, to completion: @Sendable (Result<HTTPResponseData, TransportError>) -> Void) {
        switch self {
        case .response(let status, let body, let headers):
            completion(.success(HTTPResponseData(status: status, headers: headers, body: Array(body.utf8))))
        case .drop:
            completion(.failure(TransportError(kind: .connection, message: "connection reset by peer")))
        case .timeout:
            completion(.failure(TransportError(kind: .timeout, message: "no response within \(timeout) s")))
        }
    }

    /// The status of a response reply; nil for a drop or a timeout.
    public var status: Int? {
        if case .response(let status, _, _) = self { return status }
        return nil
    }
}
