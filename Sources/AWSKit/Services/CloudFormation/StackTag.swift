/// A tag on a stack (CloudFormation passes stack tags on to the resources it makes).
public struct StackTag: Sendable, Hashable, Codable {
    /// `Key`.
    public var key: String
    /// `Value`.
    public var value: String

    /// A tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
