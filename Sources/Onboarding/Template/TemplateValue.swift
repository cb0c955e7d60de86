/// A JSON value that keeps the order of object keys, for CloudFormation templates.
///
/// Templates are rendered from these values by ``prettyPrinted()``, which is deterministic:
/// the same value always gives byte-identical text, so re-rendering a template for an existing
/// stack yields an `UpdateStack` that changes nothing.
///
/// Objects are written from dictionary literals, which keep the order in which keys are written:
/// ```swift
/// let value: TemplateValue = ["Type": "String", "MinLength": 2]
/// ```
public enum TemplateValue: Sendable, Hashable {
    /// An object: its fields in the order they are printed. Keys should be unique.
    case object([TemplateField])
    /// An array.
    case array([TemplateValue])
    /// A string.
    case string(String)
    /// An integer number.
    case int(Int)
    /// `true` or `false`.
    case bool(Bool)

    /// The value as pretty-printed JSON: two-space indentation, object keys in order, one
    /// field or element per line, and a trailing newline.
    public func prettyPrinted() -> String {
        var printer = TemplateJSONPrinter()
        printer.write(self)
        return printer.output
    }

    /// The value of the field named `key` when this is an object (the first such field).
    public subscript(key: String) -> TemplateValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    /// The value with the field `key` set to `value`: an existing field is replaced in place,
    /// a new one is appended. Values other than objects are returned unchanged.
    public func setting(_ key: String, to value: TemplateValue) -> TemplateValue {
        guard case .object(var fields) = self else { return self }
        if let index = fields.firstIndex(where: { $0.key == key }) {
            fields[index] = TemplateField(key: key, value: value)
        } else {
            fields.append(TemplateField(key: key, value: value))
        }
        return .object(fields)
    }

    // MARK: CloudFormation intrinsic functions

    /// `{"Ref": name}`: the value of a parameter or the physical id of a resource.
    public static func ref(_ name: String) -> TemplateValue {
        ["Ref": .string(name)]
    }

    /// `{"Fn::Sub": text}`: `text` with `${…}` variables such as `${AWS::Partition}` substituted.
    public static func sub(_ text: String) -> TemplateValue {
        ["Fn::Sub": .string(text)]
    }

    /// `{"Fn::GetAtt": [resource, attribute]}`: an attribute of a resource, such as a role's `Arn`.
    public static func getAtt(_ resource: String, _ attribute: String) -> TemplateValue {
        ["Fn::GetAtt": [.string(resource), .string(attribute)]]
    }
}

extension TemplateValue: ExpressibleByStringLiteral {
    /// A string value.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    /// An integer value.
    public init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// A boolean value.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// An array value.
    public init(arrayLiteral elements: TemplateValue...) {
        self = .array(elements)
    }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// An object value whose fields keep the order in which the literal lists them.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .object(elements.map { TemplateField(key: $0.0, value: $0.1) })
    }
}
