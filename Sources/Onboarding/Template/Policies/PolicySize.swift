/// The IAM quotas that bound the template's policies, and the worst-case size of a policy as IAM
/// counts it once CloudFormation has resolved the template's intrinsic functions.
///
/// From AWS's "IAM and AWS STS quotas": a managed policy holds at most 6,144 characters
/// (whitespace not counted), and a role has at most 10 managed policies attached by default. (The
/// template has no inline policies, whose quota is 10,240 per role; the tests check both, and the
/// trust policies' 2,048.)
struct PolicySize: Sendable, Hashable {
    /// The most characters of a managed policy document.
    static let managedPolicyLimit = 6_144
    /// The most managed policies attached to one role (the default quota).
    static let managedPoliciesPerRole = 10

    /// The longest value each `Ref`-able name or `Fn::Sub` variable may take: the template's
    /// parameters at their `MaxLength`, and the pseudo parameters at their longest in the
    /// partitions the template serves (`aws-cn` is longer than `aws`).
    var longestValues: [String: Int]

    /// A measure with these longest parameter values, plus those of the pseudo parameters.
    init(parameterMaxLengths: [String: Int]) {
        longestValues = parameterMaxLengths.merging(Self.pseudoParameters) { parameter, _ in parameter }
    }

    /// The pseudo parameters at their longest in `aws` and `aws-cn`.
    private static let pseudoParameters: [String: Int] = [
        "AWS::Partition": "aws-cn".count,
        "AWS::URLSuffix": "amazonaws.com.cn".count,
        "AWS::AccountId": 12,
        "AWS::Region": "cn-northwest-1".count,
    ]

    /// The characters of `document` without whitespace, every intrinsic function resolved to its
    /// longest possible value.
    func worstCase(_ document: TemplateValue) -> Int {
        switch document {
        case .object(let fields) where fields.count == 1 && Self.intrinsics.contains(fields[0].key):
            return 2 + resolvedLength(document)
        case .object(let fields):
            return 2 + max(0, fields.count - 1)
                + fields.reduce(0) { $0 + Self.stringLength($1.key) + 1 + worstCase($1.value) }
        case .array(let elements):
            return 2 + max(0, elements.count - 1) + elements.reduce(0) { $0 + worstCase($1) }
        case .string(let text):
            return Self.stringLength(text)
        case .int(let number):
            return String(number).count
        case .bool(let flag):
            return flag ? 4 : 5
        }
    }

    private static let intrinsics: Set = ["Fn::Sub", "Ref", "Fn::Join"]

    /// The length of the string an intrinsic function (or a plain string) resolves to, at most.
    private func resolvedLength(_ value: TemplateValue) -> Int {
        switch value {
        case .string(let text):
            return text.unicodeScalars.count
        case .object(let fields) where fields.count == 1:
            switch (fields[0].key, fields[0].value) {
            case ("Ref", .string(let name)):
                return longest(name)
            case ("Fn::Sub", .string(let text)):
                return subLength(text)
            case ("Fn::Join", .array(let arguments)) where arguments.count == 2:
                guard case .string(let separator) = arguments[0], case .array(let parts) = arguments[1] else { break }
                return parts.reduce(0) { $0 + resolvedLength($1) } + separator.count * max(0, parts.count - 1)
            default:
                break
            }
        default:
            break
        }
        preconditionFailure("cannot measure \(value)")
    }

    /// The length of an `Fn::Sub` text once its `${…}` variables are substituted (`${!…}` is a
    /// literal `${…}`).
    private func subLength(_ text: String) -> Int {
        var length = 0
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            length += rest[..<start.lowerBound].unicodeScalars.count
            rest = rest[start.upperBound...]
            if rest.hasPrefix("!") {
                length += 2
                rest = rest.dropFirst()
                continue
            }
            guard let end = rest.firstIndex(of: "}") else { preconditionFailure("unterminated ${ in \(text)") }
            length += longest(String(rest[..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return length + rest.unicodeScalars.count
    }

    private func longest(_ name: String) -> Int {
        guard let length = longestValues[name] else { preconditionFailure("no longest value for \(name)") }
        return length
    }

    /// A JSON string's characters: the quotes and the text, escapes counted in full, whitespace
    /// inside the string counted too (the worst case).
    private static func stringLength(_ text: String) -> Int {
        2 + text.unicodeScalars.reduce(0) { count, scalar in
            switch scalar {
            case "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}": count + 2
            case _ where scalar.value < 0x20: count + 6
            default: count + 1
            }
        }
    }
}
