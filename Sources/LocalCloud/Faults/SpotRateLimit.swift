import Foundation

/// Spot's API rate limit, as its documentation tells it (docs-spot.flexera.com, "Spot API
/// Administration", section "Rate Limit"): a limit on the requests made "every 60 seconds",
/// kept per Spot organization, API route and request type; "additional requests are blocked
/// (HTTP status 429 too many requests)"; responses carry `X-RateLimit-Remaining`, the requests
/// left before the limit for the last 60 seconds; automated clients should retry with
/// exponential backoff. Its worked example is a sliding window: with a limit of 3, requests at
/// 0:05, 0:10 and 0:15 pass, one at 0:20 is blocked, one at 1:07 passes "because more than 60
/// seconds have passed since the first request".
///
/// Not published, so left to the rule rather than invented: the limit itself (the page gives
/// none; a rule sets `limit` and `windowSeconds`), whether blocked requests count in the window
/// (the page's note says requests sent while blocked delay the reset, its example counts only
/// those that passed: `countsRefused` picks), the 429's body (the sandbox uses Spot's error
/// envelope, code `TOO_MANY_REQUESTS`), and `Retry-After` (the page names none: sent only when
/// the rule's `retryAfterSeconds` says so). onboard paces itself under the limit (`--spot-rps`)
/// and retries a 429 with full-jitter exponential backoff, honouring a `Retry-After` when one
/// comes, so it works with either answer.
struct SpotRateLimit: Sendable {
    /// What the limit says of one request.
    enum Verdict: Sendable, Equatable {
        /// Under the limit: `remaining` more may pass in the window (`X-RateLimit-Remaining`).
        case admitted(remaining: Int)
        /// Over the limit: answer 429 (with `Retry-After` when set).
        case refused(retryAfterSeconds: Double?)
    }

    let limit: Int
    let window: Double
    let countsRefused: Bool
    /// When the counted requests came, oldest first from `start` on.
    private var times: [Date] = []
    private var start = 0

    init(rule: FaultRule) {
        limit = max(0, rule.limit ?? 0)
        window = max(0.001, rule.windowSeconds ?? 60)
        countsRefused = rule.countsRefused ?? false
    }

    /// Counts a request made at `now` and says whether it passes.
    mutating func admit(at now: Date) -> Verdict {
        while start < times.count, now.timeIntervalSince(times[start]) >= window { start += 1 }
        if start > 512, start * 2 > times.count {
            times.removeFirst(start)
            start = 0
        }
        let counted = times.count - start
        guard counted < limit else {
            if countsRefused { times.append(now) }
            return .refused(retryAfterSeconds: nil)
        }
        times.append(now)
        return .admitted(remaining: limit - counted - 1)
    }
}
