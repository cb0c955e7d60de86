import Foundation
import Onboarding

/// The latest known state of every account over all the run (and check) folders of a reports
/// folder: for each account id, its newest report, and the folder it came from. What
/// `onboard status --fleet` shows, so a partner sees the whole customer base at once.
///
/// Built from the reports alone (no network: Spot's data status is as last recorded, by
/// `verify` or `onboard status`). It writes nothing and takes no lock: every report is
/// replaced by a rename, so a read sees a whole report, old or new, even while a run writes
/// (that run's accounts count as far as they have finished); and a lock, even a shared one,
/// would make a run starting at that moment stop as if another held the folder.
///
/// Which report is newest: one of an account that ran (any status but `not-started`) over one
/// of an account a folder did not start (which knows nothing new); then the later `finished`;
/// then the later folder (by its id's time and sequence number).
public struct FleetView: Sendable, Hashable, Codable {
    /// The folder kinds read: `run` (`onboard run`), `check` and `offboard` (only its accounts
    /// offboarded with `--apply`: a dry run changes nothing of an account's state); plans hold no results.
    public static let kinds: Set<String> = ["run", "check", "offboard"]

    /// The reports folder read.
    public var reports: String
    /// When it was read.
    public var readAt: Date
    /// Accounts by their latest status.
    public var counts: Counts
    /// Every account, by account id.
    public var accounts: [Account]
    /// The folders read, oldest first.
    public var folders: [Folder]
    /// The reports that could not be read (the rest are still shown).
    public var problems: [Problem]

    /// Accounts by their latest status.
    public struct Counts: Sendable, Hashable, Codable {
        public var total: Int
        public var connected: Int
        public var failed: Int
        public var interrupted: Int
        public var notStarted: Int

        /// The counts of `statuses`.
        public init(_ statuses: [AccountStatus]) {
            total = statuses.count
            connected = statuses.count(where: { $0 == .connected })
            failed = statuses.count(where: { $0 == .failed })
            interrupted = statuses.count(where: { $0 == .interrupted })
            notStarted = statuses.count(where: { $0 == .notStarted })
        }

        enum CodingKeys: String, CodingKey {
            case total, connected, failed, interrupted
            case notStarted = "not_started"
        }
    }

    /// One folder read.
    public struct Folder: Sendable, Hashable, Codable {
        /// Its id (`run-yyyyMMdd-HHmmss`, `check-…`).
        public var runID: String
        /// The account reports it holds.
        public var accounts: Int
        /// Whether it has its `summary.json`: a folder without is in progress, or was stopped
        /// before its end (`onboard run --resume` finishes it).
        public var hasSummary: Bool

        public init(runID: String, accounts: Int, hasSummary: Bool) {
            self.runID = runID
            self.accounts = accounts
            self.hasSummary = hasSummary
        }

        enum CodingKeys: String, CodingKey {
            case runID = "run_id"
            case accounts
            case hasSummary = "has_summary"
        }
    }

    /// A report or folder that could not be read.
    public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        /// Its path.
        public var path: String
        /// Why.
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }

        /// `path: cannot read: reason`.
        public var description: String { "\(path): cannot read: \(reason)" }
    }

    enum CodingKeys: String, CodingKey {
        case reports
        case readAt = "read_at"
        case counts, accounts, folders, problems
    }

    /// The view of `accounts` (reports, each with the folder it comes from, in any order).
    public init(
        reports: String, readAt: Date, results: [(runID: String, result: AccountResult)], folders: [Folder],
        problems: [Problem] = []
    ) {
        self.reports = reports
        self.readAt = readAt
        var newest: [String: (runID: String, result: AccountResult)] = [:]
        var seen: [String: Set<String>] = [:]
        for entry in results {
            let id = entry.result.accountID
            seen[id, default: []].insert(entry.runID)
            if let current = newest[id], !Self.isNewer(entry, than: current) { continue }
            newest[id] = entry
        }
        accounts = newest.values.map { Account($0.result, runID: $0.runID, folders: seen[$0.result.accountID]?.count ?? 1) }
            .sorted { $0.accountID < $1.accountID }
        counts = Counts(accounts.map(\.status))
        self.folders = folders.sorted { Self.order($0.runID) < Self.order($1.runID) }
        self.problems = problems
    }

    /// Reads every run and check folder of the reports folder `root`: their `accounts/*.json`.
    /// A report or folder that cannot be read is a `problem`, and the rest are still read.
    ///
    /// - Throws: `ReportReadError` when `root` itself cannot be listed.
    public static func read(in root: String, at date: Date = Date()) throws -> FleetView {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root)
        } catch {
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: root, isDirectory: &isFolder)
            throw ReportReadError(
                operation: .readFile, path: root,
                reason: !exists ? "no such folder" : !isFolder.boolValue ? "not a folder" : error.localizedDescription)
        }
        var results: [(runID: String, result: AccountResult)] = []
        var folders: [Folder] = []
        var problems: [Problem] = []
        for runID in names.sorted() where RunFolder.isRunID(runID, kinds: kinds) {
            let folder: RunFolder
            let files: [String]
            do {
                folder = try RunFolder.open(in: root, runID: runID, kinds: kinds)
                files = try folder.names(in: "accounts").filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            } catch {
                problems.append(Problem(path: "\(root)/\(runID)", reason: reason(error)))
                continue
            }
            var read = 0
            for file in files {
                let relativePath = "accounts/\(file)"
                do {
                    let result = try AccountReportWriter.decode(Data(folder.read(relativePath)), path: "\(folder.path)/\(relativePath)")
                    guard file == "\(result.accountID).json" else {
                        problems.append(Problem(path: "\(folder.path)/\(relativePath)", reason: "holds the report of \(result.accountID)"))
                        continue
                    }
                    read += 1
                    if result.status == .dryRun { continue }
                    results.append((runID: runID, result: result))
                } catch {
                    problems.append(Problem(path: "\(folder.path)/\(relativePath)", reason: reason(error)))
                }
            }
            let hasSummary = (try? folder.read("summary.json")) != nil
            folders.append(Folder(runID: runID, accounts: read, hasSummary: hasSummary))
        }
        return FleetView(reports: root, readAt: date, results: results, folders: folders, problems: problems)
    }

    /// Whether `candidate` says more recent news of its account than `current`.
    static func isNewer(
        _ candidate: (runID: String, result: AccountResult), than current: (runID: String, result: AccountResult)
    ) -> Bool {
        let ran = (candidate.result.status != .notStarted, current.result.status != .notStarted)
        if ran.0 != ran.1 { return ran.0 }
        let finished = (candidate.result.finished ?? .distantPast, current.result.finished ?? .distantPast)
        if finished.0 != finished.1 { return finished.0 > finished.1 }
        return order(candidate.runID) > order(current.runID)
    }

    /// A folder id's place in time: its `yyyyMMdd-HHmmss`, then its sequence number (`-2`,
    /// `-3`, … within a second; none is 1), then its kind.
    static func order(_ runID: String) -> OrderKey {
        let parts = runID.split(separator: "-")
        guard parts.count >= 3 else { return OrderKey(stamp: runID, sequence: 0, kind: "") }
        let sequence = parts.count > 3 ? Int(parts[3]) ?? 0 : 1
        return OrderKey(stamp: "\(parts[1])-\(parts[2])", sequence: sequence, kind: String(parts[0]))
    }

    /// A folder's place in time (see `order(_:)`).
    struct OrderKey: Comparable {
        var stamp: String
        var sequence: Int
        var kind: String

        static func < (left: OrderKey, right: OrderKey) -> Bool {
            (left.stamp, left.sequence, left.kind) < (right.stamp, right.sequence, right.kind)
        }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as ReportReadError: error.reason
        case let error as ReportWriteError: error.reason
        default: "\(error)"
        }
    }
}
