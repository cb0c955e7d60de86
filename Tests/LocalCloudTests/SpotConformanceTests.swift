import Foundation
import TestSupport
import Testing

/// schemathesis checks the sandbox's Spot API against the OpenAPI subset the project works
/// from (`../shared/spot-openapi/spot-onboarding.openapi.yaml`), with the bundled settings
/// (`Conformance/schemathesis.toml`) and a fresh organization's admin token.
@Suite("Spot API conformance")
struct SpotConformanceTests {
    /// The package root: this file's path up to `/Tests`.
    static var packageRoot: URL {
        let path = #filePath
        let root = path.range(of: "/Tests/", options: .backwards).map { String(path[..<$0.lowerBound]) } ?? path
        return URL(fileURLWithPath: root)
    }

    /// The shared OpenAPI subset, beside the package (`../shared`).
    static var specification: URL {
        packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/spot-openapi/spot-onboarding.openapi.yaml").standardizedFileURL
    }

    @Test("schemathesis finds no failure in 30 examples per operation (seed 1)")
    func schemathesis() async throws {
        let cloud = try LocalCloud.current()
        let specification = Self.specification
        try #require(FileManager.default.fileExists(atPath: specification.path), "no OpenAPI specification at \(specification.path)")
        let configuration = try #require(
            Bundle.module.url(forResource: "schemathesis", withExtension: "toml", subdirectory: "Conformance"),
            "Conformance/schemathesis.toml is not in the test bundle")
        let organization = try await cloud.newSpotOrganization()
        // schemathesis keeps a cache folder in its working directory: not in the package.
        let workingDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("lc-schemathesis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workingDirectory) }

        let run = try await ChildProcess.run(
            "schemathesis",
            [
                "--config-file", configuration.path, "run", specification.path, "--url", cloud.spotURL,
                "-H", "Authorization: Bearer \(organization.adminToken)", "-n", "30", "--seed", "1",
            ],
            directory: workingDirectory, timeout: 600)

        #expect(run.status == 0, "schemathesis exited \(run.status):\n\(run.description)")
        // It tested every operation of the specification (not an empty selection).
        let selected = try #require(
            run.description.firstMatch(of: /Selected: ([0-9]+)\/([0-9]+)/), "no summary in the output:\n\(run.description)")
        let tested = try #require(run.description.firstMatch(of: /Tested: ([0-9]+)/), "no summary in the output:\n\(run.description)")
        #expect((Int(selected.2) ?? 0) >= 12, "\(selected.0)")
        #expect(selected.1 == selected.2 && tested.1 == selected.2, "\(selected.0), \(tested.0)")
    }
}
