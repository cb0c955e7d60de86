import Foundation
import HTTPCore
import Synchronization

/// An ``HTTPTransport`` in front of another that holds back the requests of chosen operations
/// (``CloudOperation/name(of:)``): they get no answer until ``release()``, so a workflow waits
/// in the middle of a step, as it would on a call that hangs. No thread waits meanwhile.
///
/// A held request whose task is cancelled ends at once with a ``TransportError`` of kind
/// `cancelled` (counted in ``cancelledCount``), as a real transport's would.
/// ``waitUntilHeld(_:)`` lets a test go on once the workflow is stuck there.
public final class HeldTransport: HTTPTransport {
    private typealias Answer = CheckedContinuation<Result<HTTPResponseData, TransportError>, Never>

    private struct Held {
        var request: HTTPRequestData
        var timeout: Double
        var answer: Answer
    }

    private struct State {
        var operations: Set<String>
        var held: [Int: Held] = [:]
        var heldCount = 0
        var cancelledCount = 0
        /// Held requests cancelled before they were stored.
        var cancelledEarly: Set<Int> = []
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

    /// How many requests were held so far (released and cancelled ones included).
    public var heldCount: Int { state.withLock { $0.heldCount } }

    /// How many held requests were cancelled by their task.
    public var cancelledCount: Int { state.withLock { $0.cancelledCount } }

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
            defer { state.held = [:] }
            return state.held.sorted { $0.key < $1.key }.map(\.value)
        }
        for request in held {
            Task { [inner] in
                request.answer.resume(returning: await inner.execute(request.request, timeout: request.timeout))
            }
        }
    }

    /// Holds `request` when its operation is held; sends it on otherwise.
    public func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        let operation = CloudOperation.name(of: RecordedRequest(request))
        let id = state.withLock { state -> Int? in
            guard state.operations.contains(operation) else { return nil }
            state.heldCount += 1
            return state.heldCount
        }
        guard let id else { return await inner.execute(request, timeout: timeout) }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (answer: Answer) in
                hold(id, Held(request: request, timeout: timeout, answer: answer))
            }
        } onCancel: {
            cancel(id)
        }
    }

    private func hold(_ id: Int, _ held: Held) {
        let (cancelled, ready) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
            let count = state.heldCount
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            if state.cancelledEarly.remove(id) != nil {
                state.cancelledCount += 1
                return (true, ready)
            }
            state.held[id] = held
            return (false, ready)
        }
        if cancelled { held.answer.resume(returning: .failure(.cancelled)) }
        for continuation in ready { continuation.resume() }
    }

    private func cancel(_ id: Int) {
        let held = state.withLock { state -> Held? in
            guard let held = state.held.removeValue(forKey: id) else {
                state.cancelledEarly.insert(id)
                return nil
            }
            state.cancelledCount += 1
            return held
        }
        held?.answer.resume(returning: .failure(.cancelled))
    }
}
