import AWSKit
import Dispatch
import Synchronization

/// Waits for a callback-style AWS call. Only for the top of a synchronous command: the batch
/// itself never blocks a thread on the network.
enum BlockingCall {
    static func wait<Value: Sendable>(
        _ start: (@escaping @Sendable (Result<Value, AWSError>) -> Void) -> Void
    ) -> Result<Value, AWSError> {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        start { result in
            box.store(result)
            done.signal()
        }
        done.wait()
        return box.take()
    }
}

/// A result handed from a callback thread to the waiting one.
private final class ResultBox<Value: Sendable>: Sendable {
    private let value = Mutex<Result<Value, AWSError>?>(nil)

    func store(_ result: Result<Value, AWSError>) {
        value.withLock { $0 = result }
    }

    func take() -> Result<Value, AWSError> {
        value.withLock { $0.take() } ?? .failure(AWSError(
            code: "NoResult", message: "the call completed without a result", service: "onboard", operation: "wait",
            isRetryable: false))
    }
}
