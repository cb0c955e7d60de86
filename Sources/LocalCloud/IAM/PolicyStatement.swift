import Foundation

/// One statement of an IAM policy document, read leniently (a single string or a list where
/// IAM accepts either).
struct PolicyStatement: Sendable, Hashable {
    enum Effect: String, Sendable, Hashable {
        case allow = "Allow"
        case deny = "Deny"
    }

    /// nil when the statement's `Effect` is neither `Allow` nor `Deny` (IAM would refuse the
    /// document; here the statement simply never applies).
    var effect: Effect?
    var actions: [String]?
    var notActions: [String]?
    var resources: [String]?
    var notResources: [String]?
    /// `Principal` by kind (`AWS`, `Service`, `Federated`, …); `"*"` reads as `["*": ["*"]]`.
    var principals: [String: [String]]?
    /// `Condition`: operator → key → values (values written as strings).
    var conditions: [String: [String: [String]]]

    /// Reads a statement from `JSONSerialization` output; nil when it is not an object.
    init?(_ value: Any) {
        guard let object = value as? [String: Any] else { return nil }
        effect = (object["Effect"] as? String).flatMap(Effect.init(rawValue:))
        actions = Self.strings(object["Action"])
        notActions = Self.strings(object["NotAction"])
        resources = Self.strings(object["Resource"])
        notResources = Self.strings(object["NotResource"])
        if let star = object["Principal"] as? String {
            principals = star == "*" ? ["*": ["*"]] : [:]
        } else if let principal = object["Principal"] as? [String: Any] {
            principals = principal.compactMapValues { Self.strings($0) }
        }
        var conditions: [String: [String: [String]]] = [:]
        for (operation, keys) in object["Condition"] as? [String: Any] ?? [:] {
            conditions[operation] = ((keys as? [String: Any]) ?? [:]).compactMapValues { Self.strings($0) }
        }
        self.conditions = conditions
    }

    /// Whether the statement covers `action` (case-insensitive, wildcards).
    func covers(action: String) -> Bool {
        if let actions { return actions.contains { IAMPattern.matches($0, action, caseInsensitive: true) } }
        if let notActions { return !notActions.contains { IAMPattern.matches($0, action, caseInsensitive: true) } }
        return false
    }

    /// Whether the statement covers `resource` (case-sensitive, wildcards). A statement with
    /// neither element covers nothing (IAM requires one in identity policies).
    func covers(resource: String) -> Bool {
        if let resources { return resources.contains { IAMPattern.matches($0, resource) } }
        if let notResources { return !notResources.contains { IAMPattern.matches($0, resource) } }
        return false
    }

    /// The element as a list of strings: a string, or a list of strings (other values written
    /// out as text: `true`, numbers).
    static func strings(_ value: Any?) -> [String]? {
        switch value {
        case let text as String: return [text]
        case let list as [Any]: return list.map(Self.text)
        case nil, is NSNull: return nil
        case let other?: return [Self.text(other)]
        }
    }

    private static func text(_ value: Any) -> String {
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return "\(value)"
    }
}
