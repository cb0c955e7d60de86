import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program run by a test: the one way every test target starts a child process (the built
/// `onboard`, `moto_server`, `cfn-lint`, `scripts/local-cloud`, a shell holding a lock).
///
/// Nothing here blocks a thread of Swift's cooperative pool or of Dispatch's global queues
/// (on Linux both run on libdispatch's few worker threads, so a blocking read there starves
/// every parallel test's `Task.sleep`): each output stream is read on a thread of its own,
/// both at once (so a child filling one pipe cannot deadlock against a reader waiting on the
/// other), and the exit arrives through the termination handler.
public final class ChildProcess: Sendable {
    /// How a child ended, and all it wrote.
    public struct Output: Sendable, CustomStringConvertible {
        /// The exit status, or the signal's number when ``signaled``.
        public var status: Int32
        /// Ended by a signal.
        public var signaled: Bool
        /// Killed (SIGKILL) because it ran past its time limit.
        public var timedOut: Bool
        public var standardOutput: String
        public var standardError: String
        /// Seconds from start to end.
        public var seconds: Double

        public var description: String {
            "exit \(signaled ? "by signal " : "")\(status)\(timedOut ? " (timed out: killed)" : "") after \(String(format: "%.1f", seconds)) s\n--- stdout\n\(standardOutput)\n--- stderr\n\(standardError)"
        }
    }

    /// The program could not be started.
    public struct LaunchFailure: Error, CustomStringConvertible {
        public var description: String
    }

    private struct State {
        var output: [UInt8] = []
        var errors: [UInt8] = []
        var streamsOpen = 2
        var exit: (status: Int32, signaled: Bool)?
        var killedForTime = false
        /// Waiting for the exit and both streams' ends.
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
        /// Waiting for output to change (or the child to end).
        var outputWaiters: [CheckedContinuation<Void, Never>] = []

        var ended: Bool { exit != nil && streamsOpen == 0 }
    }

    /// The state the reader threads, the termination handler and the waiters share.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    private let process: Process
    private let shared = Shared()
    /// When the child was started.
    public let started = Date()

    /// Where the child's stdout and stderr go.
    public enum Streams: Sendable {
        /// Read into ``Output`` (and ``standardOutputSoFar``).
        case captured
        /// To /dev/null: for a child that leaves grandchildren holding its streams open, such
        /// as `scripts/local-cloud up`, or one whose output nobody reads.
        case discarded
        /// Both appended to this file (a server's log).
        case logFile(URL)
    }

    /// Starts `executable arguments…`.
    /// - Parameters:
    ///   - environment: the child's whole environment (nil: this process's).
    ///   - directory: its working folder (nil: this process's).
    ///   - streams: where its stdout and stderr go (captured by default).
    public init(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        streams: Streams = .captured
    ) throws(LaunchFailure) {
        let process = Process()
        self.process = process
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        var pipes: [(Pipe, Bool)] = []
        var log: FileHandle?
        switch streams {
        case .captured:
            pipes = [(Pipe(), true), (Pipe(), false)]
            process.standardOutput = pipes[0].0
            process.standardError = pipes[1].0
        case .discarded:
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            shared.state.withLock { $0.streamsOpen = 0 }
        case .logFile(let url):
            if !FileManager.default.fileExists(atPath: url.path) {
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            }
            guard let handle = try? FileHandle(forWritingTo: url) else {
                throw LaunchFailure(description: "cannot open \(url.path) for \(executable.path)'s output")
            }
            _ = try? handle.seekToEnd()
            log = handle
            process.standardOutput = handle
            process.standardError = handle
            shared.state.withLock { $0.streamsOpen = 0 }
        }
        defer { try? log?.close() }
        process.terminationHandler = { [shared] finished in
            let waiters = shared.state.withLock { state in
                state.exit = (finished.terminationStatus, finished.terminationReason == .uncaughtSignal)
                return Self.takeWaiters(&state)
            }
            waiters.forEach { $0.resume() }
        }
        do {
            try process.run()
        } catch {
            throw LaunchFailure(description: "cannot run \(executable.path): \(error)")
        }
        for (pipe, isOutput) in pipes {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [shared] in
                while true {
                    let chunk = handle.availableData
                    let waiters = shared.state.withLock { state in
                        if chunk.isEmpty {
                            state.streamsOpen = max(0, state.streamsOpen - 1)
                        } else if isOutput {
                            state.output.append(contentsOf: chunk)
                        } else {
                            state.errors.append(contentsOf: chunk)
                        }
                        return Self.takeWaiters(&state)
                    }
                    waiters.forEach { $0.resume() }
                    if chunk.isEmpty { break }
                }
                try? handle.close()
            }
        }
    }

    /// Starts `program` looked up on the `PATH` (through `/usr/bin/env`).
    public convenience init(
        program: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil
    ) throws(LaunchFailure) {
        try self.init(URL(fileURLWithPath: "/usr/bin/env"), [program] + arguments, environment: environment, directory: directory)
    }

    /// Runs `program` (looked up on the `PATH`) to its end; after `timeout` seconds it is killed.
    public static func run(
        _ program: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        timeout: Double
    ) async throws(LaunchFailure) -> Output {
        try await ChildProcess(program: program, arguments, environment: environment, directory: directory)
            .finish(timeout: timeout)
    }

    /// The child's process id.
    public var pid: Int32 { process.processIdentifier }

    /// The exit status (or the signal's number) once the child exited.
    public var exitStatus: Int32? { shared.state.withLock { $0.exit?.status } }

    /// Whether the child has not exited yet.
    public var isRunning: Bool { shared.state.withLock { $0.exit == nil } }

    /// What the child wrote to stdout so far.
    public var standardOutputSoFar: String { shared.state.withLock { String(decoding: $0.output, as: UTF8.self) } }

    /// Sends `signal` to the child (by its pid, only while it has not exited).
    public func send(_ signal: Int32) {
        let pid = pid
        shared.state.withLock { state in
            if state.exit == nil { _ = kill(pid, signal) }
        }
    }

    /// Waits until stdout contains `text` (true), or the child ended or `timeout` passed (false).
    public func waitForOutput(containing text: String, timeout: Double) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        armDeadline(timeout, kill: false)
        while true {
            let (found, over) = shared.state.withLock { state in
                (String(decoding: state.output, as: UTF8.self).contains(text), state.ended)
            }
            if found { return true }
            if over || Date() >= deadline { return false }
            await withCheckedContinuation { continuation in
                let resumeNow = shared.state.withLock { state -> Bool in
                    // Re-checked under the lock: output may have arrived since.
                    if String(decoding: state.output, as: UTF8.self).contains(text) || state.ended { return true }
                    state.outputWaiters.append(continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }

    /// Waits for the child's end and both its streams' ends; after `timeout` seconds it is
    /// killed (SIGKILL) and marked timed out.
    public func finish(timeout: Double = 300) async -> Output {
        armDeadline(timeout, kill: true)
        await withCheckedContinuation { continuation in
            let resumeNow = shared.state.withLock { state -> Bool in
                if state.ended { return true }
                state.finishWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
        return shared.state.withLock { state in
            Output(
                status: state.exit?.status ?? -1, signaled: state.exit?.signaled ?? false, timedOut: state.killedForTime,
                standardOutput: String(decoding: state.output, as: UTF8.self),
                standardError: String(decoding: state.errors, as: UTF8.self), seconds: Date().timeIntervalSince(started))
        }
    }

    // MARK: - Private

    /// After `seconds`, wakes whoever waits for output; with `kill`, a child still running is
    /// killed (SIGKILL) and marked timed out, and 5 s later its streams count as ended even if
    /// a grandchild still holds them open.
    private func armDeadline(_ seconds: Double, kill shouldKill: Bool) {
        let pid = pid
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [shared] in
            let waiters = shared.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                if shouldKill, state.exit == nil {
                    state.killedForTime = true
                    _ = kill(pid, SIGKILL)
                }
                let waiting = state.outputWaiters
                state.outputWaiters = []
                return waiting
            }
            waiters.forEach { $0.resume() }
            guard shouldKill else { return }
            DispatchQueue.global().asyncAfter(deadline: .now() + 5) { [shared] in
                let waiters = shared.state.withLock { state -> [CheckedContinuation<Void, Never>] in
                    guard state.exit != nil else { return [] }
                    state.streamsOpen = 0
                    return Self.takeWaiters(&state)
                }
                waiters.forEach { $0.resume() }
            }
        }
    }

    /// The waiters to wake after a change: every output waiter, and the finish waiters once
    /// the child ended.
    private static func takeWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        var waking = state.outputWaiters
        state.outputWaiters = []
        if state.ended {
            waking += state.finishWaiters
            state.finishWaiters = []
        }
        return waking
    }
}
