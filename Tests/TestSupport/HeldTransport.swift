import AWSKit
import Foundation
import Synchronization

/// An ``HTTPTransport`` in front of another that holds back the requests of chosen operations
/// (``CloudOperation/name(of:)``): they get no answer until ``release()``, so a workflow waits
/// in the middle of a step, as it would on a call that hangs. No thread waits meanwhile.
///
/// ``waitUntilHeld(_:)`` lets a test go on once the workflow is stuck there.
public final class HeldTransport: HTTPTransport {
    private struct Held {
        var request: HTTPRequestData
        var timeout: Double
        var completion: @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    }

    private struct State {
        var operations: Set<String>
        var held: [Held] = []
        var heldCount = 0
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    private let inner: any HTTPTransport
    private let state: Mutex<State>

    /// - Parameters:
    ///   - inner: answers every request that is not held, and the held ones once released.
    ///   - operations: the operations whose requests are held (`cloudformation.CreateStack`).
    public init(_ inner: any HTTPTransport, holding operations: Set<String>) {
        self.inner = inner
        state = Mutex(State(operations: operations))
    }

    /// How many requests were held so far (released ones included).
    public var heldCount: Int { state.withLock { $0.heldCount } }

    /// Returns once `count` requests have been held.
    public func waitUntilHeld(_ count: Int = 1) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.heldCount >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Stops holding, and sends the held requests on to the inner transport.
    public func release() {
        let held = state.withLock { state -> [Held] in
            state.operations = []
            defer { state.held = [] }
            return state.held
        }
        for request in held {
            inner.execute(request.request, timeout: request.timeout, completion: request.completion)
        }
    }

    public func execute(
        _ request: HTTPRequestData, timeout: Double,
        completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    ) {
        let operation = CloudOperation.name(of: RecordedRequest(request))
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard state.operations.contains(operation) else { return nil }
            state.held.append(Held(request: request, timeout: timeout, completion: completion))
            state.heldCount += 1
            let count = state.heldCount
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            return ready
        }
        guard let ready else {
            inner.execute(request, timeout: timeout, completion: completion)
            return
        }
        for continuation in ready { continuation.resume() }
    }
}
