#if os(Linux)
import CGlibcMalloc
import Glibc
#endif

/// How many malloc arenas a batch may use.
///
/// glibc gives each thread that meets contention an arena of its own (up to 8 per core), and an
/// arena keeps what it once held: measured at 5,000 payers, two arenas of the cooperative threads
/// held about 100 MiB after the accounts that filled them had finished. A batch's threads are few
/// and its allocations small, so two arenas cost nothing measurable in CPU and keep the peak
/// lower (`scripts/bench-scale`). An operator's `MALLOC_ARENA_MAX` is left to win.
enum MallocArenas {
    /// The arenas a batch uses when the environment does not say.
    static let batchLimit: Int32 = 2

    /// Limits malloc to ``batchLimit`` arenas, unless `MALLOC_ARENA_MAX` is set. Call it before
    /// the batch starts its work.
    static func limitForBatch() {
        #if os(Linux)
        if getenv("MALLOC_ARENA_MAX") == nil {
            _ = mallopt(M_ARENA_MAX, batchLimit)
        }
        #endif
    }
}
