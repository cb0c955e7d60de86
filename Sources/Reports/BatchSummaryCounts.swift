import Onboarding

extension BatchSummary {
    /// Accounts by how they ended.
    public struct Counts: Sendable, Hashable, Codable {
        /// Every account of the run.
        public var total: Int
        /// Accounts connected.
        public var connected: Int
        /// Accounts failed.
        public var failed: Int
        /// Accounts never started.
        public var notStarted: Int
        /// Accounts stopped mid-workflow (`--resume` finishes them).
        public var interrupted: Int

        /// Counts of `statuses`.
        public init(_ statuses: [AccountStatus]) {
            total = statuses.count
            connected = statuses.count(where: { $0 == .connected })
            failed = statuses.count(where: { $0 == .failed })
            notStarted = statuses.count(where: { $0 == .notStarted })
            interrupted = statuses.count(where: { $0 == .interrupted })
        }

        enum CodingKeys: String, CodingKey {
            case total, connected, failed, interrupted
            case notStarted = "not_started"
        }
    }
}
