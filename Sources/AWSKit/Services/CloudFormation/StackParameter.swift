/// A stack parameter: what is sent with CreateStack/UpdateStack, and what DescribeStacks
/// reports as in force (the `ExternalId` of an existing stack is read back this way).
public struct StackParameter: Sendable, Hashable, Codable {
    /// `ParameterKey`.
    public var key: String
    /// `ParameterValue`; `nil` when ``usePreviousValue`` is set. A `NoEcho` parameter reads
    /// back as `****`.
    public var value: String?
    /// `UsePreviousValue`: keep the value in force (UpdateStack only).
    public var usePreviousValue: Bool

    /// A parameter with a value.
    public init(key: String, value: String) {
        self.init(key: key, value: value, usePreviousValue: false)
    }

    private init(key: String, value: String?, usePreviousValue: Bool) {
        self.key = key
        self.value = value
        self.usePreviousValue = usePreviousValue
    }

    /// An UpdateStack parameter that keeps the value in force.
    public static func usePrevious(_ key: String) -> StackParameter {
        StackParameter(key: key, value: nil, usePreviousValue: true)
    }
}
