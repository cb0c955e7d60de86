import Foundation
import Onboarding

/// Reads what earlier `onboard run`s recorded for the accounts to offboard: every `run-…`
/// folder of the reports folder, oldest first, its per-account reports and its journal (which
/// also holds accounts a killed run never reported, such as a Spot account just created). A
/// journal line the replay does not trust is not taken (`JournalReplay`): offboarding deletes
/// only what onboard's own records say it made.
public struct OnboardingHistoryReader: Sendable {
    /// The reports folder.
    public let root: String

    public init(root: String) {
        self.root = root
    }

    /// What was read: each account's history, and what could not be read (the rest is used).
    public struct Reading: Sendable {
        public var histories: [String: OnboardingHistory] = [:]
        public var problems: [String] = []
    }

    /// The histories of `accountIDs`.
    public func read(accountIDs: Set<String>) -> Reading {
        var reading = Reading()
        for runID in runIDs() {
            let folder: RunFolder
            do {
                folder = try RunFolder.open(in: root, runID: runID, kinds: ["run"])
            } catch {
                reading.problems.append("\(runID): \(error)")
                continue
            }
            let reports = AccountReportWriter(folder: folder)
            var journal = JournalReplay(events: [])
            do {
                journal = try JournalReplay.read(folder: folder)
            } catch {
                reading.problems.append("\(runID)/journal.jsonl: \(error)")
            }
            for id in accountIDs.sorted() {
                var history = reading.histories[id] ?? OnboardingHistory()
                let before = history
                if let report = try? reports.read(accountID: id) {
                    history.add(report.outputs, runID: runID)
                }
                if let outputs = journal.finished[id]?.outputs ?? journal.interrupted[id]?.outputs {
                    history.add(outputs, runID: runID)
                }
                if history != before { reading.histories[id] = history }
            }
        }
        return reading
    }

    /// The ids of the `run` folders in `root`, oldest first (`run-yyyyMMdd-HHmmss`, then `-2`, `-3`, …).
    public func runIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { RunFolder.isRunID($0, kinds: ["run"]) }.sorted { Self.order($0) < Self.order($1) }
    }

    private static func order(_ runID: String) -> (String, Int) {
        let parts = runID.split(separator: "-")
        let stamp = parts.prefix(3).joined(separator: "-")
        return (stamp, parts.count > 3 ? Int(parts[3]) ?? 0 : 1)
    }
}
