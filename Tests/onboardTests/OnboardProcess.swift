import Foundation
import TestSupport

/// Runs the built `onboard` binary, the way an operator or a scheduler does (a `ChildProcess`).
enum OnboardProcess {
    /// The package's root folder (Tests/onboardTests/<file> → three levels up).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `onboard` binary built next to this test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On Linux the test bundle is `<build>/debug/onboardPackageTests.xctest`; elsewhere it may
        // be a bundle folder, so walk up until a sibling `onboard` is found.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("onboard")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/onboard")
    }

    /// This process's environment without the local cloud's endpoint variables, which would
    /// redirect plans and whoami: tests that want an endpoint pass it explicitly.
    static var environmentWithoutEndpoints: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("AWS_ENDPOINT_URL") }
    }

    /// Starts `onboard arguments…` in `folder` (the package root by default) with exactly
    /// `environment`; with a `launcher` (a program and its options, such as
    /// `setpriv --reuid=…`), that program runs onboard.
    static func start(
        _ arguments: [String], in folder: URL = packageRoot, environment: [String: String], launcher: [String] = []
    ) throws -> ChildProcess {
        if let program = launcher.first {
            return try ChildProcess(
                URL(fileURLWithPath: program), Array(launcher.dropFirst()) + [executable.path] + arguments,
                environment: environment, directory: folder)
        }
        return try ChildProcess(executable, arguments, environment: environment, directory: folder)
    }

    /// Runs `onboard arguments…` in `folder` to its end, in this process's environment without
    /// the endpoint variables plus `environment`; killed after `timeout` seconds.
    static func run(
        _ arguments: [String], in folder: URL = packageRoot, environment: [String: String] = [:], timeout: Double = 120
    ) async throws -> ChildProcess.Output {
        let merged = environmentWithoutEndpoints.merging(environment) { $1 }
        return try await start(arguments, in: folder, environment: merged).finish(timeout: timeout)
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
