import Dispatch
import Synchronization

/// Waits at the top of a synchronous command (never on a Dispatch worker or an event loop) for
/// work that reports through a callback or runs as async code.
enum BlockingCall {
    /// Starts `start` and waits until it calls back once, with the value it gave.
    @available(*, noasync, message: "blocks the calling thread: only at the top of a synchronous command")
    static func wait<Value: Sendable>(_ start: (@escaping @Sendable (Value) -> Void) -> Void) -> Value {
        let box = ValueBox<Value>()
        let done = DispatchSemaphore(value: 0)
        start { value in
            box.store(value)
            done.signal()
        }
        done.wait()
        guard let value = box.take() else { preconditionFailure("signalled without a value") }
        return value
    }

    /// Runs `work` as a task and waits for its value.
    @available(*, noasync, message: "blocks the calling thread: only at the top of a synchronous command")
    static func run<Value: Sendable>(_ work: @escaping @Sendable () async -> Value) -> Value {
        wait { done in
            Task { done(await work()) }
        }
    }
}

/// One value handed from a callback thread to the waiting thread.
private final class ValueBox<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    func store(_ newValue: Value) {
        value.withLock { $0 = newValue }
    }

    func take() -> Value? {
        value.withLock { $0.take() }
    }
}
