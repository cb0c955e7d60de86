import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of one run, `Reports/<run-id>/`, and the only way reports reach the disk.
///
/// Folders are made 0700 and files 0600 (reports name customers' accounts). Every file is written
/// to a new temporary file of an unpredictable name (`O_EXCL | O_NOFOLLOW`), flushed, and renamed
/// into place, so a reader, or a run killed midway, never sees a half-written report. The run
/// folder and the folders inside it (`accounts/`, `templates/`) are opened without following
/// symbolic links: a link there is refused, so a report never lands outside its run.
/// `Reports/latest` is a relative symbolic link to the newest run.
///
/// A run id is `<kind>-yyyyMMdd-HHmmss`, with `-N` (N ≥ 2) for a second run in the same second,
/// or a name the operator gave a run (`onboard run --run-id NAME`, see `runNameProblem`);
/// `open` accepts nothing else (but `latest`), so `..`, `.`, an empty id or a path never names
/// a folder outside the reports root.
public struct RunFolder: Sendable, Hashable {
    /// The reports root, such as `Reports`.
    public let root: String
    /// The run's id, such as `plan-20261127-141500`.
    public let runID: String

    /// The kinds of run folder `onboard` makes: `run` (`onboard run`), `plan` (`onboard plan`),
    /// `check` (`onboard check`) and `offboard` (`onboard offboard`).
    public static let kinds: Set<String> = ["run", "plan", "check", "offboard"]

    /// The name of the link to the newest run.
    public static let latest = "latest"

    /// The run folder's path.
    public var path: String { "\(root)/\(runID)" }

    /// Whether `runID` is an id `create` makes for one of `kinds`: `<kind>-yyyyMMdd-HHmmss` or
    /// `<kind>-yyyyMMdd-HHmmss-N` (N ≥ 2, no leading zero).
    public static func isRunID(_ runID: String, kinds: Set<String> = RunFolder.kinds) -> Bool {
        let parts = runID.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 || parts.count == 4, kinds.contains(String(parts[0])) else { return false }
        func digits(_ part: Substring, count: Int) -> Bool {
            part.utf8.count == count && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        guard digits(parts[1], count: 8), digits(parts[2], count: 6) else { return false }
        if parts.count == 4 {
            let suffix = parts[3]
            guard (1...6).contains(suffix.utf8.count), suffix.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                suffix.utf8.first != 0x30, let number = Int(suffix), number >= 2
            else { return false }
        }
        return true
    }

    /// The longest name `--run-id` accepts.
    public static let maximumRunNameLength = 64

    /// Why `name` cannot name a run (`onboard run --run-id NAME`), or `nil` when it can.
    ///
    /// A run name is a safe folder name on every file system: 1 to 64 ASCII letters, digits,
    /// `-`, `_` and `.`, starting with a letter or a digit (so no `.`, `..`, hidden name or
    /// option-like `-x`), never `latest`, and never the form of an id `create` makes
    /// (`run-yyyyMMdd-HHmmss`, `plan-…`), which a generated run could take.
    public static func runNameProblem(_ name: String) -> String? {
        guard !name.isEmpty else { return "is empty" }
        guard name.utf8.count <= maximumRunNameLength else { return "is longer than \(maximumRunNameLength) characters" }
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard name.utf8.allSatisfy({ isAlphanumeric($0) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }) else {
            return "may hold only ASCII letters, digits, '-', '_' and '.' (no '/', space or other character)"
        }
        guard let first = name.utf8.first, isAlphanumeric(first) else { return "must start with a letter or a digit" }
        guard name != latest else { return "is the name of the link to the newest run" }
        guard !isRunID(name) else { return "has the form of an id onboard makes (\(name.split(separator: "-")[0])-yyyyMMdd-HHmmss); choose another" }
        return nil
    }

    /// Whether `name` is a name an operator may give a run (see `runNameProblem`).
    public static func isRunName(_ name: String) -> Bool { runNameProblem(name) == nil }

    /// Whether `id` names a run `open` may open for `kinds`: a generated id of one of them, or
    /// (when `kinds` holds `run`) a run name.
    public static func isRunReference(_ id: String, kinds: Set<String> = RunFolder.kinds) -> Bool {
        isRunID(id, kinds: kinds) || (kinds.contains("run") && isRunName(id))
    }

    /// Makes the new folder of a run the operator named `name` (a valid run name, see
    /// `runNameProblem`) in `root` (made, 0700, if needed). A folder of that name already there
    /// is an error, never reused: a run is finished with `--resume NAME`, so a scheduled job
    /// that reuses a name does not mix two runs' reports in one folder.
    ///
    /// - Throws: `ReportWriteError` (`createFolder`): not a run name, the name is taken (or
    ///   `root` cannot be made).
    public static func create(in root: String, named name: String) throws -> RunFolder {
        if let problem = runNameProblem(name) {
            throw ReportWriteError(operation: .createFolder, path: root, reason: "the run name \(quoted(name)) \(problem)")
        }
        try makeFolder(root)
        let folder = "\(root)/\(name)"
        guard mkdir(folder, 0o700) == 0 else {
            let code = errno
            throw ReportWriteError(
                operation: .createFolder, path: folder,
                reason: code == EEXIST
                    ? "a run named \(name) already exists (finish it with --resume \(name), or name a new run)"
                    : String(cString: strerror(code)))
        }
        return RunFolder(root: root, runID: name)
    }

    /// Makes a new run folder named after `kind` (one of `kinds`) and `date` (UTC); a second
    /// run in the same second gets a `-2` suffix, and so on. The root is made (0700) if needed.
    ///
    /// - Throws: `ReportWriteError` (`createFolder`).
    public static func create(in root: String, kind: String, at date: Date) throws -> RunFolder {
        guard kinds.contains(kind) else {
            throw ReportWriteError(operation: .createFolder, path: root, reason: "\(kind) is not a kind of run (\(kinds.sorted().joined(separator: ", ")))")
        }
        try makeFolder(root)
        let stamp = runStamp(for: date)
        var suffix = 1
        while true {
            let runID = suffix == 1 ? "\(kind)-\(stamp)" : "\(kind)-\(stamp)-\(suffix)"
            let folder = "\(root)/\(runID)"
            if mkdir(folder, 0o700) == 0 {
                return RunFolder(root: root, runID: runID)
            }
            if errno != EEXIST {
                throw ReportWriteError(operation: .createFolder, path: folder, reason: String(cString: strerror(errno)))
            }
            suffix += 1
        }
    }

    /// Opens an existing run: `latest` follows the link (whose target must itself be a run id
    /// and a plain folder), anything else must be a run id of one of `kinds` (or, when `kinds`
    /// holds `run`, a run name) naming a plain folder (not a symbolic link) in `root`.
    ///
    /// - Throws: `ReportWriteError` (`openRun`): not a run id, no such run, a symbolic link, or
    ///   `latest` with no run recorded.
    public static func open(in root: String, runID: String, kinds: Set<String> = RunFolder.kinds) throws -> RunFolder {
        var id = runID
        if runID == latest {
            let link = "\(root)/\(latest)"
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link) else {
                throw ReportWriteError(operation: .openRun, path: link, reason: "no run has been recorded yet")
            }
            guard isRunReference(target, kinds: kinds) else {
                // A check, plan or offboard moves `latest` too: name what it points at, and how to go on.
                let other = RunFolder.kinds.subtracting(kinds).sorted().first { isRunReference(target, kinds: [$0]) }
                let wanted = kinds.sorted().joined(separator: " or ")
                throw ReportWriteError(
                    operation: .openRun, path: link,
                    reason: other.map { "points at \(quoted(target)), a \($0) and not a \(wanted): give the \(wanted)'s id instead of latest (the folders of \(root) are named by their ids)" }
                        ?? "points at \(quoted(target)), which is not a run id of onboard's")
            }
            id = target
        } else if !isRunReference(runID, kinds: kinds) {
            let forms = kinds.sorted().map { "\($0)-yyyyMMdd-HHmmss" }.joined(separator: " or ")
                + (kinds.contains("run") ? ", a run's name" : "")
            throw ReportWriteError(
                operation: .openRun, path: root, reason: "\(quoted(runID)) is not a run id (\(forms), or latest)")
        }
        let folder = RunFolder(root: root, runID: id)
        do throws(ReportFiles.Failure) {
            let descriptor = try folder.openRunFolder()
            ReportFiles.closeQuietly(descriptor)
        } catch {
            throw ReportWriteError(
                operation: .openRun, path: folder.path, reason: error.code == ENOENT ? "no such run" : error.reason)
        }
        return folder
    }

    /// `yyyyMMdd-HHmmss` in UTC.
    static func runStamp(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))-\(two(parts.hour))\(two(parts.minute))\(two(parts.second))"
    }

    /// Writes `bytes` to `relativePath` inside the run folder, atomically, mode 0600: folders on
    /// the way are made (0700) and must be plain folders; the file is a new temporary one
    /// (`O_EXCL | O_NOFOLLOW`, random name), flushed and renamed over the target (a symbolic
    /// link there is replaced, not followed), then the folder is flushed. A failed write leaves
    /// no temporary file.
    ///
    /// - Throws: `ReportWriteError` (`writeFile`), also for a path with an empty, `.` or `..`
    ///   component.
    public func write(_ bytes: [UInt8], to relativePath: String) throws {
        let target = "\(path)/\(relativePath)"
        guard let parts = ReportFiles.components(of: relativePath) else {
            throw ReportWriteError(operation: .writeFile, path: target, reason: "not a path inside the run folder")
        }
        do throws(ReportFiles.Failure) {
            let folder = try openFolder(of: parts, create: true)
            defer { ReportFiles.closeQuietly(folder) }
            try ReportFiles.replace(parts[parts.count - 1], in: folder, with: bytes)
        } catch {
            throw ReportWriteError(operation: .writeFile, path: target, reason: error.reason)
        }
    }

    /// Writes `files` (plain names) into the folder `relativeFolder` of the run, each
    /// atomically as `write(_:to:)` does, their flushes shared (`ReportFiles.replaceAll`): one
    /// account's two reports, or every template of a run, cost about two flushes, not two each.
    ///
    /// - Throws: `ReportWriteError` (`writeFile`) naming the folder; files written before the
    ///   failure stay.
    public func write(_ files: [(name: String, bytes: [UInt8])], inFolder relativeFolder: String) throws {
        let target = "\(path)/\(relativeFolder)"
        guard let parts = ReportFiles.components(of: relativeFolder),
            files.allSatisfy({ ReportFiles.components(of: $0.name)?.count == 1 })
        else {
            throw ReportWriteError(operation: .writeFile, path: target, reason: "not a path inside the run folder")
        }
        guard !files.isEmpty else { return }
        do throws(ReportFiles.Failure) {
            let folder = try openFolder(of: parts + ["."], create: true)
            defer { ReportFiles.closeQuietly(folder) }
            try ReportFiles.replaceAll(files, in: folder)
        } catch {
            throw ReportWriteError(operation: .writeFile, path: target, reason: error.reason)
        }
    }

    /// Writes the file `name` at the top of the run folder as `body` streams it, atomically and
    /// in bounded memory: into a new temporary file (0600, `O_EXCL | O_NOFOLLOW`), flushed,
    /// renamed over `name`, the folder flushed. When `body` or the writing fails, the temporary
    /// file is removed and `name` is left as it was.
    ///
    /// - Throws: `ReportWriteError` (`writeFile`), also for what `body` throws (its reason).
    func writeStreamed(to name: String, _ body: (ReportFileStream) throws -> Void) throws {
        let target = "\(path)/\(name)"
        guard ReportFiles.components(of: name)?.count == 1 else {
            throw ReportWriteError(operation: .writeFile, path: target, reason: "not a plain name in the run folder")
        }
        let folder: Int32
        do throws(ReportFiles.Failure) {
            folder = try openRunFolder()
        } catch {
            throw ReportWriteError(operation: .writeFile, path: target, reason: error.reason)
        }
        defer { ReportFiles.closeQuietly(folder) }
        let temporary = ReportFiles.temporaryName(for: name)
        do {
            let stream = try ReportFiles.newFile(temporary, in: folder, what: name)
            try body(stream)
            try stream.close()
            guard renameat(folder, temporary, folder, name) == 0 else { throw ReportFiles.Failure("rename into \(name)") }
            try ReportFiles.sync(folder, "the folder of \(name)")
        } catch let failure as ReportFiles.Failure {
            _ = unlinkat(folder, temporary, 0)
            throw ReportWriteError(operation: .writeFile, path: target, reason: failure.reason)
        } catch {
            _ = unlinkat(folder, temporary, 0)
            throw ReportWriteError(operation: .writeFile, path: target, reason: ReportEncoding.reason(error))
        }
    }

    /// Writes `text` as UTF-8 to `relativePath`, atomically.
    public func write(_ text: String, to relativePath: String) throws {
        try write(Array(text.utf8), to: relativePath)
    }

    /// Reads the file at `relativePath` inside the run folder, following no symbolic link (in
    /// the folders on the way or the file itself).
    ///
    /// - Throws: `ReportReadError` (`readFile`).
    public func read(_ relativePath: String) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try readChunks(relativePath) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Reads the file at `relativePath` as ``read(_:)`` does, handing each part read (up to
    /// `partSize` bytes) to `body` as it comes instead of gathering the whole file.
    ///
    /// - Throws: `ReportReadError` (`readFile`).
    public func readChunks(_ relativePath: String, partSize: Int = 1 << 16, _ body: (ArraySlice<UInt8>) -> Void) throws {
        let target = "\(path)/\(relativePath)"
        guard let parts = ReportFiles.components(of: relativePath) else {
            throw ReportReadError(operation: .readFile, path: target, reason: "not a path inside the run folder")
        }
        do throws(ReportFiles.Failure) {
            let folder = try openFolder(of: parts, create: false)
            defer { ReportFiles.closeQuietly(folder) }
            let file = try ReportFiles.openFile(folder, parts[parts.count - 1], flags: O_RDONLY)
            defer { ReportFiles.closeQuietly(file) }
            try ReportFiles.readChunks(file, relativePath, partSize: partSize, body)
        } catch {
            throw ReportReadError(operation: .readFile, path: target, reason: error.code == ENOENT ? "no such file" : error.reason)
        }
    }

    /// The names in the folder `relativePath` of the run (a plain folder, not a link), sorted;
    /// empty when it does not exist.
    ///
    /// - Throws: `ReportReadError` (`readFile`).
    public func names(in relativePath: String) throws -> [String] {
        let target = "\(path)/\(relativePath)"
        guard let parts = ReportFiles.components(of: relativePath) else {
            throw ReportReadError(operation: .readFile, path: target, reason: "not a path inside the run folder")
        }
        do throws(ReportFiles.Failure) {
            let folder = try openFolder(of: parts + ["."], create: false)
            ReportFiles.closeQuietly(folder)
        } catch {
            if error.code == ENOENT { return [] }
            throw ReportReadError(operation: .readFile, path: target, reason: error.reason)
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: target).sorted()
        } catch {
            throw ReportReadError(operation: .readFile, path: target, reason: error.localizedDescription)
        }
    }

    /// Points `Reports/latest` at this run: a link of a random temporary name renamed over
    /// `latest` (replacing the link atomically), then the root flushed.
    ///
    /// - Throws: `ReportWriteError` (`linkLatest`); no temporary link is left.
    public func markLatest() throws {
        let link = "\(root)/\(Self.latest)"
        do throws(ReportFiles.Failure) {
            let folder = try ReportFiles.openFolder(root)
            defer { ReportFiles.closeQuietly(folder) }
            let temporary = ReportFiles.temporaryName(for: Self.latest)
            guard symlinkat(runID, folder, temporary) == 0 else { throw ReportFiles.Failure("create a temporary link") }
            guard renameat(folder, temporary, folder, Self.latest) == 0 else {
                let failure = ReportFiles.Failure("rename it into latest")
                _ = unlinkat(folder, temporary, 0)
                throw failure
            }
            try ReportFiles.sync(folder, root)
        } catch {
            throw ReportWriteError(operation: .linkLatest, path: link, reason: error.reason)
        }
    }

    /// Makes `folder` and its parents, mode 0700 for the ones it creates (for the reports root,
    /// which may be or lie under a symbolic link).
    ///
    /// - Throws: `ReportWriteError` (`createFolder`) naming the first path that is not a
    ///   folder or cannot be made, with the system's reason in words.
    static func makeFolder(_ folder: String) throws {
        var status = stat()
        if stat(folder, &status) == 0 {
            guard (status.st_mode & S_IFMT) == S_IFDIR else {
                throw ReportWriteError(operation: .createFolder, path: folder, reason: "it exists and is not a folder")
            }
            return
        }
        let missing = errno
        guard missing == ENOENT else {
            if missing == ENOTDIR {
                // Some parent is not a folder: name it.
                let parent = parentPath(of: folder)
                if !parent.isEmpty, parent != folder { try makeFolder(parent) }
            }
            throw ReportWriteError(operation: .createFolder, path: folder, reason: String(cString: strerror(missing)))
        }
        let parent = parentPath(of: folder)
        if !parent.isEmpty, parent != folder { try makeFolder(parent) }
        if mkdir(folder, 0o700) != 0 {
            let code = errno
            if code == EEXIST, stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR { return }
            throw ReportWriteError(operation: .createFolder, path: folder, reason: String(cString: strerror(code)))
        }
    }

    /// The folder holding `path` (`a/b` → `a`, `/a` → `/`, `a` → empty), trailing slashes
    /// ignored. Not `NSString.deletingLastPathComponent`: swift-corelibs-foundation 6.3.1 traps
    /// on a one-character relative path (`R`).
    static func parentPath(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    /// Opens the run folder itself: a plain folder in the root, not a symbolic link.
    func openRunFolder() throws(ReportFiles.Failure) -> Int32 {
        let rootFolder = try ReportFiles.openFolder(root)
        defer { ReportFiles.closeQuietly(rootFolder) }
        return try ReportFiles.openSubfolder(rootFolder, runID, create: false)
    }

    /// Opens the folder holding the last of `parts` (the run folder for a single part), each
    /// folder on the way opened without following links and, with `create`, made if missing.
    private func openFolder(of parts: [String], create: Bool) throws(ReportFiles.Failure) -> Int32 {
        var folder = try openRunFolder()
        for name in parts.dropLast() {
            let next: Int32
            do throws(ReportFiles.Failure) {
                next = try ReportFiles.openSubfolder(folder, name, create: create)
            } catch {
                ReportFiles.closeQuietly(folder)
                throw error
            }
            ReportFiles.closeQuietly(folder)
            folder = next
        }
        return folder
    }

    /// `text` quoted for a message, with control characters shown as escapes.
    static func quoted(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }.joined() + "\""
    }
}
