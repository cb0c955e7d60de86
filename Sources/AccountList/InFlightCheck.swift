import Dispatch
import Synchronization

/// A batch being checked on a Dispatch worker, and the wait for its rows.
final class InFlightCheck: Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let result = Mutex<RowChecker.CheckedBatch?>(nil)

    /// Starts checking `batch` on a global concurrent queue.
    init(batch: CSVRecordBatch, checker: RowChecker) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let checked = checker.check(batch)
            result.withLock { $0 = checked }
            done.signal()
        }
    }

    /// Blocks the calling thread until the rows are ready; call it from a thread that may block.
    func wait() -> RowChecker.CheckedBatch {
        done.wait()
        return result.withLock { $0.take() ?? RowChecker.CheckedBatch() }
    }
}
