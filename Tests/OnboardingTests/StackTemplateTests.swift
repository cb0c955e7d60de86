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
        var principals: SpotPrincipals

        var template: StackTemplate {
            StackTemplate(products: products, principals: principals)
        }

        var testDescription: String { name }
    }

    static let goldenCases: [GoldenCase] = [
        GoldenCase(name: "cloud-analyzer", products: [.cloudAnalyzer], principals: .commercial),
        GoldenCase(name: "eco", products: [.eco], principals: .commercial),
        GoldenCase(name: "elastigroup", products: [.elastigroup], principals: .commercial),
        GoldenCase(name: "ocean", products: [.ocean], principals: .commercial),
        GoldenCase(name: "eco-elastigroup", products: [.eco, .elastigroup], principals: .commercial),
        GoldenCase(name: "all-products", products: Product.allCases, principals: .commercial),
        GoldenCase(name: "aws-cn-all-products", products: Product.allCases, principals: madeUpChinaPrincipals),
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

    @Test("rendering is deterministic and ignores product order and repetition")
    func deterministic() {
        for goldenCase in Self.goldenCases {
            #expect(goldenCase.template.render() == goldenCase.template.render())
            let shuffled = StackTemplate(
                products: goldenCase.products.reversed() + goldenCase.products, principals: goldenCase.principals)
            #expect(shuffled == goldenCase.template)
            #expect(shuffled.render() == goldenCase.template.render())
        }
    }

    @Test("the ExternalId parameter is visible and constrained", arguments: Product.allCases)
    func externalIDParameter(_ product: Product) throws {
        let template = StackTemplate(products: [product], principals: .commercial)
        let json = try Self.parse(template)
        #expect(json["AWSTemplateFormatVersion"] as? String == "2010-09-09")
        let parameters = try #require(json["Parameters"] as? [String: Any])
        let parameter = try #require(parameters[StackTemplate.externalIDParameter] as? [String: Any])
        #expect(parameter["NoEcho"] == nil)
        #expect(parameter["Type"] as? String == "String")
        #expect(parameter["MinLength"] as? Int == 2)
        #expect(parameter["MaxLength"] as? Int == 1224)
        #expect(parameter["AllowedPattern"] as? String == #"[\w+=,.@:/-]*"#)
        #expect(parameter["Description"] as? String != nil)
    }

    @Test("the report's bucket and prefix are parameters, declared only when a role reads the report")
    func reportParameters() throws {
        let bucket = StackTemplate.costAndUsageReportBucketParameter
        let prefix = StackTemplate.costAndUsageReportPathPrefixParameter
        #expect(bucket == "CostAndUsageReportBucket")
        #expect(prefix == "CostAndUsageReportPathPrefix")
        for products in CfnLintTests.productCombinations {
            let template = StackTemplate(products: products, principals: .commercial)
            let readsReport = products.contains(.cloudAnalyzer) || products.contains(.eco)
            #expect(template.usesCostAndUsageReport == readsReport, "\(products)")
            let expected = [StackTemplate.externalIDParameter] + (readsReport ? [bucket, prefix] : [])
            #expect(template.parameterNames == expected, "\(products)")
            let json = try Self.parse(template)
            let parameters = try #require(json["Parameters"] as? [String: Any])
            #expect(Set(parameters.keys) == Set(expected), "\(products)")
            // Every declared parameter is used somewhere in the resources, and no other is.
            let text = template.render()
            for name in [bucket, prefix] {
                #expect(text.contains("${\(name)}") == readsReport, "\(name) in \(products)")
            }
            let given = template.parameters(
                externalID: "ext-1", bucket: "acme-cur", pathPrefix: "cur/acme-report")
            #expect(given.map(\.key) == expected)
            #expect(given.map(\.value) == ["ext-1", "acme-cur", "cur/acme-report"].prefix(expected.count).map { $0 })
        }

        let json = try Self.parse(StackTemplate(products: [.eco], principals: .commercial))
        let parameters = try #require(json["Parameters"] as? [String: Any])
        let bucketParameter = try #require(parameters[bucket] as? [String: Any])
        #expect(bucketParameter["Type"] as? String == "String")
        #expect(bucketParameter["MinLength"] as? Int == 3)
        #expect(bucketParameter["MaxLength"] as? Int == 63)
        #expect(bucketParameter["NoEcho"] == nil)
        let bucketPattern = try Regex("^(?:" + (try #require(bucketParameter["AllowedPattern"] as? String)) + ")$")
        for good in ["abc", "spot-cur-123456789012", "a.b-c", String(repeating: "a", count: 63)] {
            #expect(good.wholeMatch(of: bucketPattern) != nil, "\(good)")
        }
        for bad in ["Abc", "-abc", "abc-", "a_b", "a${AWS::Region}", "a/b", "a*"] {
            #expect(bad.wholeMatch(of: bucketPattern) == nil, "\(bad)")
        }

        let prefixParameter = try #require(parameters[prefix] as? [String: Any])
        #expect(prefixParameter["Type"] as? String == "String")
        #expect(prefixParameter["MinLength"] as? Int == 1)
        #expect(prefixParameter["MaxLength"] as? Int == 513)
        let prefixPattern = try Regex("^(?:" + (try #require(prefixParameter["AllowedPattern"] as? String)) + ")$")
        for good in ["cur/report", "report", "a/b/c/report-1", "spot_eco/spotinst-cur-report", "x(1)!'.*"] {
            #expect(good.wholeMatch(of: prefixPattern) != nil, "\(good)")
        }
        for bad in ["/cur/report", "cur/report/", "/", "cur report", "cur/${AWS::Region}", ""] {
            #expect(bad.wholeMatch(of: prefixPattern) == nil, "\(bad)")
        }
    }

    @Test("the FinOps role and its output come only with eco", arguments: Product.allCases)
    func finOpsRolePresence(_ product: Product) throws {
        let template = StackTemplate(products: [product], principals: .commercial)
        #expect(template.includesFinOpsRole == (product == .eco))
        let json = try Self.parse(template)
        let resources = try #require(json["Resources"] as? [String: Any])
        let outputs = try #require(json["Outputs"] as? [String: Any])
        #expect(resources["SpotRole"] != nil)
        #expect(outputs[StackTemplate.spotRoleOutput] != nil)
        #expect((resources["SpotFinOpsRole"] != nil) == (product == .eco))
        #expect((outputs[StackTemplate.finOpsRoleOutput] != nil) == (product == .eco))
        #expect(try Self.roles(in: json).count == (product == .eco ? 2 : 1))

        let roleNames = try Self.roles(in: json).mapValues { $0["RoleName"] as? String }
        #expect(roleNames["SpotRole"] == StackTemplate.spotRoleName)
        if product == .eco {
            #expect(roleNames["SpotFinOpsRole"] == StackTemplate.finOpsRoleName)
        }
        let description = try #require(json["Description"] as? String)
        #expect(description.contains(product.rawValue))
    }

    @Test("each role carries the published documents of the chosen products")
    func documentsPerRole() throws {
        for products in CfnLintTests.productCombinations {
            let template = StackTemplate(products: products, principals: .commercial)
            var spot: [SpotPolicyDocument] = []
            if products.contains(.cloudAnalyzer) { spot += [.billingEngine, .costIntelligence] }
            if products.contains(.elastigroup) || products.contains(.ocean) { spot.append(.spotPolicy) }
            if spot.isEmpty { spot = [.billingEngine] }
            #expect(template.spotRoleDocuments == spot, "\(products)")
            #expect(template.finOpsRoleDocuments == (products.contains(.eco) ? [.finOpsRestrictedReadOnly] : []))
            #expect(template.includesComputePermissions == spot.contains(.spotPolicy))

            // The managed policies say which document they grant, and are attached to the right role.
            let json = try Self.parse(template)
            let policies = try Self.managedPolicies(in: json)
            func granted(_ role: String) -> Set<String> {
                Set(policies.filter { $0.role == role }.map(\.sourceFile))
            }
            #expect(granted("SpotRole") == Set(spot.map(\.fileName)), "\(products)")
            #expect(granted("SpotFinOpsRole") == Set(template.finOpsRoleDocuments.map(\.fileName)), "\(products)")
            // In the rendered text the resources follow the order of the documents.
            let text = template.render()
            let positions = spot.compactMap { text.range(of: "\"SpotPolicyDocument\": \"\($0.fileName)\"")?.lowerBound }
            #expect(positions == positions.sorted() && positions.count == spot.count, "\(products)")
            // No inline policy, no ManagedPolicyArns (moto ignores them): policies attach themselves.
            for (name, role) in try Self.roles(in: json) {
                #expect(role["Policies"] == nil, "\(name)")
                #expect(role["ManagedPolicyArns"] == nil, "\(name)")
            }
        }
    }

    @Test("the parameters helper leaves out what the template does not declare")
    func parametersHelper() {
        let compute = StackTemplate(products: [.elastigroup, .ocean], principals: .commercial)
        let given = compute.parameters(externalID: "e", bucket: "b-1", pathPrefix: "p/r")
        #expect(given.map(\.key) == [StackTemplate.externalIDParameter])
        let eco = StackTemplate(products: [.eco], principals: .commercial)
        #expect(eco.parameters(externalID: "e", bucket: nil, pathPrefix: nil).map(\.key) == ["ExternalId"])
    }

    @Test("the transitional initializer ignores the bucket")
    func transitionalInitializer() {
        let old = StackTemplate(products: [.eco], costAndUsageReportBucket: "ignored", principals: .commercial)
        #expect(old == StackTemplate(products: [.eco], principals: .commercial))
        #expect(!old.render().contains("ignored"))
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

    /// One `AWS::IAM::ManagedPolicy` of a parsed template.
    struct ManagedPolicy {
        var logicalID: String
        /// The logical id of the one role in its `Roles`.
        var role: String
        /// `Metadata.SpotPolicyDocument`: the published file it grants (all or part of).
        var sourceFile: String
        var document: [String: Any]

        var statements: [[String: Any]] { document["Statement"] as? [[String: Any]] ?? [] }
    }

    /// Every managed policy of a parsed template, by logical id.
    static func managedPolicies(in json: [String: Any]) throws -> [ManagedPolicy] {
        let resources = try #require(json["Resources"] as? [String: Any])
        var policies: [ManagedPolicy] = []
        for (name, resource) in resources.sorted(by: { $0.key < $1.key }) {
            let resource = try #require(resource as? [String: Any])
            guard resource["Type"] as? String == "AWS::IAM::ManagedPolicy" else { continue }
            let properties = try #require(resource["Properties"] as? [String: Any])
            let roles = try #require(properties["Roles"] as? [[String: Any]])
            try #require(roles.count == 1, "\(name) is attached to \(roles.count) roles")
            let role = try #require(roles[0]["Ref"] as? String)
            let metadata = try #require(resource["Metadata"] as? [String: Any])
            policies.append(
                ManagedPolicy(
                    logicalID: name, role: role,
                    sourceFile: try #require(metadata["SpotPolicyDocument"] as? String),
                    document: try #require(properties["PolicyDocument"] as? [String: Any])))
        }
        return policies
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
