/// A stack output, as DescribeStacks reports it (`SpotRoleArn`, …).
public struct StackOutput: Sendable, Hashable, Codable {
    /// `OutputKey`.
    public var key: String
    /// `OutputValue`.
    public var value: String
    /// `Description`, when the template gives one.
    public var description: String?
    /// `ExportName`, when the output is exported.
    public var exportName: String?

    /// An output with the given members.
    public init(key: String, value: String, description: String? = nil, exportName: String? = nil) {
        self.key = key
        self.value = value
        self.description = description
        self.exportName = exportName
    }
}
