import Dispatch
import Foundation
import Onboarding
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The batch's progress on standard error, as it hears the runner's events: on a terminal one
/// live line (done, failed, in flight, accounts per minute, ETA) redrawn by a Dispatch timer;
/// otherwise a plain line per account state change; with `.verbose`, a line per step too.
public final class ProgressDisplay: BatchEvents {
    /// How much it says.
    public enum Verbosity: Int, Sendable {
        /// Nothing but what ``note(_:)`` is never asked for: silent.
        case quiet
        /// Account state changes (or the live line on a terminal).
        case normal
        /// Every step of every account, and account state changes even on a terminal.
        case verbose
    }

    private struct Counts {
        var done = 0
        var failed = 0
        var inFlight = 0
    }

    private let counts = Mutex(Counts())
    private let total: Int
    private let verbosity: Verbosity
    private let isTerminal: Bool
    private let started = Date()
    /// The live line's timer, on a terminal only; cancelled by ``finish()``.
    private let timer: Mutex<(any DispatchSourceTimer)?>

    /// A display for a batch of `total` accounts.
    public init(total: Int, verbosity: Verbosity) {
        self.total = total
        self.verbosity = verbosity
        isTerminal = isatty(STDERR_FILENO) == 1
        timer = Mutex(isTerminal && verbosity != .quiet ? DispatchSource.makeTimerSource(queue: .global()) : nil)
        timer.withLock { source in
            source?.schedule(deadline: .now() + 0.5, repeating: 0.5)
            source?.setEventHandler { [weak self] in self?.redraw() }
            source?.resume()
        }
    }

    public func accountStarted(_ accountID: String) {
        counts.withLock { $0.inFlight += 1 }
        plain("\(accountID): started")
    }

    public func stepFinished(_ accountID: String, record: StepRecord, outputs: AccountOutputs) {
        guard verbosity == .verbose else { return }
        note("\(accountID): \(record.step.rawValue) \(record.status.rawValue) (\(String(format: "%.2f", record.duration)) s): \(record.detail)")
    }

    public func outputsRecorded(_ accountID: String, outputs: AccountOutputs) {}

    public func accountFinished(_ result: AccountResult) {
        let isFailure = result.status == .failed
        counts.withLock { counts in
            counts.inFlight -= 1
            counts.done += 1
            if isFailure { counts.failed += 1 }
        }
        let detail = result.status == .connected
            ? "connected (Spot account \(result.outputs.spotAccountID ?? "-"))"
            : result.status.endedAsAsked ? result.status.rawValue
            : "failed at \(result.error?.step.rawValue ?? "?"): \(result.error?.code.rawValue ?? "") \(result.error?.message ?? "")"
        plain("\(result.accountID): \(detail)")
    }

    public func accountInterrupted(_ accountID: String) {
        counts.withLock { $0.inFlight -= 1 }
        plain("\(accountID): interrupted at a safe point (resume with --resume)")
    }

    /// A line of its own (above the live line on a terminal), unless quiet.
    public func note(_ text: String) {
        guard verbosity != .quiet else { return }
        write((isTerminal ? "\r\u{1B}[K" : "") + text + "\n")
    }

    /// Stops the live line and leaves the last state on screen.
    public func finish() {
        let source = timer.withLock { timer in
            defer { timer = nil }
            return timer
        }
        source?.cancel()
        if isTerminal && verbosity != .quiet {
            redraw()
            write("\n")
        }
    }

    private func plain(_ text: String) {
        guard verbosity != .quiet, !isTerminal || verbosity == .verbose else { return }
        note(text)
    }

    private func redraw() {
        let line = counts.withLock { counts -> String in
            let minutes = max(Date().timeIntervalSince(started) / 60, 1.0 / 60)
            let rate = Double(counts.done) / minutes
            let left = total - counts.done
            let eta = rate > 0 ? "\(Int(Double(left) / rate * 60)) s" : "-"
            return "\(counts.done)/\(total) done, \(counts.failed) failed, \(counts.inFlight) in flight, \(String(format: "%.1f", rate)) accounts/min, ETA \(eta)"
        }
        write("\r\u{1B}[K" + line)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
