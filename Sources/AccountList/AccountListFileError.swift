#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The account list as a whole could not be read: nothing in it can be trusted.
public struct AccountListFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the file could not be used.
    public enum Code: String, Sendable, Hashable {
        /// No file at the path.
        case missing
        /// The path is a folder.
        case isFolder = "is-folder"
        /// The path is neither a regular file nor a folder: a FIFO (named pipe), a device or a
        /// socket. Reading one could block for ever or never end, so it is refused before it is
        /// read (exit 66, like a missing file).
        case notARegularFile = "not-a-regular-file"
        /// The file exists but cannot be read (permissions, I/O error).
        case unreadable
        /// The file is empty: not even a header row.
        case empty
        /// The header row is unusable (a required column is missing, a column is repeated, or
        /// the header itself does not parse).
        case invalidHeader = "invalid-header"
    }

    /// The file's path as given, when known (as given: ``description`` escapes it for display).
    public var path: String?
    /// Why the file could not be used.
    public var code: Code
    /// Details for a person.
    public var detail: String
    /// For an invalid header: each problem, located by line and column.
    public var problems: [AccountListProblem]

    public init(path: String?, code: Code, detail: String, problems: [AccountListProblem] = []) {
        self.path = path
        self.code = code
        self.detail = detail
        self.problems = problems
    }

    init(path: String, openErrno: Int32) {
        let code: Code = openErrno == ENOENT || openErrno == ENOTDIR ? .missing : .unreadable
        let reason = code == .missing ? "no such file" : String(cString: strerror(openErrno))
        self.init(path: path, code: code, detail: reason)
    }

    /// The error for a path whose `stat` mode (`st_mode`) is not a regular file's.
    init(path: String, fileMode mode: mode_t) {
        let what: String
        switch mode & S_IFMT {
        case S_IFDIR:
            self.init(path: path, code: .isFolder, detail: "is a folder, not a file")
            return
        case S_IFIFO: what = "a FIFO (named pipe)"
        case S_IFCHR: what = "a character device"
        case S_IFBLK: what = "a block device"
        case S_IFSOCK: what = "a socket"
        default: what = "a special file"
        }
        self.init(
            path: path, code: .notARegularFile,
            detail: "is \(what), not a regular file: the account list must be a regular file (reading a pipe or a device could block or never end); save it to a file and give that file's path")
    }

    /// Whether the error is about the file's content (exit 65) rather than its absence (66).
    public var isContentError: Bool { code == .empty || code == .invalidHeader }

    /// A short, label-safe description: the code only, no paths or content.
    public var shortDescription: String { "account list \(code.rawValue)" }

    public var description: String {
        if !problems.isEmpty {
            return problems.map(\.description).joined(separator: "\n")
        }
        return "\(DisplayText.escaped(path ?? "<input>")): \(DisplayText.escaped(detail))"
    }
}
