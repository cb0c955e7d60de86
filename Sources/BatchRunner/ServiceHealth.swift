import AWSKit
import Foundation
import HTTPCore
import Synchronization

/// Watches every attempt of every call of a batch (a ``CallObserver``) and closes admission
/// (an ``AdmissionGate``) when going on would only fail accounts one by one:
///
/// - **A failing service**: in each of the last ``periods`` periods of ``period`` seconds (a
///   minute by default), most attempts to one service ended in a passing fault (throttling,
///   5xx, timeout, dropped connection), with at least ``minimumAttempts`` attempts in all.
///   Accounts in flight go on (their calls keep retrying within their own budget).
/// - **Refused credentials**: Spot answered 401 (a token revoked or expired mid-run; the
///   preflight proved it worked at the start). Accounts in flight fail at their next Spot call
///   with that reason.
///
/// Time comes from the injected clock, so tests drive it.
public final class ServiceHealth: CallObserver, AdmissionGate {
    /// Seconds in one period.
    public let period: Double
    /// Periods that must all be mostly failures.
    public let periods: Int
    /// Attempts over all the periods below which nothing trips (a quiet service is not failing).
    public let minimumAttempts: Int

    private let clock: any ServiceClock
    private let state = Mutex(State())

    private struct Tally {
        var attempts = 0
        var faults = 0
    }

    private struct State {
        /// Per service: tallies by period number (time / period).
        var tallies: [String: [Int: Tally]] = [:]
        var tripped: BatchOutcome.StopReason?
    }

    /// - Parameters:
    ///   - clock: the time attempts are filed under.
    ///   - period: seconds in a period (10).
    ///   - periods: consecutive periods of mostly failures that trip (6: a minute).
    ///   - minimumAttempts: attempts in those periods below which nothing trips (20).
    public init(clock: any ServiceClock = SystemClock(), period: Double = 10, periods: Int = 6, minimumAttempts: Int = 20) {
        self.clock = clock
        self.period = max(0.001, period)
        self.periods = max(1, periods)
        self.minimumAttempts = max(1, minimumAttempts)
    }

    /// An observer for one Spot profile's client: its attempts are filed under `spot`, and a
    /// 401 names the profile.
    public func spotObserver(profile: String) -> any CallObserver {
        ProfileObserver(health: self, profile: profile)
    }

    public func attemptEnded(_ attempt: CallAttempt) {
        record(attempt, profile: nil)
    }

    public func stopReason() -> BatchOutcome.StopReason? {
        state.withLock { $0.tripped }
    }

    fileprivate func record(_ attempt: CallAttempt, profile: String?) {
        let now = clock.now().timeIntervalSince1970
        let current = Int((now / period).rounded(.down))
        state.withLock { state in
            guard state.tripped == nil else { return }
            if attempt.outcome == .unauthorized, attempt.service == "spot" {
                let who = profile.map { "the token of Spot profile '\($0)'" } ?? "the Spot token"
                state.tripped = .credentialsRejected(
                    service: "Spot", detail: "\(who) was refused with HTTP 401 at \(attempt.operation): revoked or expired")
                return
            }
            var tallies = state.tallies[attempt.service] ?? [:]
            var tally = tallies[current] ?? Tally()
            tally.attempts += 1
            if attempt.outcome == .transientFault { tally.faults += 1 }
            tallies[current] = tally
            // Keep only the periods that can still count.
            for key in tallies.keys where key <= current - periods { tallies[key] = nil }
            state.tallies[attempt.service] = tallies
            if let detail = failing(tallies, current: current) {
                state.tripped = .serviceFailing(service: attempt.service, detail: detail)
            }
        }
    }

    /// Why the service with `tallies` counts as failing at period `current`, or nil. The
    /// current period counts once it holds attempts; each of the others must have some.
    private func failing(_ tallies: [Int: Tally], current: Int) -> String? {
        var attempts = 0
        var faults = 0
        for number in (current - periods + 1)...current {
            guard let tally = tallies[number], tally.attempts > 0, tally.faults * 2 > tally.attempts else { return nil }
            attempts += tally.attempts
            faults += tally.faults
        }
        guard attempts >= minimumAttempts else { return nil }
        let seconds = Int((period * Double(periods)).rounded())
        return "\(faults) of \(attempts) attempts in the last \(seconds) s were throttled, 5xx, timed out or dropped"
    }
}

/// Files a Spot client's attempts with its profile.
private struct ProfileObserver: CallObserver {
    let health: ServiceHealth
    let profile: String

    func attemptEnded(_ attempt: CallAttempt) {
        health.record(attempt, profile: profile)
    }
}
