/// One field of a ``TemplateValue/object(_:)``: a key and its value.
public struct TemplateField: Sendable, Hashable {
    /// The field's name.
    public var key: String
    /// The field's value.
    public var value: TemplateValue

    /// A field named `key` holding `value`.
    public init(key: String, value: TemplateValue) {
        self.key = key
        self.value = value
    }
}
