import AccountList
import Foundation
import Onboarding
import Testing

/// Golden-file and structural tests of the CloudFormation template and its JSON printer.
///
/// Each golden case is compared byte for byte with `Golden/<name>.json`. Run with
/// `UPDATE_GOLDEN=1` to rewrite the files in the source tree instead (then review the diff).
@Suite("StackTemplate")
struct StackTemplateTests {
    /// Made-up Spot principals for AWS China (the real ones are not public).
    static let madeUpChinaPrincipals = SpotPrincipals(
        platformAccountID: "111111111111", finOpsAccountIDs: ["222222222222", "333333333333"])

    /// One golden template: its file name and what it is rendered from.
    struct GoldenCase: Sendable, CustomTestStringConvertible {
        var name: String
        var products: [Product]
        var bucket: String
        var principals: SpotPrincipals

        var template: StackTemplate {
            StackTemplate(products: products, costAndUsageReportBucket: bucket, principals: principals)
        }

        var testDescription: String { name }
    }

    static let goldenCases: [GoldenCase] = [
        GoldenCase(
            name: "cloud-analyzer", products: [.cloudAnalyzer], bucket: "spot-cur-123456789012",
            principals: .commercial),
        GoldenCase(
            name: "eco", products: [.eco], bucket: "acme-billing-reports", principals: .commercial),
        GoldenCase(
            name: "elastigroup", products: [.elastigroup], bucket: "spot-cur-123456789012",
            principals: .commercial),
        GoldenCase(
            name: "ocean", products: [.ocean], bucket: "spot-cur-123456789012", principals: .commercial),
        GoldenCase(
            name: "all-products", products: Product.allCases, bucket: "spot-cur-123456789012",
            principals: .commercial),
        GoldenCase(
            name: "aws-cn-all-products", products: Product.allCases, bucket: "spot-cur-210987654321",
            principals: madeUpChinaPrincipals),
    ]

    // MARK: Golden files

    @Test("render() matches the golden file", arguments: goldenCases)
    func matchesGoldenFile(_ goldenCase: GoldenCase) throws {
        let rendered = goldenCase.template.render()
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            let url = Self.sourceGoldenDirectory.appendingPathComponent("\(goldenCase.name).json")
            try FileManager.default.createDirectory(
                at: Self.sourceGoldenDirectory, withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: url, options: .atomic)
            return
        }
        let url = try #require(
            Bundle.module.url(forResource: goldenCase.name, withExtension: "json", subdirectory: "Golden"),
            "Golden/\(goldenCase.name).json is missing: run with UPDATE_GOLDEN=1 to create it")
        let expected = try Data(contentsOf: url)
        #expect(
            Data(rendered.utf8) == expected,
            "render() differs from Golden/\(goldenCase.name).json: run with UPDATE_GOLDEN=1 and review the diff")
    }

    /// `Tests/OnboardingTests/Golden` in the source tree.
    static var sourceGoldenDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    // MARK: Structure

    @Test("every trust statement requires the ExternalId parameter", arguments: goldenCases)
    func trustStatementsRequireExternalID(_ goldenCase: GoldenCase) throws {
        let json = try Self.parse(goldenCase.template)
        let roles = try Self.roles(in: json)
        #expect(!roles.isEmpty)
        for (name, properties) in roles {
            let document = try #require(properties["AssumeRolePolicyDocument"] as? [String: Any])
            let statements = try #require(document["Statement"] as? [[String: Any]])
            #expect(!statements.isEmpty, "\(name) has no trust statement")
            for statement in statements {
                #expect(statement["Effect"] as? String == "Allow")
                #expect(statement["Action"] as? String == "sts:AssumeRole")
                let condition = statement["Condition"] as? [String: Any]
                let equals = condition?["StringEquals"] as? [String: Any]
                let externalID = equals?["sts:ExternalId"] as? [String: Any]
                #expect(
                    externalID?["Ref"] as? String == StackTemplate.externalIDParameter,
                    "a trust statement of \(name) lacks the sts:ExternalId condition")
            }
        }
    }

    @Test("roles trust exactly the given principals", arguments: goldenCases)
    func rolesTrustTheGivenPrincipals(_ goldenCase: GoldenCase) throws {
        let json = try Self.parse(goldenCase.template)
        let roles = try Self.roles(in: json)
        func trusted(_ name: String) throws -> [String] {
            let properties = try #require(roles[name])
            let document = try #require(properties["AssumeRolePolicyDocument"] as? [String: Any])
            let statements = try #require(document["Statement"] as? [[String: Any]])
            return statements.flatMap { statement -> [String] in
                let principal = statement["Principal"] as? [String: Any]
                return Self.subTexts(principal?["AWS"])
            }
        }
        let root = { (account: String) in "arn:${AWS::Partition}:iam::\(account):root" }
        #expect(try trusted("SpotRole") == [root(goldenCase.principals.platformAccountID)])
        if goldenCase.template.includesFinOpsRole {
            #expect(try trusted("SpotFinOpsRole") == goldenCase.principals.finOpsAccountIDs.map(root))
        }
    }

    @Test("no string names the aws partition literally", arguments: goldenCases)
    func noLiteralPartition(_ goldenCase: GoldenCase) throws {
        let strings = Self.allStrings(in: try Self.parse(goldenCase.template))
        #expect(!strings.isEmpty)
        for string in strings {
            #expect(!string.contains("arn:aws:"), "literal partition in \(string)")
            #expect(!string.contains("arn:aws-cn:"), "literal partition in \(string)")
        }
    }

    @Test("S3 access names only the report bucket", arguments: goldenCases)
    func s3ResourcesNameOnlyTheBucket(_ goldenCase: GoldenCase) throws {
        let json = try Self.parse(goldenCase.template)
        let bucketARN = "arn:${AWS::Partition}:s3:::\(goldenCase.bucket)"
        let allowed: Set = [bucketARN, bucketARN + "/*"]
        var s3Statements = 0
        for (name, properties) in try Self.roles(in: json) {
            let policies = try #require(properties["Policies"] as? [[String: Any]])
            for policy in policies {
                let document = try #require(policy["PolicyDocument"] as? [String: Any])
                let statements = try #require(document["Statement"] as? [[String: Any]])
                for statement in statements {
                    let actions = Self.strings(statement["Action"])
                    guard actions.contains(where: { $0.hasPrefix("s3:") }) else { continue }
                    s3Statements += 1
                    #expect(actions.allSatisfy { $0.hasPrefix("s3:Get") || $0 == "s3:ListBucket" })
                    let resources = Self.subTexts(statement["Resource"])
                    #expect(!resources.isEmpty, "an S3 statement of \(name) has no resource")
                    #expect(
                        Set(resources).isSubset(of: allowed),
                        "\(name) grants S3 access beyond the report bucket: \(resources)")
                    #expect(!Self.strings(statement["Resource"]).contains("*"))
                }
            }
        }
        #expect(s3Statements == (goldenCase.template.includesFinOpsRole ? 4 : 2))
        for string in Self.allStrings(in: json) where string.contains(":s3:::") {
            #expect(allowed.contains(string), "unexpected S3 ARN \(string)")
        }
    }

    @Test("rendering is deterministic and ignores product order and repetition")
    func deterministic() {
        for goldenCase in Self.goldenCases {
            #expect(goldenCase.template.render() == goldenCase.template.render())
            let shuffled = StackTemplate(
                products: goldenCase.products.reversed() + goldenCase.products,
                costAndUsageReportBucket: goldenCase.bucket, principals: goldenCase.principals)
            #expect(shuffled == goldenCase.template)
            #expect(shuffled.render() == goldenCase.template.render())
        }
    }

    @Test("the ExternalId parameter is visible and constrained")
    func externalIDParameter() throws {
        let template = StackTemplate(
            products: [.cloudAnalyzer], costAndUsageReportBucket: "b-1", principals: .commercial)
        let json = try Self.parse(template)
        #expect(json["AWSTemplateFormatVersion"] as? String == "2010-09-09")
        let parameters = try #require(json["Parameters"] as? [String: Any])
        #expect(Array(parameters.keys) == [StackTemplate.externalIDParameter])
        let parameter = try #require(parameters[StackTemplate.externalIDParameter] as? [String: Any])
        #expect(parameter["NoEcho"] == nil)
        #expect(parameter["Type"] as? String == "String")
        #expect(parameter["MinLength"] as? Int == 2)
        #expect(parameter["MaxLength"] as? Int == 1224)
        #expect(parameter["AllowedPattern"] as? String == #"[\w+=,.@:/-]*"#)
        #expect(parameter["Description"] as? String != nil)
    }

    @Test("the FinOps role and its output come only with cloud-analyzer or eco", arguments: Product.allCases)
    func finOpsRolePresence(_ product: Product) throws {
        let template = StackTemplate(
            products: [product], costAndUsageReportBucket: "spot-cur-1", principals: .commercial)
        #expect(template.includesFinOpsRole == product.needsFinOpsRole)
        let json = try Self.parse(template)
        let resources = try #require(json["Resources"] as? [String: Any])
        let outputs = try #require(json["Outputs"] as? [String: Any])
        #expect(resources["SpotRole"] != nil)
        #expect(outputs[StackTemplate.spotRoleOutput] != nil)
        #expect((resources["SpotFinOpsRole"] != nil) == product.needsFinOpsRole)
        #expect((outputs[StackTemplate.finOpsRoleOutput] != nil) == product.needsFinOpsRole)
        #expect(Set(resources.keys).count == (product.needsFinOpsRole ? 2 : 1))

        let roleNames = try Self.roles(in: json).mapValues { $0["RoleName"] as? String }
        #expect(roleNames["SpotRole"] == StackTemplate.spotRoleName)
        if product.needsFinOpsRole {
            #expect(roleNames["SpotFinOpsRole"] == StackTemplate.finOpsRoleName)
        }
        let description = try #require(json["Description"] as? String)
        #expect(description.contains(product.rawValue))
    }

    @Test("compute permissions come only with elastigroup or ocean, containers only with ocean",
          arguments: Product.allCases)
    func computePermissions(_ product: Product) throws {
        let template = StackTemplate(
            products: [product], costAndUsageReportBucket: "spot-cur-1", principals: .commercial)
        let actions = try Self.spotRoleActions(template)
        #expect(actions.contains("cur:DescribeReportDefinitions"))
        #expect(actions.contains("ec2:RunInstances") == product.managesCompute)
        #expect(actions.contains("iam:PassRole") == product.managesCompute)
        #expect(actions.contains("eks:DescribeCluster") == (product == .ocean))
        #expect(actions.contains("ecs:Describe*") == (product == .ocean))
    }

    @Test("Fn::Sub variables cannot be smuggled in through the bucket name")
    func bucketIsLiteralInSub() {
        let template = StackTemplate(
            products: [.eco], costAndUsageReportBucket: "x${AWS::Region}", principals: .commercial)
        let text = template.render()
        #expect(text.contains("s3:::x${!AWS::Region}"))
        #expect(!text.contains("s3:::x${AWS::Region}"))
    }

    @Test("commercial principals and completeness")
    func principals() {
        #expect(SpotPrincipals.commercial.platformAccountID == "922761411349")
        #expect(SpotPrincipals.commercial.finOpsAccountIDs == ["884866656237", "627743545735"])
        #expect(SpotPrincipals.commercial.isComplete)
        #expect(Self.madeUpChinaPrincipals.isComplete)
        #expect(!SpotPrincipals(platformAccountID: "111111111111", finOpsAccountIDs: []).isComplete)
        #expect(!SpotPrincipals(platformAccountID: "1111", finOpsAccountIDs: ["222222222222"]).isComplete)
        #expect(!SpotPrincipals(platformAccountID: "111111111111", finOpsAccountIDs: ["22222222222x"]).isComplete)
    }

    // MARK: JSON printer

    @Test("the printer's layout: two spaces, keys in order, empty containers, trailing newline")
    func printerLayout() {
        let value: TemplateValue = [
            "z": "last letter first",
            "a": [1, true, false, -7],
            "empty": [:],
            "none": [],
            "nested": ["k": ["v"]],
        ]
        let expected = """
            {
              "z": "last letter first",
              "a": [
                1,
                true,
                false,
                -7
              ],
              "empty": {},
              "none": [],
              "nested": {
                "k": [
                  "v"
                ]
              }
            }

            """
        #expect(value.prettyPrinted() == expected)
        #expect(TemplateValue.string("x").prettyPrinted() == "\"x\"\n")
    }

    @Test("the printer escapes strings so that they parse back unchanged")
    func printerEscaping() throws {
        let tricky = "quote \" backslash \\ slash / newline \n tab \t cr \r bell \u{07} nul \u{00} "
            + "esc \u{1B} del \u{7F} é 中文 😀 \u{2028}"
        let value: TemplateValue = [tricky: [.string(tricky)]]
        let text = value.prettyPrinted()
        #expect(text.contains(#"quote \" backslash \\ slash / newline \n tab \t cr \r bell \u0007 nul \u0000"#))
        #expect(text.contains(#"esc \u001b del \u007f é 中文 😀"#))
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [String]])
        #expect(parsed == [tricky: [tricky]])
    }

    @Test("setting(_:to:) replaces in place or appends; subscripts read fields")
    func objectEditing() {
        let value: TemplateValue = ["a": 1, "b": 2]
        #expect(value.setting("a", to: 3) == ["a": 3, "b": 2])
        #expect(value.setting("c", to: "x") == ["a": 1, "b": 2, "c": "x"])
        #expect(value["b"] == 2)
        #expect(value["c"] == nil)
        #expect(TemplateValue.int(1).setting("a", to: 2) == .int(1))
        #expect(TemplateValue.getAtt("R", "Arn") == ["Fn::GetAtt": ["R", "Arn"]])
    }

    // MARK: Helpers

    /// The rendered template parsed by Foundation.
    static func parse(_ template: StackTemplate) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(template.render().utf8))
        return try #require(object as? [String: Any])
    }

    /// The `Properties` of every `AWS::IAM::Role` resource, by logical id.
    static func roles(in json: [String: Any]) throws -> [String: [String: Any]] {
        let resources = try #require(json["Resources"] as? [String: Any])
        var roles: [String: [String: Any]] = [:]
        for (name, resource) in resources {
            let resource = try #require(resource as? [String: Any])
            guard resource["Type"] as? String == "AWS::IAM::Role" else { continue }
            roles[name] = try #require(resource["Properties"] as? [String: Any])
        }
        return roles
    }

    /// Every action of `SpotRole`'s inline policies.
    static func spotRoleActions(_ template: StackTemplate) throws -> Set<String> {
        let role = try #require(try roles(in: parse(template))["SpotRole"])
        let policies = try #require(role["Policies"] as? [[String: Any]])
        var actions = Set<String>()
        for policy in policies {
            let document = try #require(policy["PolicyDocument"] as? [String: Any])
            let statements = try #require(document["Statement"] as? [[String: Any]])
            for statement in statements {
                actions.formUnion(strings(statement["Action"]))
            }
        }
        return actions
    }

    /// A string or an array of strings, as an array.
    static func strings(_ value: Any?) -> [String] {
        if let string = value as? String { return [string] }
        return (value as? [Any])?.compactMap { $0 as? String } ?? []
    }

    /// The texts of an `Fn::Sub` object or an array of them.
    static func subTexts(_ value: Any?) -> [String] {
        let objects = (value as? [Any]) ?? (value.map { [$0] } ?? [])
        return objects.compactMap { ($0 as? [String: Any])?["Fn::Sub"] as? String }
    }

    /// Every string in a parsed JSON value, keys included.
    static func allStrings(in value: Any) -> [String] {
        switch value {
        case let string as String:
            return [string]
        case let array as [Any]:
            return array.flatMap { allStrings(in: $0) }
        case let object as [String: Any]:
            return object.flatMap { [$0.key] + allStrings(in: $0.value) }
        default:
            return []
        }
    }
}
