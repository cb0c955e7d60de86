import Foundation
import Testing

@testable import Reports

/// `onboard run --run-id NAME`: which names are safe folder names, that a taken name is refused
/// (never reused), and that `--resume NAME`, `status NAME` and `latest` open named runs.
@Suite("Run names")
struct RunNameTests {
    private func temporaryRoot() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-names-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    @Test("safe names are accepted", arguments: [
        "nightly", "n", "nightly-2026-12-01", "weekly_partner.b", "run-nightly", "2026-12-01", "plan-b",
        String(repeating: "a", count: 64),
    ])
    func accepted(_ name: String) {
        #expect(RunFolder.runNameProblem(name) == nil, "\(name)")
        #expect(RunFolder.isRunReference(name, kinds: ["run"]))
    }

    @Test("unsafe or clashing names are refused, each with its reason", arguments: [
        ("", "empty"), (".", "start with"), ("..", "start with"), ("...", "start with"), (".hidden", "start with"),
        ("-x", "start with"), ("_x", "start with"), ("a/b", "only ASCII"), ("../x", "only ASCII"), ("/abs", "only ASCII"),
        ("a b", "only ASCII"), ("tab\there", "only ASCII"), ("nul\u{0}", "only ASCII"), ("é", "only ASCII"), ("a\\b", "only ASCII"),
        ("latest", "link"), ("run-20261201-120000", "form of an id"), ("run-20261201-120000-2", "form of an id"),
        ("plan-20261201-120000", "form of an id"), (String(repeating: "a", count: 65), "longer than 64"),
    ])
    func refused(_ name: String, _ reason: String) throws {
        let problem = try #require(RunFolder.runNameProblem(name), "\(name) was accepted")
        #expect(problem.contains(reason), "\(name): \(problem)")
        #expect(!RunFolder.isRunReference(name, kinds: ["run"]) || RunFolder.isRunID(name, kinds: ["run"]))
    }

    @Test("a named run's folder is made 0700; the same name again is refused, the folder untouched")
    func takenNameIsRefused() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try RunFolder.create(in: root, named: "nightly")
        #expect(folder.runID == "nightly" && folder.path == "\(root)/nightly")
        let mode = try FileManager.default.attributesOfItem(atPath: folder.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        try folder.write("kept", to: "summary.md")
        let error = try #require(throws: ReportWriteError.self) { try RunFolder.create(in: root, named: "nightly") }
        #expect(error.operation == .createFolder)
        #expect(error.reason.contains("already exists") && error.reason.contains("--resume nightly"))
        #expect(try String(contentsOfFile: "\(folder.path)/summary.md", encoding: .utf8) == "kept")
        #expect(throws: ReportWriteError.self) { try RunFolder.create(in: root, named: "../escape") }
        #expect(!FileManager.default.fileExists(atPath: "\(root)/../escape"))
    }

    @Test("a name taken by a symbolic link is refused too (the link is not followed)")
    func linkNameIsRefused() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let outside = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: outside) }
        try FileManager.default.createSymbolicLink(atPath: "\(root)/nightly", withDestinationPath: outside)
        #expect(throws: ReportWriteError.self) { try RunFolder.create(in: root, named: "nightly") }
        #expect(throws: ReportWriteError.self) { try RunFolder.open(in: root, runID: "nightly", kinds: ["run"]) }
    }

    @Test("named runs open by name and through latest; plans do not take names")
    func namedRunsOpen() throws {
        let root = try temporaryRoot()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = try RunFolder.create(in: root, named: "weekly.b")
        try folder.markLatest()
        #expect(try RunFolder.open(in: root, runID: "weekly.b", kinds: ["run"]) == folder)
        #expect(try RunFolder.open(in: root, runID: "latest", kinds: ["run"]) == folder)
        #expect(throws: ReportWriteError.self) { try RunFolder.open(in: root, runID: "weekly.b", kinds: ["plan"]) }
        let missing = try #require(throws: ReportWriteError.self) { try RunFolder.open(in: root, runID: "other", kinds: ["run"]) }
        #expect(missing.reason == "no such run")
    }
}
