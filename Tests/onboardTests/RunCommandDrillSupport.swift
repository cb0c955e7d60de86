import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 10's drills: big batches through faults, `kill -9` and resume, a Reports folder that
/// cannot be written, a Spot token revoked mid-run, two runs on one Reports folder. Each counts
/// what the local cloud holds afterwards (Spot accounts, stacks, CUR definitions, buckets per
/// payer), not what the tool says.
///
/// One at a time (`.serialized`, and a pass of `scripts/test` of their own): they load the two
/// cores of CI fully, and their timings (a stop within 60 s) mean nothing under someone else's
/// load. D1 and D2 start a local cloud of their own.
@Suite("onboard run: the drills of issue 10 (the built binary, one at a time)", .serialized)
struct RunCommandDrillTests {}

/// What the drills share: how a big batch is run, and how its end is counted.
enum Drill {
    /// Options that let a few hundred payers finish in minutes on two cores (debug build):
    /// many accounts in flight, Spot's rate limit out of the way, diagnostics kept short.
    static let fastBatch = ["--concurrency", "64", "--spot-rps", "200", "--sts-rps", "100", "--quiet"]

    /// `count` fresh, distinct payer account ids.
    static func freshPayers(_ count: Int) -> [String] {
        var ids: [String] = []
        var seen: Set<String> = []
        while ids.count < count {
            let id = FreshNames.accountID()
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    /// Prints one line a CI log keeps: the drill, what the local cloud held, its wall time.
    static func log(_ drill: String, _ text: String, since started: Date) {
        print("drill \(drill): \(text) [\(String(format: "%.1f", Date().timeIntervalSince(started))) s]")
    }

    /// The journal's accounts that finished (`account-finished`).
    static func finished(_ journal: [JournalEntry]) -> Set<String> {
        Set(journal.filter { $0.kind == "account-finished" }.compactMap(\.accountId))
    }

    /// Polls `condition` every quarter second while `child` runs, at most `timeout` seconds:
    /// true once it holds, false when the child ended first or time ran out.
    static func whileRunning(_ child: ChildProcess, timeout: Double, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, child.isRunning {
            if try await condition() { return child.isRunning }
            try await Task.sleep(for: .milliseconds(250))
        }
        return false
    }

    /// What is missing from a run's reports for `ids`, all expected connected: each account's
    /// JSON (connected) and Markdown, `summary.json` (counts), `summary.csv` (a row per account),
    /// `summary.md`, `junit.xml` (a test case per account, no failure).
    static func reportProblems(_ run: RunReports, ids: [String]) -> [String] {
        var problems: [String] = []
        for id in ids {
            if let report = try? run.account(id) {
                if report.status != "connected" {
                    problems.append("\(id): \(report.status) \(report.error.map { "\($0.step): \($0.code): \($0.message)" } ?? "")")
                }
            } else {
                problems.append("accounts/\(id).json missing or unreadable")
            }
            if ((try? run.text("accounts/\(id).md")) ?? "").isEmpty { problems.append("accounts/\(id).md missing or empty") }
        }
        if let summary = try? run.summary() {
            if summary.counts != .init(total: ids.count, connected: ids.count, failed: 0, notStarted: 0) {
                problems.append("summary.json counts \(summary.counts)")
            }
            if Set(summary.accounts.map(\.accountId)) != Set(ids) { problems.append("summary.json does not list exactly the batch's accounts") }
        } else {
            problems.append("summary.json missing or unreadable")
        }
        // RFC 4180 lines end in CRLF (one Character in Swift, so split on the scalars).
        let csv = ((try? run.text("summary.csv")) ?? "").replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n")
        let csvIDs = Set(csv.dropFirst().map { String($0.prefix { $0 != "," }) })
        if csv.count != ids.count + 1 || csvIDs != Set(ids) { problems.append("summary.csv has \(csv.count) lines, not a header and \(ids.count) rows") }
        if ((try? run.text("summary.md")) ?? "").isEmpty { problems.append("summary.md missing or empty") }
        let junit = (try? run.text("junit.xml")) ?? ""
        let cases = junit.components(separatedBy: "<testcase ").count - 1
        if cases != ids.count || !junit.contains("tests=\"\(ids.count)\"") || !junit.contains("failures=\"0\"")
            || junit.contains("<failure")
        {
            problems.append("junit.xml has \(cases) test cases (\(junit.isEmpty ? "missing" : "with a failure or wrong counts"))")
        }
        return problems
    }
}

/// What the local cloud holds for a batch's payers and its Spot organization, read from the
/// sandbox (`/sandbox/state`: Spot accounts, CUR definitions) and from moto directly (buckets,
/// stacks), never from the tool's reports.
struct CloudHoldings: Sendable, CustomStringConvertible {
    var payers: [String]
    /// Every Spot account of the organization, linked or not.
    var spotAccounts: [SandboxState.SpotAccount]
    /// Per payer: its stacks in us-east-1 (id, status), as moto has them.
    var stacks: [String: [(id: String, status: String)]]
    /// Per payer: its CUR definitions' names.
    var reportDefinitions: [String: [String]]
    /// Per payer: its buckets.
    var buckets: [String: [String]]

    static func read(_ cloud: LocalCloud, organization: String, payers: [String]) async throws -> CloudHoldings {
        let state = try await cloud.state()
        var holdings = CloudHoldings(
            payers: payers, spotAccounts: state.spotAccounts.filter { $0.organizationId == organization }, stacks: [:],
            reportDefinitions: [:], buckets: [:])
        for id in payers { holdings.reportDefinitions[id] = state.reportDefinitions[id] ?? [] }
        // moto, eight payers at a time.
        for start in stride(from: 0, to: payers.count, by: 8) {
            let chunk = payers[start..<min(start + 8, payers.count)]
            let read = try await withThrowingTaskGroup(of: (String, [(id: String, status: String)], [String]).self) { group in
                for id in chunk {
                    group.addTask { (id, try await cloud.stacks(account: id), try await cloud.buckets(account: id)) }
                }
                var read: [(String, [(id: String, status: String)], [String])] = []
                for try await item in group { read.append(item) }
                return read
            }
            for (id, stacks, buckets) in read {
                holdings.stacks[id] = stacks
                holdings.buckets[id] = buckets
            }
        }
        return holdings
    }

    /// The organization's Spot accounts linked to `payer`.
    func spotAccounts(of payer: String) -> [SandboxState.SpotAccount] {
        spotAccounts.filter { $0.providerExternalId == payer }
    }

    /// Spot accounts no payer's credentials were linked to (made, then abandoned).
    var unlinkedSpotAccounts: [SandboxState.SpotAccount] {
        spotAccounts.filter { $0.providerExternalId == nil }
    }

    /// Every way the holdings differ from "each payer connected exactly once": one Spot account
    /// linked to it (and none unlinked), one stack completed, one CUR definition
    /// (`spot-cur-hourly`), one bucket (`spot-cur-<payer>`).
    func problems() -> [String] {
        var problems: [String] = []
        for id in payers {
            let linked = spotAccounts(of: id)
            if linked.count != 1 { problems.append("\(id): \(linked.count) Spot accounts linked (\(linked.map(\.accountId).joined(separator: ", ")))") }
            let stacks = self.stacks[id] ?? []
            if stacks.count != 1 || !["CREATE_COMPLETE", "UPDATE_COMPLETE"].contains(stacks.first?.status ?? "") {
                problems.append("\(id): stacks \(stacks.map(\.status))")
            }
            if reportDefinitions[id] != ["spot-cur-hourly"] { problems.append("\(id): CUR definitions \(reportDefinitions[id] ?? [])") }
            if buckets[id] != ["spot-cur-\(id)"] { problems.append("\(id): buckets \(buckets[id] ?? [])") }
        }
        for account in unlinkedSpotAccounts {
            problems.append("Spot account \(account.accountId) '\(account.name)' made but linked to no payer")
        }
        if spotAccounts.count != payers.count { problems.append("\(spotAccounts.count) Spot accounts in the organization for \(payers.count) payers") }
        return problems
    }

    /// Spot accounts that were issued more than one external id.
    var reissuedExternalIDs: [SandboxState.SpotAccount] {
        spotAccounts.filter { ($0.externalIdsIssued ?? 0) > 1 }
    }

    var description: String {
        let linked = spotAccounts.count - unlinkedSpotAccounts.count
        let stackCount = stacks.values.reduce(0) { $0 + $1.count }
        let definitionCount = reportDefinitions.values.reduce(0) { $0 + $1.count }
        let bucketCount = buckets.values.reduce(0) { $0 + $1.count }
        let issued = spotAccounts.reduce(0) { $0 + ($1.externalIdsIssued ?? 0) }
        return "\(payers.count) payers: \(spotAccounts.count) Spot accounts (\(linked) linked, \(unlinkedSpotAccounts.count) unlinked, "
            + "\(issued) external ids issued), \(stackCount) stacks, \(definitionCount) CUR definitions, \(bucketCount) buckets"
    }

    /// Nothing at all for the payers: no Spot account in the organization, no stack, CUR
    /// definition or bucket.
    var isEmpty: Bool {
        spotAccounts.isEmpty && stacks.values.allSatisfy(\.isEmpty) && reportDefinitions.values.allSatisfy(\.isEmpty)
            && buckets.values.allSatisfy(\.isEmpty)
    }
}
