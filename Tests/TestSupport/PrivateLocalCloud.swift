import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local cloud of a test's own: `scripts/local-cloud up` in a private folder, on free ports,
/// for tests that load it heavily or change it for everyone (clearing faults, revoking tokens).
/// The one launcher of the local cloud in the tests; the shared one is started by
/// `scripts/test`.
public struct PrivateLocalCloud: Sendable {
    /// The private folder (`LOCAL_CLOUD_DIR`: pids, logs, the printed environment).
    public let folder: URL
    /// Its environment: this process's, with the local cloud's exports in place of the shared one's.
    public let environment: LocalCloudEnvironment

    /// The launch did not succeed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts one: `<packageRoot>/scripts/local-cloud up` with `sandbox` as its onboard-sandbox,
    /// then waits for both servers (the script writes its exports to `<folder>/env` once they
    /// answer; the file is polled, no thread is held). A launch whose script gives up by itself
    /// (a server that did not answer in time on a loaded machine, a free port taken before its
    /// server bound it), or that wrote nothing within `timeout` seconds, is stopped (the script and
    /// the servers it started) and tried again, up to `attempts` times; the failure names what the script
    /// and the two servers printed last.
    public static func start(
        packageRoot: URL, sandbox: URL, timeout: Double = 120, attempts: Int = 3
    ) async throws -> PrivateLocalCloud {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("onboard-local-cloud-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var variables = ProcessInfo.processInfo.environment
        variables["LOCAL_CLOUD_DIR"] = folder.path
        variables["ONBOARD_SANDBOX"] = sandbox.path
        let script = packageRoot.appendingPathComponent("scripts/local-cloud")
        let envFile = folder.appendingPathComponent("env").path
        let launchLog = folder.appendingPathComponent("up.log")
        var reasons: [String] = []
        for attempt in 1...max(1, attempts) {
            if attempt > 1 { try await Task.sleep(for: .seconds(1)) }
            try? FileManager.default.removeItem(at: launchLog)
            let up = try ChildProcess(
                URL(fileURLWithPath: "/bin/bash"), [script.path, "up"], environment: variables, directory: packageRoot,
                streams: .logFile(launchLog))
            let deadline = Date().addingTimeInterval(timeout)
            var text = ""
            while !text.contains("LOCAL_CLOUD_SANDBOX_URL="), Date() < deadline {
                try await Task.sleep(for: .milliseconds(100))
                text = (try? String(contentsOfFile: envFile, encoding: .utf8)) ?? ""
                if !text.contains("LOCAL_CLOUD_SANDBOX_URL="), let status = up.exitStatus {
                    reasons.append("attempt \(attempt): scripts/local-cloud up exited with \(status) before writing \(envFile)")
                    break
                }
            }
            if text.contains("LOCAL_CLOUD_SANDBOX_URL=") {
                var exported = variables.filter { !$0.key.hasPrefix("AWS_") && !$0.key.hasPrefix("SPOTINST_") }
                for line in text.split(separator: "\n") where line.hasPrefix("export ") {
                    let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1).map(String.init)
                    if pair.count == 2 { exported[pair[0]] = pair[1] }
                }
                return PrivateLocalCloud(folder: folder, environment: try LocalCloudEnvironment.current(exported))
            }
            if up.exitStatus == nil {
                up.send(SIGKILL)
                reasons.append("attempt \(attempt): scripts/local-cloud up wrote no \(envFile) within \(Int(timeout)) s")
            }
            reasons.append(contentsOf: logTails(in: folder))
            stopServers(in: folder)
        }
        try? FileManager.default.removeItem(at: folder)
        throw Failure(description: reasons.joined(separator: "\n"))
    }

    /// The last lines of the launch's own log and of the two servers' logs, for a failure message.
    private static func logTails(in folder: URL) -> [String] {
        ["up.log", "moto.log", "sandbox.log"].compactMap { name in
            guard let text = try? String(contentsOfFile: folder.appendingPathComponent(name).path, encoding: .utf8),
                !text.isEmpty
            else { return nil }
            let tail = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(8)
                .filter { !$0.hasPrefix("export ") }  // the exports hold the local cloud's fake tokens
            return "  \(name): " + tail.joined(separator: "\n    ")
        }
    }

    /// Stops the two servers (the pids `scripts/local-cloud up` recorded): onboard-sandbox with
    /// SIGTERM (it stops at once), moto with SIGKILL (it holds nothing worth saving, and may never
    /// honour SIGTERM: such a server outlived its test); then removes the folder.
    public func stop() {
        Self.stopServers(in: folder)
        try? FileManager.default.removeItem(at: folder)
    }

    private static func stopServers(in folder: URL) {
        for (name, signal) in [("sandbox.pid", SIGTERM), ("moto.pid", SIGKILL)] {
            if let text = try? String(contentsOfFile: folder.appendingPathComponent(name).path, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
            {
                kill(pid, signal)
            }
        }
    }
}
