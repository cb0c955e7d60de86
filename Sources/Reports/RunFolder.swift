import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of one run, `Reports/<run-id>/`, and the only way reports reach the disk.
///
/// Folders are made 0700 and files 0600 (reports name customers' accounts). Every file is written
/// to a temporary name and renamed into place, so a reader, or a run killed midway, never sees a
/// half-written report. `Reports/latest` is a relative symbolic link to the newest run.
public struct RunFolder: Sendable, Hashable {
    /// The reports root, such as `Reports`.
    public let root: String
    /// The run's id, such as `plan-20261127-141500`.
    public let runID: String

    /// The run folder's path.
    public var path: String { "\(root)/\(runID)" }

    /// Makes a new run folder named after `kind` and `date` (UTC); a second run in the same
    /// second gets a `-2` suffix, and so on.
    public static func create(in root: String, kind: String, at date: Date) throws -> RunFolder {
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

    /// Opens an existing run: `latest` follows the link, anything else is a run id.
    public static func open(in root: String, runID: String) throws -> RunFolder {
        var id = runID
        if runID == "latest" {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "\(root)/latest") else {
                throw ReportWriteError(operation: .openRun, path: "\(root)/latest", reason: "no run has been recorded yet")
            }
            id = (target as NSString).lastPathComponent
        }
        var isFolder: ObjCBool = false
        guard !id.contains("/"), FileManager.default.fileExists(atPath: "\(root)/\(id)", isDirectory: &isFolder), isFolder.boolValue else {
            throw ReportWriteError(operation: .openRun, path: "\(root)/\(id)", reason: "no such run")
        }
        return RunFolder(root: root, runID: id)
    }

    /// `yyyyMMdd-HHmmss` in UTC.
    static func runStamp(for date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))-\(two(parts.hour))\(two(parts.minute))\(two(parts.second))"
    }

    /// Writes `bytes` to `relativePath` inside the run folder, atomically, mode 0600.
    public func write(_ bytes: [UInt8], to relativePath: String) throws {
        let target = "\(path)/\(relativePath)"
        let parent = (target as NSString).deletingLastPathComponent
        try Self.makeFolder(parent)
        let temporary = "\(parent)/.\((target as NSString).lastPathComponent).\(getpid()).tmp"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw ReportWriteError(operation: .writeFile, path: target, reason: String(cString: strerror(errno)))
        }
        var offset = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        close(descriptor)
        if failure == 0, rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw ReportWriteError(operation: .writeFile, path: target, reason: String(cString: strerror(failure)))
        }
    }

    /// Writes `text` as UTF-8 to `relativePath`, atomically.
    public func write(_ text: String, to relativePath: String) throws {
        try write(Array(text.utf8), to: relativePath)
    }

    /// Points `Reports/latest` at this run (replacing the link atomically).
    public func markLatest() throws {
        let link = "\(root)/latest"
        let temporary = "\(root)/.latest.\(getpid()).tmp"
        unlink(temporary)
        guard symlink(runID, temporary) == 0 else {
            throw ReportWriteError(operation: .linkLatest, path: link, reason: String(cString: strerror(errno)))
        }
        guard rename(temporary, link) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ReportWriteError(operation: .linkLatest, path: link, reason: reason)
        }
    }

    /// Makes `folder` and its parents, mode 0700 for the ones it creates.
    static func makeFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue { return }
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReportWriteError(operation: .createFolder, path: folder, reason: "\(error.localizedDescription)")
        }
    }
}
