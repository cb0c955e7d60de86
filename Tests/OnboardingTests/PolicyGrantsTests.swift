import AWSKit
import AccountList
import Foundation
import Onboarding
import Testing

/// What each role is granted, held against Spot's published documents (read from
/// `shared/reference/spot-policies/`, not from the embedded copies), for every product
/// combination in both partitions.
///
/// The differences from the published documents are deliberate and listed here, each with its
/// reason; anything else the template grants or leaves out fails these tests.
@Suite("Policy grants against the published documents")
struct PolicyGrantsTests {
    /// One rendered template to check.
    struct Case: Sendable, CustomTestStringConvertible {
        var partition: Partition
        var products: [Product]

        var template: StackTemplate {
            StackTemplate(
                products: products,
                principals: partition == .aws ? .commercial : StackTemplateTests.madeUpChinaPrincipals)
        }

        var testDescription: String {
            "\(partition.rawValue) " + products.map(\.rawValue).joined(separator: "+")
        }
    }

    /// The 15 product combinations in both partitions.
    static let cases: [Case] = Partition.allCases.flatMap { partition in
        CfnLintTests.productCombinations.map { Case(partition: partition, products: $0) }
    }

    // MARK: Which documents, and the deliberate differences

    /// The published files a role should carry for `products` (the rule of DESIGN.md, "Roles in
    /// the template"), written out independently of ``StackTemplate/spotRoleDocuments``.
    static func publishedFiles(role: String, products: [Product]) -> [String] {
        switch role {
        case "SpotRole":
            var files: [String] = []
            if products.contains(.cloudAnalyzer) { files += ["billing-engine.json", "cost-intelligence.json"] }
            if products.contains(.elastigroup) || products.contains(.ocean) { files.append("spot-elastigroup-ocean.json") }
            // Eco alone: the role exists for Spot's credentials link; it gets the Billing Engine
            // policy only (see StackTemplate.spotRoleDocuments).
            return files.isEmpty ? ["billing-engine.json"] : files
        case "SpotFinOpsRole":
            return products.contains(.eco) ? ["finops-restricted-read-only.json"] : []
        default:
            Issue.record("unknown role \(role)")
            return []
        }
    }

    /// A deliberate difference in what a role is granted.
    struct Difference {
        enum Change {
            /// Still granted, but only in statements with this condition.
            case conditioned(operator: String, key: String, values: Set<String>)
            /// Not granted although published.
            case removed
            /// Granted although not published.
            case added
        }

        var file: String
        var action: String
        var change: Change
        var reason: String
    }

    /// The deliberate differences in actions. (Resource differences are in ``s3Scoping(_:)``.)
    static let differences: [Difference] = [
        Difference(
            file: "spot-elastigroup-ocean.json", action: "iam:PassRole",
            change: .conditioned(
                operator: "StringEquals", key: "iam:PassedToService",
                values: ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]),
            reason:
                "Spot passes roles only as instance profiles of the instances it launches; "
                + "unconditioned, iam:PassRole on * would let it hand any role to any service. "
                + "EC2's principal in the China regions has been ec2.amazonaws.com.cn, so both are listed."),
    ]

    /// Deliberate differences that leave the set of actions unchanged, checked by
    /// ``statementsFollowThePublishedDocuments(_:)``:
    /// - finops-restricted-read-only.json lists `s3:ListStorageLensConfigurations` twice in
    ///   `S3SyncPermissions`; the template lists it once (IAM ignores the repetition).
    /// - finops-restricted-read-only.json grants `S3CURObject` on every object of the bucket
    ///   (`<bucket>/*`); the template grants it on the report's objects only
    ///   (`<bucket>/<pathPrefix>/*`), and names the bucket by the template's parameter.
    /// - billing-engine.json's placeholders `${BEBucket}` and `${BEPrefix}` are the template's
    ///   parameters.
    /// - `arn:aws:` literals are `Fn::Sub` texts with `${AWS::Partition}`.
    static let sameActionDifferences = [
        "S3SyncPermissions: s3:ListStorageLensConfigurations once",
        "S3CURObject: narrowed to the report's prefix",
        "BillingEngineReadCUR: placeholders are parameters",
        "every ARN: ${AWS::Partition}",
    ]

    // MARK: Actions

    @Test("each role's actions are the published documents' actions, except the listed differences",
          arguments: cases)
    func actionsMatchThePublishedDocuments(_ testCase: Case) throws {
        let json = try StackTemplateTests.parse(testCase.template)
        let policies = try StackTemplateTests.managedPolicies(in: json)
        let roles = try StackTemplateTests.roles(in: json)
        for role in ["SpotRole", "SpotFinOpsRole"] {
            let files = Self.publishedFiles(role: role, products: testCase.products)
            #expect((roles[role] != nil) == (role == "SpotRole" || !files.isEmpty), "\(role)")
            var expected = Set<String>()
            for file in files {
                expected.formUnion(try PolicyReferenceFiles.actions(file))
            }
            for difference in Self.differences where files.contains(difference.file) {
                switch difference.change {
                case .removed: expected.remove(difference.action)
                case .added: expected.insert(difference.action)
                case .conditioned: break
                }
            }
            let statements = policies.filter { $0.role == role }.flatMap(\.statements)
            let granted = Set(statements.flatMap { StackTemplateTests.strings($0["Action"]) })
            #expect(
                granted == expected,
                "\(role): extra \(granted.subtracting(expected).sorted()), missing \(expected.subtracting(granted).sorted())")
            for statement in statements {
                #expect(statement["Effect"] as? String == "Allow")
                #expect(statement["NotAction"] == nil && statement["NotResource"] == nil)
            }

            for difference in Self.differences where files.contains(difference.file) {
                guard case .conditioned(let op, let key, let values) = difference.change else { continue }
                let holding = statements.filter { StackTemplateTests.strings($0["Action"]).contains(difference.action) }
                #expect(!holding.isEmpty, "\(difference.action) is not granted")
                for statement in holding {
                    let condition = statement["Condition"] as? [String: [String: Any]]
                    #expect(condition?.keys.sorted() == [op], "\(difference.action) without \(op)")
                    #expect(condition?[op]?.keys.sorted() == [key], "\(difference.action) without \(key)")
                    #expect(Set(StackTemplateTests.strings(condition?[op]?[key])) == values)
                }
            }
            // Only deliberately conditioned actions sit in conditioned statements.
            let conditionedActions = Set(
                statements.filter { $0["Condition"] != nil }.flatMap { StackTemplateTests.strings($0["Action"]) })
            let allowed = Set(
                Self.differences.filter { files.contains($0.file) }.compactMap { difference -> String? in
                    if case .conditioned = difference.change { return difference.action } else { return nil }
                })
            #expect(conditionedActions.isSubset(of: allowed))
        }
    }

    // MARK: Statements

    @Test("each document's statements are the published ones, in order, except the listed differences",
          arguments: cases)
    func statementsFollowThePublishedDocuments(_ testCase: Case) throws {
        #expect(Self.sameActionDifferences.count == 4)
        let json = try StackTemplateTests.parse(testCase.template)
        let policies = try StackTemplateTests.managedPolicies(in: json)
        for role in ["SpotRole", "SpotFinOpsRole"] {
            for file in Self.publishedFiles(role: role, products: testCase.products) {
                // Parts are named <Base>Part1, <Base>Part2, …: sorted by logical id, they are in order.
                let parts = policies.filter { $0.role == role && $0.sourceFile == file }
                #expect(!parts.isEmpty, "\(file) is not granted to \(role)")
                let rendered = try parts.flatMap(\.statements).map { try Self.canonicalStatement($0) }
                let expected = try Self.expectedStatements(file).map { try Self.canonicalStatement($0) }
                #expect(rendered == expected, "\(file) on \(role) differs from the published document")
            }
        }
    }

    /// The published statements of `file` with the deliberate differences applied.
    static func expectedStatements(_ file: String) throws -> [[String: Any]] {
        var statements = try PolicyReferenceFiles.statements(file).map { try #require(neutral($0) as? [String: Any]) }
        switch file {
        case "billing-engine.json":
            statements = try statements.map { statement in
                let renamed = rewriteSubTexts(statement) {
                    $0.replacingOccurrences(of: "${BEBucket}", with: "${CostAndUsageReportBucket}")
                        .replacingOccurrences(of: "${BEPrefix}", with: "${CostAndUsageReportPathPrefix}")
                }
                return try #require(renamed as? [String: Any])
            }
        case "finops-restricted-read-only.json":
            for index in statements.indices {
                var actions = StackTemplateTests.strings(statements[index]["Action"])
                var seen = Set<String>()
                actions = actions.filter { seen.insert($0).inserted }
                if statements[index]["Action"] is [Any] { statements[index]["Action"] = actions }
                switch statements[index]["Sid"] as? String {
                case "S3CURBucket": statements[index]["Resource"] = [["Fn::Sub": bucketARN]]
                case "S3CURObject": statements[index]["Resource"] = [["Fn::Sub": objectsARN]]
                default: break
                }
            }
            let sync = try #require(try PolicyReferenceFiles.statements(file).first { $0["Sid"] as? String == "S3SyncPermissions" })
            #expect(StackTemplateTests.strings(sync["Action"]).filter { $0 == "s3:ListStorageLensConfigurations" }.count == 2)
        case "spot-elastigroup-ocean.json":
            let index = try #require(statements.firstIndex { StackTemplateTests.strings($0["Action"]).contains("iam:PassRole") })
            statements[index]["Action"] = StackTemplateTests.strings(statements[index]["Action"]).filter { $0 != "iam:PassRole" }
            statements.insert(
                [
                    "Sid": "PassRoleToEC2", "Action": ["iam:PassRole"], "Effect": "Allow", "Resource": ["*"],
                    "Condition": ["StringEquals": ["iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"]]],
                ], at: index + 1)
        default:
            break
        }
        return statements
    }

    /// A statement as comparable text: `Fn::Sub` objects as their text, keys sorted.
    static func canonicalStatement(_ statement: [String: Any]) throws -> String {
        try PolicyReferenceFiles.canonical(unwrapSubs(statement))
    }

    private static func unwrapSubs(_ value: Any) -> Any {
        if let object = value as? [String: Any] {
            if object.count == 1, let text = object["Fn::Sub"] as? String { return "Sub:" + text }
            return object.mapValues(unwrapSubs)
        }
        if let array = value as? [Any] { return array.map(unwrapSubs) }
        return value
    }

    /// `arn:aws:` made `${AWS::Partition}` the way the template does it: a literal becomes an
    /// `Fn::Sub`, a `Fn::Sub` text is rewritten.
    private static func neutral(_ value: Any) -> Any {
        if let text = value as? String, text.hasPrefix("arn:aws:") {
            return ["Fn::Sub": "arn:${AWS::Partition}:" + text.dropFirst("arn:aws:".count)]
        }
        if let object = value as? [String: Any] {
            if object.count == 1, let text = object["Fn::Sub"] as? String {
                return ["Fn::Sub": text.replacingOccurrences(of: "arn:aws:", with: "arn:${AWS::Partition}:")]
            }
            return object.mapValues(neutral)
        }
        if let array = value as? [Any] { return array.map(neutral) }
        return value
    }

    private static func rewriteSubTexts(_ value: Any, _ transform: (String) -> String) -> Any {
        if let object = value as? [String: Any] {
            if object.count == 1, let text = object["Fn::Sub"] as? String { return ["Fn::Sub": transform(text)] }
            return object.mapValues { rewriteSubTexts($0, transform) }
        }
        if let array = value as? [Any] { return array.map { rewriteSubTexts($0, transform) } }
        return value
    }

    // MARK: Resources

    static let bucketARN = "arn:${AWS::Partition}:s3:::${CostAndUsageReportBucket}"
    static let objectsARN = "arn:${AWS::Partition}:s3:::${CostAndUsageReportBucket}/${CostAndUsageReportPathPrefix}/*"

    /// The S3 ARNs the published documents name besides the report (partition-neutral), granted
    /// as published: Elastic Beanstalk's buckets (Spot Policy, Cost Intelligence) and Spot's
    /// sync buckets `sc-customer-*` (FinOps; Spot says they are required).
    static let otherS3ARNs: Set = [
        "arn:${AWS::Partition}:s3:::elasticbeanstalk*",
        "arn:${AWS::Partition}:s3:::elasticbeanstalk-env-resources-*/*",
        "arn:${AWS::Partition}:s3:::sc-customer-*",
    ]

    @Test("grants on the report name only its bucket and bucket/prefix/*", arguments: cases)
    func s3Scoping(_ testCase: Case) throws {
        let json = try StackTemplateTests.parse(testCase.template)
        let policies = try StackTemplateTests.managedPolicies(in: json)
        var reportStatements: [String] = []
        for policy in policies {
            for statement in policy.statements {
                let resources = StackTemplateTests.subTexts(statement["Resource"])
                    + StackTemplateTests.strings(statement["Resource"])
                let onReport = resources.filter { $0.contains("CostAndUsageReport") }
                guard !onReport.isEmpty else { continue }
                reportStatements.append("\(policy.sourceFile):\(statement["Sid"] as? String ?? "")")
                #expect(
                    Set(resources).isSubset(of: [Self.bucketARN, Self.objectsARN]),
                    "\(policy.logicalID) mixes the report with other resources: \(resources)")
                let actions = StackTemplateTests.strings(statement["Action"])
                #expect(actions.allSatisfy { $0.hasPrefix("s3:") }, "\(actions)")
            }
        }
        var expected: [String] = []
        let files = Self.publishedFiles(role: "SpotRole", products: testCase.products)
            + Self.publishedFiles(role: "SpotFinOpsRole", products: testCase.products)
        if files.contains("billing-engine.json") { expected.append("billing-engine.json:BillingEngineReadCUR") }
        if files.contains("finops-restricted-read-only.json") {
            expected += ["finops-restricted-read-only.json:S3CURBucket", "finops-restricted-read-only.json:S3CURObject"]
        }
        #expect(reportStatements.sorted() == expected.sorted())

        // The objects grants name the prefix: S3CURObject only the report's objects.
        for policy in policies where policy.sourceFile == "finops-restricted-read-only.json" {
            for statement in policy.statements {
                switch statement["Sid"] as? String {
                case "S3CURBucket": #expect(StackTemplateTests.subTexts(statement["Resource"]) == [Self.bucketARN])
                case "S3CURObject": #expect(StackTemplateTests.subTexts(statement["Resource"]) == [Self.objectsARN])
                default: break
                }
            }
        }
        // Every S3 ARN anywhere is the report's or one the published documents name.
        for string in StackTemplateTests.allStrings(in: json) where string.contains(":s3:::") {
            #expect(
                string == Self.bucketARN || string == Self.objectsARN || Self.otherS3ARNs.contains(string),
                "unexpected S3 ARN \(string)")
        }
    }

    // MARK: Partition, trust, roles

    @Test("no ARN names a partition literally; every trust statement requires the ExternalId",
          arguments: cases)
    func partitionAndTrust(_ testCase: Case) throws {
        let json = try StackTemplateTests.parse(testCase.template)
        for string in StackTemplateTests.allStrings(in: json) {
            #expect(!string.contains("arn:aws:") && !string.contains("arn:aws-cn:"), "literal partition in \(string)")
        }
        let roles = try StackTemplateTests.roles(in: json)
        #expect(roles.keys.sorted() == (testCase.products.contains(.eco) ? ["SpotFinOpsRole", "SpotRole"] : ["SpotRole"]))
        #expect(testCase.template.includesFinOpsRole == testCase.products.contains(.eco))
        for (name, properties) in roles {
            let trust = try #require(properties["AssumeRolePolicyDocument"] as? [String: Any])
            let statements = try #require(trust["Statement"] as? [[String: Any]])
            #expect(!statements.isEmpty)
            for statement in statements {
                let condition = statement["Condition"] as? [String: [String: Any]]
                let externalID = condition?["StringEquals"]?["sts:ExternalId"] as? [String: Any]
                #expect(externalID?["Ref"] as? String == StackTemplate.externalIDParameter, "\(name)")
            }
        }
        let outputs = try #require(json["Outputs"] as? [String: Any])
        #expect(Set(outputs.keys) == Set([StackTemplate.spotRoleOutput] + (roles.count == 2 ? [StackTemplate.finOpsRoleOutput] : [])))
    }
}
