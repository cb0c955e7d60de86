import Foundation

/// Resolves the CloudFormation intrinsics a stack's IAM resources use, with the stack's own
/// values: `Ref` (parameters, pseudo parameters, resources' physical ids), `Fn::Sub` (both
/// forms), `Fn::Join`, `Fn::Select`, and `Fn::GetAtt` of a role's `Arn` (AWS CloudFormation
/// User Guide, "Intrinsic function reference" and "Pseudo parameters reference").
///
/// `${AWS::Partition}` is the partition of the role being read (moto 5.2.1 always says `aws`).
/// What cannot be resolved (`Fn::If`, `Fn::ImportValue`, an unknown name) becomes
/// ``unresolved``, which matches no action or resource, so it never grants by accident.
struct TemplateResolver {
    /// The text an unresolvable intrinsic leaves behind.
    static let unresolved = "<unresolved-intrinsic>"

    /// Parameter values (the stack's, else the template's defaults).
    var parameters: [String: String]
    /// Logical id → physical id (what `Ref` of a resource gives: a role's name, a managed
    /// policy's ARN).
    var physicalIDs: [String: String]
    /// Logical id → resource type.
    var resourceTypes: [String: String]
    var partition: String
    var account: String
    var region: String
    var stackName: String
    var stackID: String

    /// `value` (from `JSONSerialization`) with every intrinsic replaced by its value; `nil` for
    /// `Ref: AWS::NoValue` (the property is left out).
    func resolve(_ value: Any) -> Any? {
        if let list = value as? [Any] { return list.compactMap { resolve($0) } }
        guard let object = value as? [String: Any] else { return value }
        if object.count == 1, let (name, argument) = object.first, name == "Ref" || name.hasPrefix("Fn::") {
            return intrinsic(name, argument)
        }
        var resolved: [String: Any] = [:]
        for (key, member) in object {
            if let value = resolve(member) { resolved[key] = value }
        }
        return resolved
    }

    private func intrinsic(_ name: String, _ argument: Any) -> Any? {
        switch name {
        case "Ref":
            guard let reference = argument as? String else { return Self.unresolved }
            if reference == "AWS::NoValue" { return nil }
            return lookup(reference) ?? Self.unresolved
        case "Fn::Sub":
            return substitute(argument)
        case "Fn::Join":
            guard let parts = argument as? [Any], parts.count == 2, let delimiter = parts[0] as? String,
                let values = resolve(parts[1]) as? [Any]
            else { return Self.unresolved }
            return values.map { ($0 as? String) ?? Self.unresolved }.joined(separator: delimiter)
        case "Fn::Select":
            guard let parts = argument as? [Any], parts.count == 2,
                let index = (resolve(parts[0]) as? String).flatMap({ Int($0) }) ?? (parts[0] as? Int),
                let values = resolve(parts[1]) as? [Any], values.indices.contains(index)
            else { return Self.unresolved }
            return values[index]
        case "Fn::GetAtt":
            let parts = (argument as? [Any])?.compactMap { $0 as? String }
                ?? (argument as? String)?.split(separator: ".", maxSplits: 1).map(String.init) ?? []
            return getAtt(parts) ?? Self.unresolved
        default:
            return Self.unresolved
        }
    }

    /// A parameter, pseudo parameter or resource by name.
    private func lookup(_ name: String) -> String? {
        switch name {
        case "AWS::Partition": return partition
        case "AWS::AccountId": return account
        case "AWS::Region": return region
        case "AWS::StackName": return stackName
        case "AWS::StackId": return stackID
        case "AWS::URLSuffix": return partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
        default: return parameters[name] ?? physicalIDs[name]
        }
    }

    private func getAtt(_ parts: [String]) -> String? {
        guard parts.count == 2, parts[1] == "Arn", resourceTypes[parts[0]] == "AWS::IAM::Role",
            let name = physicalIDs[parts[0]]
        else { return nil }
        return "arn:\(partition):iam::\(account):role/\(name)"
    }

    /// `Fn::Sub`: `"text"` or `["text", {variables}]`; `${!Literal}` stays `${Literal}`.
    private func substitute(_ argument: Any) -> Any {
        var text: String
        var variables: [String: String] = [:]
        if let string = argument as? String {
            text = string
        } else if let parts = argument as? [Any], parts.count == 2, let string = parts[0] as? String,
            let given = parts[1] as? [String: Any]
        {
            text = string
            for (name, value) in given { variables[name] = (resolve(value) as? String) ?? Self.unresolved }
        } else {
            return Self.unresolved
        }
        var output = ""
        while let open = text.range(of: "${") {
            output += text[..<open.lowerBound]
            guard let close = text.range(of: "}", range: open.upperBound..<text.endIndex) else {
                output += text[open.lowerBound...]
                text = ""
                break
            }
            let name = String(text[open.upperBound..<close.lowerBound])
            if name.hasPrefix("!") {
                output += "${" + name.dropFirst() + "}"
            } else if let value = variables[name] ?? lookup(name) {
                output += value
            } else if name.contains(".") {
                output += getAtt(name.split(separator: ".", maxSplits: 1).map(String.init)) ?? Self.unresolved
            } else {
                output += Self.unresolved
            }
            text = String(text[close.upperBound...])
        }
        return output + text
    }
}
