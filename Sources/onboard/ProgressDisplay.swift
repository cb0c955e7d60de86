import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Progress on standard error: on a terminal one live line (done, failed, in flight, accounts
/// per minute, ETA) redrawn by a Dispatch timer; otherwise a plain line per account state change.
final class ProgressDisplay: @unchecked Sendable {
    enum Verbosity: Int { case quiet, normal, verbose }

    private let lock = NSLock()
    private let total: Int
    private let verbosity: Verbosity
    private let isTerminal: Bool
    private let started = Date()
    private var done = 0
    private var failed = 0
    private var inFlight = 0
    private var timer: (any DispatchSourceTimer)?

    init(total: Int, verbosity: Verbosity) {
        self.total = total
        self.verbosity = verbosity
        isTerminal = isatty(STDERR_FILENO) == 1
        if isTerminal && verbosity != .quiet {
            let timer = DispatchSource.makeTimerSource(queue: .global())
            timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
            timer.setEventHandler { [weak self] in self?.redraw() }
            timer.resume()
            self.timer = timer
        }
    }

    func accountStarted(_ accountID: String) {
        lock.withLock { inFlight += 1 }
        plain("\(accountID): started")
    }

    func accountFinished(_ accountID: String, failed isFailure: Bool, detail: String) {
        lock.withLock {
            inFlight -= 1
            done += 1
            if isFailure { failed += 1 }
        }
        plain("\(accountID): \(detail)")
    }

    func accountInterrupted(_ accountID: String) {
        lock.withLock { inFlight -= 1 }
        plain("\(accountID): interrupted at a safe point (resume with --resume)")
    }

    func note(_ text: String) {
        guard verbosity != .quiet else { return }
        write((isTerminal ? "\r\u{1B}[K" : "") + text + "\n")
    }

    /// Stops the live line and leaves the last state on screen.
    func finish() {
        timer?.cancel()
        timer = nil
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
        let line = lock.withLock { () -> String in
            let minutes = max(Date().timeIntervalSince(started) / 60, 1.0 / 60)
            let rate = Double(done) / minutes
            let left = total - done
            let eta = rate > 0 ? "\(Int(Double(left) / rate * 60)) s" : "-"
            return "\(done)/\(total) done, \(failed) failed, \(inFlight) in flight, \(String(format: "%.1f", rate)) accounts/min, ETA \(eta)"
        }
        write("\r\u{1B}[K" + line)
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
