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
        /// The file exists but cannot be read (permissions, I/O error).
        case unreadable
        /// The file is empty: not even a header row.
        case empty
        /// The header row is unusable (a required column is missing, a column is repeated, or
        /// the header itself does not parse).
        case invalidHeader = "invalid-header"
    }

    /// The file's path as given, when known.
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

    /// Whether the error is about the file's content (exit 65) rather than its absence (66).
    public var isContentError: Bool { code == .empty || code == .invalidHeader }

    /// A short, label-safe description: the code only, no paths or content.
    public var shortDescription: String { "account list \(code.rawValue)" }

    public var description: String {
        if !problems.isEmpty {
            return problems.map(\.description).joined(separator: "\n")
        }
        return "\(path ?? "<input>"): \(detail)"
    }
}
