import Foundation
import Onboarding

/// The last report that says each account is connected, across the runs (`run-…` folders) of a
/// reports root: what `check` measures drift against, and what tells `run` that a change it
/// makes is a repair.
public enum RecordedConnections {
    /// What was found: per AWS account id the newest connected report with its run, and the
    /// reports that could not be read (`path: reason`; they are passed over).
    public struct Found: Sendable {
        public var connections: [String: RecordedConnection] = [:]
        public var problems: [String] = []
    }

    /// Reads the runs of `root`, newest first, until each of `accounts` has a connected report
    /// (or the runs run out). A missing root has no runs.
    public static func read(in root: String, accounts: Set<String>) -> Found {
        var found = Found()
        guard !accounts.isEmpty, let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return found }
        let runs = names.filter { RunFolder.isRunID($0, kinds: ["run"]) }.sorted { order($0) > order($1) }
        for runID in runs {
            if found.connections.count == accounts.count { break }
            guard let folder = try? RunFolder.open(in: root, runID: runID, kinds: ["run"]),
                let files = try? folder.names(in: "accounts")
            else { continue }
            for file in files where file.hasSuffix(".json") && !file.hasPrefix(".") {
                let accountID = String(file.dropLast(".json".count))
                guard accounts.contains(accountID), found.connections[accountID] == nil else { continue }
                do {
                    let result = try AccountReportWriter(folder: folder).read(accountID: accountID)
                    if result.status == .connected {
                        found.connections[accountID] = RecordedConnection(runID: runID, result: result)
                    }
                } catch {
                    found.problems.append("\(error)")
                }
            }
        }
        return found
    }

    /// A run id's place in time: its stamp, then its same-second suffix (`-2` after none).
    private static func order(_ runID: String) -> (String, Int) {
        let parts = runID.split(separator: "-")
        let stamp = parts.count >= 3 ? "\(parts[1])\(parts[2])" : runID
        return (stamp, parts.count == 4 ? Int(parts[3]) ?? 1 : 1)
    }
}
