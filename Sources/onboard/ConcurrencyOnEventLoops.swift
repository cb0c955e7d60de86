import Foundation
import NIOCore
import NIOPosix

/// Where a batch's Swift Concurrency jobs run: on NIO's event loops (the threads that already do
/// the batch's network I/O), not on Swift's own cooperative pool.
///
/// Each request's answer arrives on an event loop; with the cooperative pool as the executor, the
/// task awaiting it is woken on another thread (a futex wake, a context switch) and its next
/// request is handed back to the event loop the same way. Running the tasks on the event loops
/// leaves out both hops. The batch's tasks do no blocking work (reports and the journal are
/// written on their own Dispatch queues), so the event loops stay free for I/O.
/// `ONBOARD_EXECUTOR=cooperative` keeps Swift's pool (to compare). NIO finds the runtime's hook
/// with `dlsym`; where it cannot (a binary with the Swift runtime linked statically, as
/// `scripts/install` builds, holds the hook as a local symbol), the pool is kept and the batch
/// runs as before, only with more thread hops.
enum ConcurrencyOnEventLoops {
    /// Installs NIO's singleton event-loop group as Swift Concurrency's global executor, unless
    /// `ONBOARD_EXECUTOR=cooperative`. Call it once, on the main thread, before any task starts.
    ///
    /// - Returns: whether the event loops now run the tasks.
    @discardableResult
    static func install(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard environment["ONBOARD_EXECUTOR"] != "cooperative" else { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
