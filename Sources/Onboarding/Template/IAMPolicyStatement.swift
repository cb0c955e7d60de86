/// One `Allow` statement of an IAM policy document, rendered as a ``TemplateValue``.
///
/// Trust statements name principals and actions (`sts:AssumeRole`) with a condition;
/// permission statements name actions and resources.
struct IAMPolicyStatement: Sendable, Hashable {
    /// The statement id (alphanumeric).
    var sid: String
    /// The AWS principals (`Principal.AWS`), for trust policies; empty for permission policies.
    var principals: [TemplateValue] = []
    /// The IAM actions, in the order they are listed.
    var actions: [String]
    /// The resources, for permission policies; empty for trust policies.
    var resources: [TemplateValue] = []
    /// The `Condition` block, if any.
    var condition: TemplateValue?

    /// The statement as a JSON object: `Sid`, `Effect`, `Principal`, `Action`, `Resource`,
    /// `Condition`, in that order, omitting what is empty. A single principal or resource is
    /// written as a scalar, several as an array.
    var value: TemplateValue {
        var fields: [TemplateField] = [
            TemplateField(key: "Sid", value: .string(sid)),
            TemplateField(key: "Effect", value: "Allow"),
        ]
        if !principals.isEmpty {
            fields.append(TemplateField(key: "Principal", value: ["AWS": Self.oneOrMany(principals)]))
        }
        fields.append(TemplateField(key: "Action", value: Self.oneOrMany(actions.map(TemplateValue.string))))
        if !resources.isEmpty {
            fields.append(TemplateField(key: "Resource", value: Self.oneOrMany(resources)))
        }
        if let condition {
            fields.append(TemplateField(key: "Condition", value: condition))
        }
        return .object(fields)
    }

    /// A policy document (`Version` 2012-10-17) holding `statements`.
    static func document(_ statements: [IAMPolicyStatement]) -> TemplateValue {
        [
            "Version": "2012-10-17",
            "Statement": .array(statements.map(\.value)),
        ]
    }

    private static func oneOrMany(_ values: [TemplateValue]) -> TemplateValue {
        values.count == 1 ? values[0] : .array(values)
    }
}
