import Foundation

/// A report file or folder could not be written.
public struct ReportWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed.
    public enum Operation: String, Sendable, Hashable {
        case createFolder = "create-folder"
        case writeFile = "write-file"
        case linkLatest = "link-latest"
        case openRun = "open-run"
        case removeRun = "remove-run"
    }

    /// What failed.
    public var operation: Operation
    /// The path involved.
    public var path: String
    /// The system's reason.
    public var reason: String

    public init(operation: Operation, path: String, reason: String) {
        self.operation = operation
        self.path = path
        self.reason = reason
    }

    /// A short, label-safe description: no paths.
    public var shortDescription: String { "report \(operation.rawValue) failed" }

    public var description: String { "\(path): cannot \(operation.rawValue.replacingOccurrences(of: "-", with: " ")): \(reason)" }
}
