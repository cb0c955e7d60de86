import Dispatch
import Foundation

/// A token bucket on Dispatch: admits `rate` requests a second on average, `burst` at once.
/// A caller over the rate is not blocked: its work is queued and started by a timer.
public final class TokenBucket: @unchecked Sendable {
    /// Requests per second.
    public let rate: Double
    /// Tokens the bucket holds when full.
    public let burst: Double
    private let queue = DispatchQueue(label: "onboard.token-bucket")
    private var tokens: Double
    private var updated: DispatchTime
    private var waiting: [@Sendable () -> Void] = []
    private var timerArmed = false

    public init(rate: Double, burst: Double? = nil) {
        self.rate = max(rate, 0.001)
        self.burst = max(1, burst ?? max(1, rate))
        tokens = self.burst
        updated = .now()
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
        let now = DispatchTime.now()
        tokens = min(burst, tokens + Double(now.uptimeNanoseconds - updated.uptimeNanoseconds) / 1e9 * rate)
        updated = now
        while !waiting.isEmpty && tokens >= 1 {
            tokens -= 1
            DispatchQueue.global().async(execute: waiting.removeFirst())
        }
        if !waiting.isEmpty && !timerArmed {
            timerArmed = true
            let wait = (1 - tokens) / rate
            queue.asyncAfter(deadline: .now() + wait) { [self] in
                timerArmed = false
                drain()
            }
        }
    }
}
