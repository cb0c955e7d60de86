import Onboarding

extension BatchSummary {
    /// Accounts by how they ended, and the account list's invalid rows.
    public struct Counts: Sendable, Hashable, Codable {
        /// Every account of the run (valid rows; invalid ones are counted in `invalid`).
        public var total: Int
        /// Accounts connected.
        public var connected: Int
        /// Accounts failed.
        public var failed: Int
        /// Accounts never started.
        public var notStarted: Int
        /// Accounts stopped mid-workflow (`--resume` finishes them).
        public var interrupted: Int
        /// Accounts offboarded (`onboard offboard --apply`; written only when not 0).
        public var offboarded: Int
        /// Accounts of an offboard dry run (written only when not 0).
        public var dryRun: Int
        /// Rows of the account list that were not run because they are invalid (each row once,
        /// however many problems it has).
        public var invalid: Int

        /// Counts of `statuses`, with `invalid` invalid rows.
        public init(_ statuses: [AccountStatus], invalid: Int = 0) {
            total = statuses.count
            connected = statuses.count(where: { $0 == .connected })
            failed = statuses.count(where: { $0 == .failed })
            notStarted = statuses.count(where: { $0 == .notStarted })
            interrupted = statuses.count(where: { $0 == .interrupted })
            offboarded = statuses.count(where: { $0 == .offboarded })
            dryRun = statuses.count(where: { $0 == .dryRun })
            self.invalid = invalid
        }

        enum CodingKeys: String, CodingKey {
            case total, connected, failed, interrupted, invalid, offboarded
            case notStarted = "not_started"
            case dryRun = "dry_run"
        }

        /// Decodes counts; `interrupted` and `invalid` (added later) default to 0.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            total = try container.decode(Int.self, forKey: .total)
            connected = try container.decode(Int.self, forKey: .connected)
            failed = try container.decode(Int.self, forKey: .failed)
            notStarted = try container.decode(Int.self, forKey: .notStarted)
            interrupted = try container.decodeIfPresent(Int.self, forKey: .interrupted) ?? 0
            invalid = try container.decodeIfPresent(Int.self, forKey: .invalid) ?? 0
            offboarded = try container.decodeIfPresent(Int.self, forKey: .offboarded) ?? 0
            dryRun = try container.decodeIfPresent(Int.self, forKey: .dryRun) ?? 0
        }

        /// Encodes the counts; `offboarded` and `dry_run` only when not 0 (a `run`'s summary
        /// keeps its keys).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(total, forKey: .total)
            try container.encode(connected, forKey: .connected)
            try container.encode(failed, forKey: .failed)
            try container.encode(notStarted, forKey: .notStarted)
            try container.encode(interrupted, forKey: .interrupted)
            try container.encode(invalid, forKey: .invalid)
            if offboarded > 0 { try container.encode(offboarded, forKey: .offboarded) }
            if dryRun > 0 { try container.encode(dryRun, forKey: .dryRun) }
        }
    }
}
