import Foundation

/// The SDKs' standard retry mode: exponential backoff with full jitter, a cap on attempts and
/// on total time, `Retry-After` honoured.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int = 3
    /// The first backoff's upper bound, in seconds; doubled each attempt.
    public var baseDelay: Double = 1
    /// No single backoff exceeds this, in seconds.
    public var maximumDelay: Double = 20
    /// No call retries past this many seconds from its first attempt.
    public var maximumTotalTime: Double = 120

    public init(maximumAttempts: Int = 3, baseDelay: Double = 1, maximumDelay: Double = 20, maximumTotalTime: Double = 120) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumTotalTime = maximumTotalTime
    }

    /// The wait before attempt `attempt + 1` after `attempt` failed (attempts count from 1).
    ///
    /// - Parameters:
    ///   - randomUnit: a number in [0, 1) (injected, so tests are deterministic).
    ///   - retryAfter: the server's `Retry-After`, in seconds, which wins when given.
    public func delay(afterAttempt attempt: Int, randomUnit: Double, retryAfter: Double?) -> Double {
        if let retryAfter { return min(max(0, retryAfter), maximumDelay) }
        let ceiling = min(maximumDelay, baseDelay * Double(1 << min(max(attempt - 1, 0), 30)))
        return randomUnit * ceiling
    }

    /// Parses a `Retry-After` header given in seconds.
    public static func retryAfterSeconds(_ header: String?) -> Double? {
        guard let header, let seconds = Double(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return seconds
    }
}
