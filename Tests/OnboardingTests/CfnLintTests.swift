import AWSKit
import AccountList
import Foundation
import Onboarding
import TestSupport
import Testing

/// Lints every template the tool can render with the real `cfn-lint`.
///
/// For each partition, the 15 non-empty product combinations are written to a temporary folder
/// and linted in one `cfn-lint` run against the partition's regions, informational rules included
/// (`--include-checks I`). Any finding fails the test: error (`E…`), warning (`W…`) or
/// informational (`I…`). `cfn-lint` is looked up on `PATH` through `/usr/bin/env`; when it is
/// missing the tests fail, they never skip.
@Suite("cfn-lint")
struct CfnLintTests {
    /// Every non-empty combination of the four products, in canonical order.
    static let productCombinations: [[Product]] = (1..<(1 << Product.allCases.count)).map { mask in
        Product.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element)
    }

    @Test("15 product combinations")
    func combinationCount() {
        #expect(Self.productCombinations.count == 15)
        #expect(Set(Self.productCombinations.map(Set.init)).count == 15)
    }

    @Test("every template lints without errors, warnings or informational findings", arguments: Partition.allCases)
    func templatesLintCleanly(_ partition: Partition) async throws {
        let principals: SpotPrincipals =
            partition == .aws ? .commercial : StackTemplateTests.madeUpChinaPrincipals
        let folder = try Self.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }

        var files: [URL] = []
        for products in Self.productCombinations {
            let template = StackTemplate(products: products, principals: principals)
            let name = "\(partition.rawValue)-" + products.map(\.rawValue).joined(separator: "+") + ".json"
            let url = folder.appendingPathComponent(name)
            try Data(template.render().utf8).write(to: url)
            files.append(url)
        }

        let result = try await CfnLint.run(files: files, regions: Self.regions(partition), in: folder)
        try result.requireLaunched()
        let problems = result.findings
        #expect(
            problems.isEmpty,
            "cfn-lint found \(problems.count) finding(s):\n\(problems.map(\.summary).joined(separator: "\n"))")
        #expect(result.exitStatus == 0, "cfn-lint exited with \(result.exitStatus)\n\(result.diagnostics)")
    }

    @Test("the harness notices a bad template")
    func harnessDetectsProblems() async throws {
        let folder = try Self.makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = StackTemplate(products: [.eco], principals: .commercial).document.setting("Resources", to: [
            "Broken": [
                "Type": "AWS::IAM::Role",
                "Properties": [
                    "AssumeRolePolicyDocument": [
                        "Version": "2012-10-17",
                        "Statement": [
                            [
                                "Effect": "Allow", "Principal": ["Service": "ec2.amazonaws.com"],
                                "Action": "sts:AssumeRole",
                            ]
                        ],
                    ],
                    "Policies": [
                        [
                            "PolicyName": "p",
                            "PolicyDocument": [
                                "Version": "2012-10-17",
                                "Statement": [["Effect": "Allow", "Action": "ec2:NoSuchAction", "Resource": "*"]],
                            ],
                        ]
                    ],
                ],
            ]
        ])
        let url = folder.appendingPathComponent("bad.json")
        try Data(bad.prettyPrinted().utf8).write(to: url)

        let result = try await CfnLint.run(files: [url], regions: ["us-east-1"], in: folder)
        try result.requireLaunched()
        #expect(result.findings.contains { $0.isErrorOrWarning }, "no finding for a bad template:\n\(result.output)")
        #expect(result.exitStatus & ~CfnLint.informationalBit != 0)
    }

    // MARK: Helpers

    /// The regions a partition's templates are linted against.
    static func regions(_ partition: Partition) -> [String] {
        switch partition {
        case .aws: ["us-east-1"]
        case .awsChina: ["cn-north-1", "cn-northwest-1"]
        }
    }

    static func makeTemporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("onboard-cfn-lint-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// Runs `cfn-lint` and parses its `parseable` output.
enum CfnLint {
    /// The exit-status bit `cfn-lint` sets for informational findings only.
    static let informationalBit: Int32 = 8

    /// One finding: `file:line:column:endLine:endColumn:rule:message`.
    struct Finding {
        var line: String
        var rule: String

        /// Whether the finding is an error or a warning (rule ids `E…`, `W…`).
        var isErrorOrWarning: Bool { rule.hasPrefix("E") || rule.hasPrefix("W") }

        /// The line, shortened (cfn-lint lists every valid action when one is unknown).
        var summary: String { line.count > 400 ? line.prefix(400) + "…" : line }
    }

    struct Result {
        var exitStatus: Int32
        var output: String
        var diagnostics: String

        /// Every finding line of the output.
        var findings: [Finding] {
            output.split(separator: "\n").compactMap { line in
                let parts = line.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
                guard parts.count == 7 else { return nil }
                return Finding(line: String(line), rule: String(parts[5]))
            }
        }

        /// Fails unless `cfn-lint` was found and ran (`env` exits 126 or 127 otherwise).
        func requireLaunched() throws {
            try #require(
                exitStatus != 127 && exitStatus != 126,
                "cfn-lint could not be run (is it installed and on PATH?): \(diagnostics)")
            try #require(
                exitStatus & 1 == 0,
                "cfn-lint failed to lint (exit \(exitStatus)):\n\(output)\n\(diagnostics)")
        }
    }

    /// Runs `cfn-lint --format parseable --include-checks I --regions … -- files…` in `folder`.
    static func run(files: [URL], regions: [String], in folder: URL) async throws -> Result {
        let run = try await ChildProcess.run(
            "cfn-lint", ["--format", "parseable", "--include-checks", "I", "--regions"] + regions + ["--"] + files.map(\.path),
            directory: folder, timeout: 600)
        return Result(exitStatus: run.status, output: run.standardOutput, diagnostics: run.standardError)
    }
}
