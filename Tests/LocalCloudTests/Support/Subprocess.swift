import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to the end without holding a thread of the cooperative pool: its output goes
/// to temporary files, and its exit arrives through the termination handler.
enum Subprocess {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Both streams, for failure messages.
        var output: String { "--- stdout ---\n\(stdout)\n--- stderr ---\n\(stderr)" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `program` (looked up on the PATH) with `arguments`; kills it (SIGKILL) and throws
    /// when it runs longer than `timeout` seconds.
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: URL? = nil,
        timeout: Double
    ) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lc-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err

        let exited = Exited()
        let status: Int32? = try await withCheckedThrowingContinuation { continuation in
            exited.arm(continuation)
            process.terminationHandler = { finished in exited.finish(finished.terminationStatus) }
            do {
                try process.run()
            } catch {
                exited.fail(Failure(description: "cannot run \(program): \(error)"))
                return
            }
            let id = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if exited.timeOut() { kill(id, SIGKILL) }
            }
        }
        try? out.close()
        try? err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        guard let status else {
            throw Failure(description: "\(program) ran longer than \(timeout) s and was killed:\n\(stdout)\n\(stderr)")
        }
        return Result(status: status, stdout: stdout, stderr: stderr)
    }

    /// The one resumption of the run's continuation: the exit status, nil on a time-out, or an error.
    private final class Exited: Sendable {
        private let state = Mutex<(continuation: CheckedContinuation<Int32?, any Error>?, done: Bool)>((nil, false))

        func arm(_ continuation: CheckedContinuation<Int32?, any Error>) {
            state.withLock { $0.continuation = continuation }
        }

        func finish(_ status: Int32) {
            take()?.resume(returning: status)
        }

        func fail(_ error: any Error) {
            take()?.resume(throwing: error)
        }

        /// Resumes with nil when the process has not exited yet; true when it must be killed.
        func timeOut() -> Bool {
            guard let continuation = take() else { return false }
            continuation.resume(returning: nil)
            return true
        }

        private func take() -> CheckedContinuation<Int32?, any Error>? {
            state.withLock { state in
                guard !state.done, let continuation = state.continuation else { return nil }
                state.done = true
                state.continuation = nil
                return continuation
            }
        }
    }
}
