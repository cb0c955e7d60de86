import BatchRunner
import Dispatch
import Foundation

/// Waits for the batch at the top of the synchronous command (never on a Dispatch worker).
enum BlockingOutcome {
    static func wait(_ start: (@escaping @Sendable (BatchOutcome) -> Void) -> Void) -> BatchOutcome {
        let box = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        start { outcome in
            box.set(outcome)
            done.signal()
        }
        done.wait()
        return box.get()!
    }
}

private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: BatchOutcome?
    func set(_ outcome: BatchOutcome) { lock.withLock { value = outcome } }
    func get() -> BatchOutcome? { lock.withLock { value } }
}
