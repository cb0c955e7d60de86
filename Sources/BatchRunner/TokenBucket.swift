import Dispatch
import Foundation
import HTTPCore

/// A token bucket on Dispatch: admits `rate` requests a second on average, `burst` at once.
/// A caller over the rate is not blocked: its work is queued and started by a timer of the
/// injected clock (tests use a manual one, so pacing is checked without waiting).
///
/// `@unchecked Sendable`: every mutable property is read and written on `queue` only.
public final class TokenBucket: @unchecked Sendable {
    /// Requests per second.
    public let rate: Double
    /// Tokens the bucket holds when full.
    public let burst: Double
    private let clock: any ServiceClock
    private let queue = DispatchQueue(label: "onboard.token-bucket")
    private var tokens: Double
    private var updated: Date
    /// Work waiting for a token, oldest first from `next` on (a queue without O(n) removals).
    private var waiting: [@Sendable () -> Void] = []
    private var next = 0
    private var timerArmed = false

    public init(rate: Double, burst: Double? = nil, clock: any ServiceClock = SystemClock()) {
        self.rate = max(rate, 0.001)
        self.burst = max(1, burst ?? max(1, rate))
        self.clock = clock
        tokens = self.burst
        updated = clock.now()
    }

    /// Runs `work` (on a Dispatch worker) as soon as a token is free.
    public func admit(_ work: @escaping @Sendable () -> Void) {
        queue.async { [self] in
            waiting.append(work)
            drain()
        }
    }

    /// Hands out tokens to waiters in order; arms a timer for the next token. On `queue`.
    private func drain() {
        let now = clock.now()
        tokens = min(burst, tokens + max(0, now.timeIntervalSince(updated)) * rate)
        updated = now
        // A token is whole within a micro-token: clock readings (Date) are not exact, and a
        // shortfall smaller than a clock tick would otherwise re-arm the timer forever.
        while next < waiting.count && tokens >= 1 - 1e-6 {
            tokens -= 1
            DispatchQueue.global().async(execute: waiting[next])
            next += 1
        }
        if next == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            next = 0
        } else if next >= 1024 && next * 2 >= waiting.count {
            waiting.removeFirst(next)  // compacts now and then: amortised O(1) per waiter
            next = 0
        }
        if next < waiting.count && !timerArmed {
            timerArmed = true
            let wait = max((1 - tokens) / rate, 0.001)
            let clock = clock
            Task { [self] in
                try? await clock.sleep(seconds: wait)
                queue.async { [self] in
                    timerArmed = false
                    drain()
                }
            }
        }
    }
}
