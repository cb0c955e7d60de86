import AWSKit
import Foundation
import HTTPCore
import Synchronization

/// An in-memory ``HTTPTransport`` that recognises each request as an operation
/// (``CloudOperation/name(of:)``), records it, and answers from that operation's queue of
/// canned replies while it lasts, then from the operation's handler.
///
/// Answers come at once, without a suspension on the network. An operation with neither a queued
/// reply nor a handler is answered 400 `UnscriptedOperation` (naming it), so a test fails with
/// the operation in the message rather than hanging.
public final class RoutingTransport: HTTPTransport {
    /// One canned answer.
    public typealias Reply = ScriptedTransport.Reply
    /// Answers a request of one operation.
    public typealias Handler = @Sendable (RecordedRequest) -> Reply

    private struct State {
        var handlers: [String: Handler] = [:]
        var queues: [String: [Reply]] = [:]
        var requests: [RoutedRequest] = []
    }

    private let state = Mutex(State())

    /// A transport with no handlers and no queued replies.
    public init() {}

    /// Answers `operation` with `handler` (replacing any handler it had).
    public func on(_ operation: String, _ handler: @escaping Handler) {
        state.withLock { $0.handlers[operation] = handler }
    }

    /// Answers the next requests of `operation` with `replies`, in order, before its handler.
    public func enqueue(_ operation: String, _ replies: [Reply]) {
        state.withLock { $0.queues[operation, default: []].append(contentsOf: replies) }
    }

    /// Answers the next requests of `operation` with `replies`, in order, before its handler.
    public func enqueue(_ operation: String, _ replies: Reply...) {
        enqueue(operation, replies)
    }

    /// Every request, in the order sent.
    public var requests: [RoutedRequest] { state.withLock { $0.requests } }

    /// The operation of every request, in the order sent.
    public var operations: [String] { requests.map(\.operation) }

    /// The requests of `operation`, in order.
    public func requests(_ operation: String) -> [RecordedRequest] {
        requests.filter { $0.operation == operation }.map(\.request)
    }

    /// How many requests of `operation` were sent.
    public func count(_ operation: String) -> Int {
        requests.filter { $0.operation == operation }.count
    }

    /// Whether any request of the operations in `operations` was sent.
    public func sentAny(of operations: Set<String>) -> Bool {
        requests.contains { operations.contains($0.operation) }
    }

    /// Forgets the requests recorded so far (queues and handlers stay).
    public func clearRequests() {
        state.withLock { $0.requests.removeAll() }
    }

    /// Recognises, records and answers `request`.
    public func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        let recorded = RecordedRequest(request)
        let operation = CloudOperation.name(of: recorded)
        let (queued, handler) = state.withLock { state -> (Reply?, Handler?) in
            if var queue = state.queues[operation], !queue.isEmpty {
                let reply = queue.removeFirst()
                state.queues[operation] = queue
                return (reply, nil)
            }
            return (nil, state.handlers[operation])
        }
        // The handler runs outside the lock: it may read the world's state, or record more.
        let reply = queued ?? handler?(recorded) ?? Self.unscripted(operation, spot: recorded.isSpot)
        state.withLock { $0.requests.append(RoutedRequest(operation: operation, request: recorded, status: reply.status)) }
        return reply.result(timeout: timeout)
    }

    private static func unscripted(_ operation: String, spot: Bool) -> Reply {
        let message = "no reply scripted for \(operation)"
        if spot { return SpotWire.error(status: 400, code: "UnscriptedOperation", message: message) }
        return .response(
            status: 400,
            body: "<ErrorResponse><Error><Code>UnscriptedOperation</Code><Message>\(message)</Message></Error></ErrorResponse>",
            headers: [(name: "Content-Type", value: "text/xml")])
    }
}
