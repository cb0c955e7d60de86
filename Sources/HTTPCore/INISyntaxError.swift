/// A line of an INI file that ``INIFile`` cannot read.
///
/// ``reason`` never holds a value or the text of the offending line, so callers may show it
/// even for files that hold secrets. It may name a section (`[default]`) and, as
/// ``INIFile/KeyNaming`` allows, a key. Callers name the file themselves:
/// `"<path>, line \(line): \(reason)"`.
public struct INISyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending line, counted from 1.
    public var line: Int
    /// What is wrong with the line, without its text (`a setting before the first [section] header`).
    public var reason: String

    /// Creates an error about `line`.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line N: reason`.
    public var description: String { "line \(line): \(reason)" }
}
