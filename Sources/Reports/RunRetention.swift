import Foundation
import Onboarding

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `onboard run --keep-runs N`: removes the run folders of a reports root but the newest `N`,
/// never the run `latest` points at and never the run in progress.
///
/// Only `onboard run`'s folders are candidates, and only when both their name and their content
/// say so: a plain folder (not a symbolic link; nothing is ever followed) whose name is a run id
/// (`run-yyyyMMdd-HHmmss[-N]`) or a run name (`--run-id`), holding a regular `journal.jsonl`
/// whose first line is that run's `run-started` event (naming the folder as its run; journals
/// from before `run_id` was recorded are accepted for generated ids only). "Newest" is by that
/// event's time: when the run first started. Anything else in the root (plans, `latest`,
/// `.lock`, a folder the operator made, a run folder whose journal is unreadable) is left alone.
///
/// Plan folders are never removed: `onboard plan` takes no lock, so one may be writing its
/// folder at any moment; they are small, and not what a scheduled run makes.
///
/// Whether a run is in use: the caller holds the reports lock (`ReportsLock`), which every
/// `onboard run` and `status` takes for as long as they work, so no other onboard is writing
/// any run folder. The current run and `latest`'s target are kept however old. A process that
/// is only reading files of a removed folder keeps what it opened (POSIX unlink semantics).
///
/// A folder is removed by first renaming it, atomically, to a hidden name
/// (`.removing.<name>.<random>`), then deleting what it holds one name at a time through folder
/// descriptors (`openat` with `O_NOFOLLOW`, `unlinkat`): a symbolic link inside is removed as a
/// link, never followed, and a folder on another file system is not entered. A removal cut short
/// (a kill) leaves only such a hidden folder, which the next pruning removes; never a half-deleted
/// folder under the run's own name.
public struct RunRetention: Sendable, Hashable {
    /// How many runs to keep, the current one included (at least 1).
    public var keep: Int

    /// - Parameter keep: how many runs to keep (at least 1; less is taken as 1).
    public init(keep: Int) {
        self.keep = max(1, keep)
    }

    /// What a pruning did.
    public struct Outcome: Sendable, Hashable {
        /// The runs removed, oldest first.
        public var removed: [String] = []
        /// The runs kept, newest first.
        public var kept: [String] = []
        /// Folders or files that could not be removed: the path and the system's reason.
        public var failures: [ReportWriteError] = []
    }

    /// A run folder of `onboard run`'s, found in the root.
    public struct Candidate: Sendable, Hashable {
        /// The run id (the folder's name).
        public var runID: String
        /// When the run first started (its journal's first event).
        public var started: Date
    }

    /// The prefix of the hidden name a folder is renamed to before it is deleted.
    static let removingPrefix = ".removing."

    /// Removes the run folders of `root` but the newest `keep`, `current` (the run in progress,
    /// which holds the reports lock) and `latest`'s target, and any folder an earlier pruning
    /// left half-removed. Never throws: what could not be removed is in the outcome's `failures`.
    public func prune(root: String, current: String) -> Outcome {
        var outcome = Outcome()
        let candidates: [Candidate]
        do throws(ReportWriteError) {
            candidates = try Self.candidates(in: root)
        } catch {
            outcome.failures.append(error)
            return outcome
        }
        let latestTarget = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/\(RunFolder.latest)")
        let newestFirst = candidates.sorted { ($0.started, $0.runID) > ($1.started, $1.runID) }
        var toRemove: [String] = []
        for (index, candidate) in newestFirst.enumerated() {
            if index < keep || candidate.runID == current || candidate.runID == latestTarget {
                outcome.kept.append(candidate.runID)
            } else {
                toRemove.append(candidate.runID)
            }
        }
        let rootFolder: Int32
        do throws(ReportFiles.Failure) {
            rootFolder = try ReportFiles.openFolder(root)
        } catch {
            outcome.failures.append(ReportWriteError(operation: .removeRun, path: root, reason: error.reason))
            return outcome
        }
        defer { ReportFiles.closeQuietly(rootFolder) }
        for runID in toRemove.reversed() {
            let hidden = ReportFiles.temporaryName(for: String(Self.removingPrefix.dropFirst()) + runID)
            guard renameat(rootFolder, runID, rootFolder, hidden) == 0 else {
                outcome.failures.append(ReportWriteError(
                    operation: .removeRun, path: "\(root)/\(runID)", reason: ReportFiles.Failure("rename it").reason))
                continue
            }
            if let failure = Self.removeTree(hidden, in: rootFolder, path: root) {
                outcome.failures.append(failure)
            }
            outcome.removed.append(runID)
        }
        for leftover in Self.leftovers(in: root) {
            if let failure = Self.removeTree(leftover, in: rootFolder, path: root) { outcome.failures.append(failure) }
        }
        if !outcome.removed.isEmpty {
            do throws(ReportFiles.Failure) {
                try ReportFiles.sync(rootFolder, root)
            } catch {
                outcome.failures.append(ReportWriteError(operation: .removeRun, path: root, reason: error.reason))
            }
        }
        return outcome
    }

    /// The run folders of `onboard run`'s in `root` (see the type's documentation), in no order.
    ///
    /// - Throws: `ReportWriteError` (`removeRun`) when the root cannot be listed.
    public static func candidates(in root: String) throws(ReportWriteError) -> [Candidate] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root)
        } catch {
            throw ReportWriteError(operation: .removeRun, path: root, reason: "cannot list it: \(error.localizedDescription)")
        }
        return names.compactMap { name in
            let generated = RunFolder.isRunID(name, kinds: ["run"])
            guard generated || RunFolder.isRunName(name) else { return nil }
            guard let event = firstJournalLine(of: RunFolder(root: root, runID: name)), event.event.kind == .runStarted,
                event.runID == name || (event.runID == nil && generated)
            else { return nil }
            return Candidate(runID: name, started: event.event.time)
        }
    }

    /// The first line of `folder`'s journal, read through the run folder opened without
    /// following links (a link anywhere there, a journal that is not a regular file, a line
    /// longer than 64 KiB or one that is not an event: `nil`).
    static func firstJournalLine(of folder: RunFolder) -> JournalLine? {
        guard let runFolder = try? folder.openRunFolder() else { return nil }
        defer { ReportFiles.closeQuietly(runFolder) }
        guard let journal = try? ReportFiles.openFile(runFolder, RunJournal.fileName, flags: O_RDONLY) else { return nil }
        defer { ReportFiles.closeQuietly(journal) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { pread(journal, $0.baseAddress!, $0.count, 0) }
        guard count > 0, let end = buffer[0..<count].firstIndex(of: 0x0A) else { return nil }
        return try? ReportEncoding.decode(JournalLine.self, from: Data(buffer[0..<end]))
    }

    /// Hidden folders an earlier pruning renamed but did not finish removing.
    static func leftovers(in root: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.filter { name in
            guard name.hasPrefix(removingPrefix), name.hasSuffix(".tmp") else { return false }
            var status = stat()
            return lstat("\(root)/\(name)", &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
        }
    }

    /// Removes the folder `name` in `parent` and everything in it, following no link and
    /// entering no other file system; `nil` when all of it went, else the first failure (the
    /// rest is still tried).
    static func removeTree(_ name: String, in parent: Int32, path: String) -> ReportWriteError? {
        var failure: ReportWriteError?
        removeTree(name, in: parent, path: path, device: nil, depth: 0, failure: &failure)
        return failure
    }

    private static func removeTree(
        _ name: String, in parent: Int32, path: String, device: dev_t?, depth: Int, failure: inout ReportWriteError?
    ) {
        let here = "\(path)/\(name)"
        func fail(_ reason: String) {
            if failure == nil { failure = ReportWriteError(operation: .removeRun, path: here, reason: reason) }
        }
        guard depth < 16 else { return fail("nested too deep (left)") }
        let folder = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard folder >= 0 else { return fail(ReportFiles.Failure("open").reason) }
        var status = stat()
        guard fstat(folder, &status) == 0 else {
            ReportFiles.closeQuietly(folder)
            return fail(ReportFiles.Failure("stat").reason)
        }
        if let device, status.st_dev != device {
            ReportFiles.closeQuietly(folder)
            return fail("on another file system (left)")
        }
        for child in entries(of: folder) {
            var childStatus = stat()
            guard fstatat(folder, child, &childStatus, AT_SYMLINK_NOFOLLOW) == 0 else {
                fail(ReportFiles.Failure("stat \(child)").reason)
                continue
            }
            if (childStatus.st_mode & S_IFMT) == S_IFDIR {
                removeTree(child, in: folder, path: here, device: status.st_dev, depth: depth + 1, failure: &failure)
            } else if unlinkat(folder, child, 0) != 0 {
                fail(ReportFiles.Failure("remove \(child)").reason)
            }
        }
        ReportFiles.closeQuietly(folder)
        if unlinkat(parent, name, AT_REMOVEDIR) != 0 { fail(ReportFiles.Failure("remove the folder").reason) }
    }

    /// The names in the open folder `folder` but `.` and `..` (read through a duplicate of the
    /// descriptor, which `closedir` closes).
    private static func entries(of folder: Int32) -> [String] {
        let copy = dup(folder)
        guard copy >= 0, let stream = fdopendir(copy) else {
            if copy >= 0 { ReportFiles.closeQuietly(copy) }
            return []
        }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
