import Foundation
import Onboarding
import Testing

@testable import Reports

/// `onboard run --keep-runs N` on real folders: which runs go, which stay (the newest N by start,
/// the current run, `latest`'s target), that nothing but onboard's run folders is ever removed,
/// and that no symbolic link is followed.
@Suite("Run retention")
struct RunRetentionTests {
    /// A reports root under the temporary directory.
    struct Root {
        let path: String

        init() throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-retention-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }

        /// A run of `onboard run`'s, started `minutes` after the fixtures' start, with a report
        /// inside; named `name`, else a generated id.
        @discardableResult
        func run(minutes: Double, named name: String? = nil) throws -> RunFolder {
            let started = ReportFixtures.start.addingTimeInterval(minutes * 60)
            let folder = try name.map { try RunFolder.create(in: path, named: $0) }
                ?? RunFolder.create(in: path, kind: "run", at: started)
            let journal = try RunJournal(folder: folder)
            try journal.append(JournalEvent(kind: .runStarted, time: started, detail: "run of accounts.csv"))
            try journal.append(JournalEvent(kind: .runFinished, time: started.addingTimeInterval(30), detail: "completed"))
            journal.close()
            try folder.write("{}", to: "accounts/111111111111.json")
            try folder.write("# summary", to: "summary.md")
            return folder
        }

        var names: Set<String> { Set((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []) }
    }

    @Test("keeps the newest N by start (named and generated alike) and removes the rest whole")
    func keepsTheNewest() throws {
        let root = try Root()
        defer { root.remove() }
        let oldest = try root.run(minutes: 0)
        try root.run(minutes: 10, named: "nightly-1")
        let middle = try root.run(minutes: 20)
        let newest = try root.run(minutes: 30, named: "nightly-3")
        try newest.markLatest()
        let outcome = RunRetention(keep: 2).prune(root: root.path, current: newest.runID)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        #expect(outcome.removed == [oldest.runID, "nightly-1"])
        #expect(outcome.kept == ["nightly-3", middle.runID])
        #expect(root.names == ["nightly-3", middle.runID, "latest"])
        // Pruning again removes nothing.
        #expect(RunRetention(keep: 2).prune(root: root.path, current: newest.runID).removed.isEmpty)
    }

    @Test("never the current run nor latest's target, however old")
    func protectsCurrentAndLatest() throws {
        let root = try Root()
        defer { root.remove() }
        let resumedOld = try root.run(minutes: 0, named: "resumed")
        let latestOld = try root.run(minutes: 5)
        let other = try root.run(minutes: 10)
        let newest = try root.run(minutes: 20)
        try latestOld.markLatest()
        let outcome = RunRetention(keep: 1).prune(root: root.path, current: resumedOld.runID)
        #expect(Set(outcome.removed) == [other.runID])
        #expect(root.names == ["resumed", latestOld.runID, newest.runID, "latest"])
    }

    @Test("keep 0 is taken as 1: the run itself always stays")
    func keepsAtLeastOne() throws {
        let root = try Root()
        defer { root.remove() }
        let only = try root.run(minutes: 0)
        #expect(RunRetention(keep: 0).keep == 1)
        #expect(RunRetention(keep: 0).prune(root: root.path, current: "someone-else").removed.isEmpty)
        #expect(root.names.contains(only.runID))
    }

    @Test("leaves what is not onboard's run folder: plans, foreign folders, files, links, unreadable or copied journals")
    func leavesForeignThings() throws {
        let root = try Root()
        defer { root.remove() }
        let manager = FileManager.default
        let current = try root.run(minutes: 100)
        // A plan folder (onboard's, but not a run's).
        let plan = try RunFolder.create(in: root.path, kind: "plan", at: ReportFixtures.start)
        try plan.write("# plan", to: "plan.md")
        // A folder named like a run without a journal, one whose journal is another run's copy,
        // one whose journal does not start with run-started, one with a garbled journal.
        try manager.createDirectory(atPath: "\(root.path)/run-20200101-000000", withIntermediateDirectories: false)
        let copied = try root.run(minutes: 1)
        let donor = try root.run(minutes: 2, named: "donor")
        try manager.removeItem(atPath: "\(copied.path)/\(RunJournal.fileName)")
        try manager.copyItem(atPath: "\(donor.path)/\(RunJournal.fileName)", toPath: "\(copied.path)/\(RunJournal.fileName)")
        let notStarted = try RunFolder.create(in: root.path, named: "no-start")
        let journal = try RunJournal(folder: notStarted)
        try journal.append(JournalEvent(kind: .runFinished, time: ReportFixtures.start, detail: "completed"))
        journal.close()
        let garbled = try RunFolder.create(in: root.path, named: "garbled")
        try garbled.write("not json\n", to: RunJournal.fileName)
        // The operator's own things.
        try manager.createDirectory(atPath: "\(root.path)/notes", withIntermediateDirectories: false)
        try "mine".write(toFile: "\(root.path)/run-20200101-000001", atomically: false, encoding: .utf8)
        try "mine".write(toFile: "\(root.path)/notes/keep.txt", atomically: false, encoding: .utf8)
        // A link named like a run to a run folder elsewhere (a real one, with a journal).
        let elsewhere = try Root()
        defer { elsewhere.remove() }
        let linked = try elsewhere.run(minutes: 0, named: "linked")
        try manager.createSymbolicLink(atPath: "\(root.path)/linked", withDestinationPath: linked.path)

        let before = root.names
        let outcome = RunRetention(keep: 1).prune(root: root.path, current: current.runID)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        // Only the donor goes: the one other real run folder.
        #expect(outcome.removed == ["donor"])
        #expect(root.names == before.subtracting(["donor"]))
        #expect(manager.fileExists(atPath: "\(linked.path)/\(RunJournal.fileName)"))
        #expect(manager.fileExists(atPath: "\(root.path)/notes/keep.txt"))
        #expect(manager.fileExists(atPath: "\(plan.path)/plan.md"))
    }

    @Test("a link inside a removed run is removed as a link: what it points at is untouched")
    func linksInsideAreNotFollowed() throws {
        let root = try Root()
        defer { root.remove() }
        let outside = try Root()
        defer { outside.remove() }
        let manager = FileManager.default
        try manager.createDirectory(atPath: "\(outside.path)/data", withIntermediateDirectories: false)
        try "precious".write(toFile: "\(outside.path)/data/file.txt", atomically: false, encoding: .utf8)
        let old = try root.run(minutes: 0)
        try manager.createSymbolicLink(atPath: "\(old.path)/accounts/escape", withDestinationPath: "\(outside.path)/data")
        try manager.createSymbolicLink(atPath: "\(old.path)/escape-file", withDestinationPath: "\(outside.path)/data/file.txt")
        let current = try root.run(minutes: 10)
        let outcome = RunRetention(keep: 1).prune(root: root.path, current: current.runID)
        #expect(outcome.removed == [old.runID])
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        #expect(!manager.fileExists(atPath: old.path))
        #expect(try String(contentsOfFile: "\(outside.path)/data/file.txt", encoding: .utf8) == "precious")
    }

    @Test("a removal cut short (its hidden folder left) is finished by the next pruning")
    func leftoversAreFinished() throws {
        let root = try Root()
        defer { root.remove() }
        let manager = FileManager.default
        let leftover = "\(root.path)/.removing.run-20200101-000000.0123456789abcdef0123456789abcdef.tmp"
        try manager.createDirectory(atPath: "\(leftover)/accounts", withIntermediateDirectories: true)
        try "{}".write(toFile: "\(leftover)/accounts/111111111111.json", atomically: false, encoding: .utf8)
        let current = try root.run(minutes: 0)
        let outcome = RunRetention(keep: 3).prune(root: root.path, current: current.runID)
        #expect(outcome.failures.isEmpty, "\(outcome.failures)")
        #expect(!manager.fileExists(atPath: leftover))
        #expect(root.names == [current.runID])
    }

    @Test("a root that cannot be listed is a failure in the outcome, not a crash")
    func unlistableRoot() {
        let outcome = RunRetention(keep: 1).prune(root: "/nonexistent-\(UUID().uuidString)", current: "x")
        #expect(outcome.removed.isEmpty)
        #expect(outcome.failures.count == 1 && outcome.failures[0].operation == .removeRun)
    }
}

