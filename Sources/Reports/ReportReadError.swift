/// A report or journal could not be read back.
public struct ReportReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public enum Operation: String, Sendable, Hashable {
        /// The file could not be opened or read.
        case readFile = "read-file"
        /// The file was read but its content is not what this version writes.
        case decode
        /// The file was written by a newer `onboard` (a higher `schema_version`).
        case unsupportedVersion = "unsupported-version"
    }

    /// What failed.
    public var operation: Operation
    /// The path involved.
    public var path: String
    /// The line of the file, for the journal (1-based).
    public var line: Int?
    /// The reason.
    public var reason: String

    /// An error reading `path` (at `line`, for a line-oriented file).
    public init(operation: Operation, path: String, line: Int? = nil, reason: String) {
        self.operation = operation
        self.path = path
        self.line = line
        self.reason = reason
    }

    /// A short, label-safe description: no paths.
    public var shortDescription: String { "report \(operation.rawValue) failed" }

    /// The path (and line), and the reason.
    public var description: String {
        let place = line.map { "\(path):\($0)" } ?? path
        return "\(place): cannot read: \(reason)"
    }
}
