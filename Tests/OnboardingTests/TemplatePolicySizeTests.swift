import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

/// The template's policies against IAM's quotas (AWS "IAM and AWS STS quotas"), for every
/// product combination in both partitions, measured as CloudFormation would hand them to IAM:
/// intrinsic functions resolved at their longest, whitespace not counted.
@Suite("IAM quotas")
struct TemplatePolicySizeTests {
    /// The most characters of a managed policy, whitespace not counted.
    static let managedPolicyLimit = 6_144
    /// The most characters of a role's inline policies together, whitespace not counted.
    static let inlinePoliciesLimit = 10_240
    /// The most characters of a role's trust policy (default quota), whitespace not counted.
    static let trustPolicyLimit = 2_048
    /// The most managed policies attached to a role (default quota).
    static let managedPoliciesPerRole = 10

    /// The value each `Fn::Sub` variable or `Ref` resolves to at its longest: `aws-cn` for the
    /// partition whichever partition the template is for, and each parameter at the `MaxLength`
    /// the template declares (which must be at least 63 for the bucket and 256 for the prefix).
    static func longestValues(_ json: [String: Any]) throws -> [String: String] {
        let parameters = try #require(json["Parameters"] as? [String: [String: Any]])
        var values = [
            "AWS::Partition": "aws-cn", "AWS::URLSuffix": "amazonaws.com.cn", "AWS::Region": "cn-northwest-1",
            "AWS::AccountId": "123456789012",
        ]
        for (name, declaration) in parameters {
            let maximum = try #require(declaration["MaxLength"] as? Int, "\(name) has no MaxLength")
            switch name {
            case StackTemplate.costAndUsageReportBucketParameter: #expect(maximum == 63)
            case StackTemplate.costAndUsageReportPathPrefixParameter: #expect(maximum >= 256)
            default: break
            }
            values[name] = String(repeating: "x", count: maximum)
        }
        return values
    }

    /// `value` with every `Fn::Sub`, `Ref` and `Fn::Join` replaced by the string it resolves to.
    static func resolve(_ value: Any, _ values: [String: String]) throws -> Any {
        if let object = value as? [String: Any] {
            if object.count == 1, let text = object["Fn::Sub"] as? String {
                var result = ""
                var rest = Substring(text)
                while let start = rest.range(of: "${") {
                    result += rest[..<start.lowerBound]
                    rest = rest[start.upperBound...]
                    if rest.hasPrefix("!") {
                        result += "${"
                        rest = rest.dropFirst()
                        continue
                    }
                    let end = try #require(rest.firstIndex(of: "}"))
                    result += try #require(values[String(rest[..<end])], "unknown variable in \(text)")
                    rest = rest[rest.index(after: end)...]
                }
                return result + rest
            }
            if object.count == 1, let name = object["Ref"] as? String {
                return try #require(values[name], "unknown Ref \(name)")
            }
            if object.count == 1, let join = object["Fn::Join"] as? [Any], join.count == 2 {
                let separator = try #require(join[0] as? String)
                let parts = try #require(join[1] as? [Any]).map { try resolve($0, values) }
                return try parts.map { try #require($0 as? String) }.joined(separator: separator)
            }
            return try object.mapValues { try resolve($0, values) }
        }
        if let array = value as? [Any] { return try array.map { try resolve($0, values) } }
        return value
    }

    /// The characters of a resolved policy document, whitespace not counted.
    static func size(_ document: Any, _ values: [String: String]) throws -> Int {
        let resolved = try resolve(document, values)
        let data = try JSONSerialization.data(withJSONObject: resolved, options: [.withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self).unicodeScalars.filter { !$0.properties.isWhitespace }.count
    }


    @Test("managed policies, inline policies and trust policies fit IAM's quotas", arguments: PolicyGrantsTests.cases)
    func policiesFitTheQuotas(_ testCase: PolicyGrantsTests.Case) throws {
        let json = try StackTemplateTests.parse(testCase.template)
        let values = try Self.longestValues(json)
        let policies = try StackTemplateTests.managedPolicies(in: json)
        #expect(!policies.isEmpty)
        for policy in policies {
            let size = try Self.size(policy.document, values)
            #expect(size <= Self.managedPolicyLimit, "\(policy.logicalID) has \(size) characters")
        }
        for (name, properties) in try StackTemplateTests.roles(in: json) {
            let attached = policies.filter { $0.role == name }
            #expect(!attached.isEmpty, "\(name) has no managed policy")
            #expect(attached.count <= Self.managedPoliciesPerRole, "\(name) has \(attached.count) managed policies")
            let inline = (properties["Policies"] as? [[String: Any]]) ?? []
            let inlineSize = try inline.reduce(0) { $0 + (try Self.size($1["PolicyDocument"] as Any, values)) }
            #expect(inlineSize <= Self.inlinePoliciesLimit, "\(name) has \(inlineSize) characters of inline policies")
            let trust = try #require(properties["AssumeRolePolicyDocument"])
            let trustSize = try Self.size(trust, values)
            #expect(trustSize <= Self.trustPolicyLimit, "\(name)'s trust policy has \(trustSize) characters")
        }
    }

    @Test("the Spot Policy is split, and the split parts are even")
    func spotPolicyIsSplit() throws {
        let template = StackTemplate(products: [.elastigroup], principals: .commercial)
        let json = try StackTemplateTests.parse(template)
        let values = try Self.longestValues(json)
        let parts = try StackTemplateTests.managedPolicies(in: json).filter { $0.sourceFile == "spot-elastigroup-ocean.json" }
        // Published, it is about 6,100 characters; with ${AWS::Partition} resolved as aws-cn and
        // iam:PassRole in a statement of its own it no longer fits one managed policy.
        let whole = try Self.size(try PolicyReferenceFiles.json("spot-elastigroup-ocean.json"), values)
        #expect(whole > 6_000)
        try #require(parts.map(\.logicalID) == ["SpotPolicyPart1", "SpotPolicyPart2"])
        let sizes = try parts.map { try Self.size($0.document, values) }
        #expect(sizes.allSatisfy { $0 <= Self.managedPolicyLimit })
        #expect(abs(sizes[0] - sizes[1]) < 1_000, "uneven parts: \(sizes)")
    }
}
