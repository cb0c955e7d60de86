import AWSKit
import Foundation

/// What a role's permission policies grant, taken apart into single grants (one effect, one
/// action, one resource, one condition), so that the policies attached to a role can be compared
/// with Spot's published documents whatever the statements' grouping, order, `Sid`s, or the way
/// the role's stack split a document into parts.
///
/// IAM's policy grammar (IAM User Guide, "IAM JSON policy elements reference"): `Action` and
/// `Resource` (or `NotAction`, `NotResource`) are a string or a list of strings; action names are
/// case-insensitive, resources are not; a condition's values are a string or a list. A
/// `NotAction` or `NotResource` is kept as a grant of its own kind, so it never equals an
/// `Action` or `Resource` grant.
struct PermissionGrants: Equatable {
    /// One effect for one action on one resource under one condition.
    struct Grant: Hashable, Comparable {
        /// `Allow` or `Deny`.
        var effect: String
        /// The action, lower-cased; `not ` before it for a `NotAction`.
        var action: String
        /// The resource; `not ` before it for a `NotResource`.
        var resource: String
        /// The condition block in a canonical text (keys sorted, a one-value list as its value);
        /// empty without one.
        var condition: String

        static func < (left: Grant, right: Grant) -> Bool {
            (left.action, left.resource, left.effect, left.condition) < (right.action, right.resource, right.effect, right.condition)
        }

        /// `s3:GetObject on arn:aws:s3:::bucket/*`, with the effect when it is not Allow and the
        /// condition when there is one.
        var description: String {
            (effect == "Allow" ? "" : "\(effect) ") + "\(action) on \(resource)" + (condition.isEmpty ? "" : " when \(condition)")
        }
    }

    /// Every grant of the documents.
    private(set) var grants: Set<Grant> = []
    /// The documents (by the name they were given) that are not JSON policies, so what they
    /// grant is unknown.
    private(set) var unreadable: [String] = []

    /// Nothing granted.
    init() {}

    /// What the JSON policy `text` grants, added to these grants; `name` names it when it is
    /// unreadable.
    mutating func add(document text: String, name: String) {
        guard let document = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            unreadable.append(name)
            return
        }
        add(document: document, name: name)
    }

    /// `other`'s grants and unreadable documents, added to these.
    mutating func add(_ other: PermissionGrants) {
        grants.formUnion(other.grants)
        unreadable += other.unreadable
    }

    /// What `document` (a parsed policy) grants, added to these grants.
    mutating func add(document: [String: Any], name: String) {
        let statements: [Any]
        if let list = document["Statement"] as? [Any] {
            statements = list
        } else if let one = document["Statement"] as? [String: Any] {
            statements = [one]
        } else {
            unreadable.append(name)
            return
        }
        for case let statement as [String: Any] in statements {
            let effect = statement["Effect"] as? String ?? ""
            let actions = Self.strings(statement["Action"]).map { $0.lowercased() }
                + Self.strings(statement["NotAction"]).map { "not " + $0.lowercased() }
            let resources = Self.strings(statement["Resource"]) + Self.strings(statement["NotResource"]).map { "not " + $0 }
            let condition = statement["Condition"].map(Self.canonical) ?? ""
            guard !actions.isEmpty, !resources.isEmpty else {
                unreadable.append(name)
                continue
            }
            for action in actions {
                for resource in resources {
                    grants.insert(Grant(effect: effect, action: action, resource: resource, condition: condition))
                }
            }
        }
    }

    /// What Spot's published `documents` grant as the template adapts them
    /// (``SpotPolicyDocument/adapted``), their `${…}` variables and `Ref`s resolved with
    /// `variables` (such as `AWS::Partition` and the report's bucket and path prefix): what a role
    /// of the stack onboard deploys may do.
    static func published(_ documents: [SpotPolicyDocument], variables: [String: String]) -> PermissionGrants {
        var grants = PermissionGrants()
        for document in documents {
            let resolved = resolve(document.adapted.value, variables: variables)
            if let object = resolved as? [String: Any] {
                grants.add(document: object, name: document.fileName)
            }
        }
        return grants
    }

    // MARK: - Reading values

    /// A string or a list of strings, as a list.
    static func strings(_ value: Any?) -> [String] {
        if let one = value as? String { return [one] }
        return (value as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// A JSON value as canonical text: objects with their keys sorted, lists of one value as that
    /// value, other lists sorted; so two conditions that IAM reads alike compare equal.
    static func canonical(_ value: Any) -> String {
        switch value {
        case let object as [String: Any]:
            let fields = object.keys.sorted().map { "\(quoted($0)):\(canonical(object[$0] as Any))" }
            return "{" + fields.joined(separator: ",") + "}"
        case let list as [Any]:
            if list.count == 1 { return canonical(list[0]) }
            return "[" + list.map(canonical).sorted().joined(separator: ",") + "]"
        case let text as String:
            return quoted(text)
        case let number as NSNumber:
            return number.stringValue
        default:
            return "null"
        }
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// `value` as a JSON object tree, with `{"Fn::Sub": text}` substituted and `{"Ref": name}`
    /// replaced from `variables` (a name not there is left as `${name}`, which no live policy
    /// matches, so it shows as a difference rather than passing unseen).
    static func resolve(_ value: TemplateValue, variables: [String: String]) -> Any {
        switch value {
        case .object(let fields) where fields.count == 1 && fields[0].key == "Fn::Sub":
            guard case .string(let text) = fields[0].value else { return resolve(fields[0].value, variables: variables) }
            return substitute(text, variables)
        case .object(let fields) where fields.count == 1 && fields[0].key == "Ref":
            guard case .string(let name) = fields[0].value else { return resolve(fields[0].value, variables: variables) }
            return variables[name] ?? "${\(name)}"
        case .object(let fields):
            var object: [String: Any] = [:]
            for field in fields { object[field.key] = resolve(field.value, variables: variables) }
            return object
        case .array(let elements):
            return elements.map { resolve($0, variables: variables) }
        case .string(let text):
            return text
        case .int(let number):
            return number
        case .bool(let flag):
            return flag
        }
    }

    /// `text` with every `${name}` of `variables` replaced by its value.
    static func substitute(_ text: String, _ variables: [String: String]) -> String {
        var result = text
        for (name, value) in variables {
            result = result.replacingOccurrences(of: "${\(name)}", with: value)
        }
        return result
    }
}
