import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `onboard-sandbox` executable itself: a second instance in front of the running moto,
/// started from the built products folder beside the test binary.
@Suite("onboard-sandbox executable")
struct SandboxExecutableTests {
    /// `onboard-sandbox` in the products folder of the running test binary.
    static func executable() throws -> URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folders = [testBinary.deletingLastPathComponent()]
        // macOS runs tests from inside an .xctest bundle (Contents/MacOS).
        folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for folder in folders {
            let candidate = folder.appendingPathComponent("onboard-sandbox")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw LocalCloud.Failure(
            description: "onboard-sandbox is not built beside the tests (looked in \(folders.map(\.path))): "
                + "run `swift build --product onboard-sandbox` with the same build folder")
    }

    @Test("Starts, says where it listens, answers /sandbox/health, exits 0 on SIGTERM")
    func startHealthStop() async throws {
        let cloud = try LocalCloud.current()
        let child = try ChildProcess(try Self.executable(), ["--moto-url", cloud.motoURL])
        defer { child.send(SIGKILL) }

        // The time limits bound a hang; how fast it starts is measured, not asserted here.
        let listening = await child.waitForOutput(containing: "onboard-sandbox listening on ", timeout: 30)
        try #require(listening, "no `listening on` line in 30 s; output: \(child.standardOutputSoFar)")
        print("onboard-sandbox said where it listens \(String(format: "%.2f", Date().timeIntervalSince(child.started))) s after it was started")
        let line = try #require(
            child.standardOutputSoFar.split(separator: "\n").first { $0.hasPrefix("onboard-sandbox listening on ") })
        let url = String(line.dropFirst("onboard-sandbox listening on ".count)).trimmingCharacters(in: .whitespaces)
        #expect(url.wholeMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+/) != nil, "\(url)")
        #expect(url != cloud.sandboxURL)
        let health = try await cloud.http("GET", url + "/sandbox/health")
        #expect(health.status == 200)
        #expect(health.json["status"].string == "ok")

        child.send(SIGTERM)
        // Stopping closes moto's connection pool: seconds on a loaded machine.
        let ended = await child.finish(timeout: 60)
        #expect(!ended.signaled && ended.status == 0 && !ended.timedOut, "\(ended)")
    }
}
