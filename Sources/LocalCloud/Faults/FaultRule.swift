import Foundation
/// One fault the sandbox injects: which requests it matches and what it does to them.
///
/// A rule matches a request when every field it sets matches (an unset field matches all). It
/// fires on every match, on the first `count` matches, or with `probability` (both: at most
/// `count` times, each time with `probability`).
public struct FaultRule: Sendable, Hashable, Codable {
    /// What a fired rule does.
    public enum Action: String, Sendable, Hashable, Codable {
        /// Waits `latencySeconds` before handling the request normally.
        case latency
        /// The service's own throttling error (query 400 `Throttling`, JSON 400
        /// `ThrottlingException`, S3 503 `SlowDown`, Spot 429 with `Retry-After`).
        case throttle
        /// HTTP 500 in the service's error format.
        case error500 = "error-500"
        /// HTTP 503 in the service's error format.
        case error503 = "error-503"
        /// Closes the connection without answering.
        case drop
        /// `CreateStack`/`UpdateStack`: the stack reads `*_IN_PROGRESS` for `stackSeconds`, then
        /// completes.
        case stackInProgress = "stack-in-progress"
        /// `CreateStack`: the stack ends `ROLLBACK_COMPLETE`, with `reason` in its events.
        case stackRollback = "stack-rollback"
        /// `CreateStack`: the stack ends `ROLLBACK_FAILED`, with `reason` in its events.
        case stackRollbackFailed = "stack-rollback-failed"
        /// Spot's `SetCredentials` for a role in `account`: the role stays unusable for
        /// `propagationSeconds` after its creation (IAM propagation), instead of the sandbox's
        /// default. Not a per-request fault: it shapes every call for that account.
        case iamPropagation = "iam-propagation"
        /// Spot's API rate limit: at most `limit` requests of a Spot organization (the token's)
        /// in any `windowSeconds` (60 unless set); the requests over it are answered 429. Not a
        /// per-request fault: it counts every Spot request with a valid token (see
        /// ``SpotRateLimit`` for the published behaviour and what is not published).
        case rateLimit = "rate-limit"
    }

    /// The SigV4 signing name (`sts`, `s3`, `cloudformation`, `cur`, …) or `spot`.
    public var service: String?
    /// The operation (`CreateStack`, `HeadBucket`, …; for Spot see ``SpotOperation``).
    public var operation: String?
    /// The AWS account the request is attributed to (for Spot: the AWS account the Spot
    /// account is linked to, or named in the role ARN).
    public var account: String?
    public var action: Action
    /// Fire with this probability (0…1); unset: always.
    public var probability: Double?
    /// Fire at most this many times; unset: no limit.
    public var count: Int?
    /// For `latency`.
    public var latencySeconds: Double?
    /// For `stack-in-progress`.
    public var stackSeconds: Double?
    /// For `stack-rollback` and `stack-rollback-failed`.
    public var reason: String?
    /// For `iam-propagation`.
    public var propagationSeconds: Double?
    /// For `rate-limit`: requests admitted per window.
    public var limit: Int?
    /// For `rate-limit`: the sliding window, in seconds (60 unless set, as Spot's).
    public var windowSeconds: Double?
    /// For `rate-limit`: true counts each route and method apart, as Spot's page says its limit
    /// is kept; unset or false: one count for the whole organization.
    public var perOperation: Bool?
    /// For `rate-limit`: true counts refused requests in the window too (the stricter reading
    /// of Spot's note that requests sent while blocked delay the reset).
    public var countsRefused: Bool?
    /// For `rate-limit`: a `Retry-After` (seconds) on each 429; unset: none (Spot publishes none).
    public var retryAfterSeconds: Double?

    public init(
        service: String? = nil, operation: String? = nil, account: String? = nil, action: Action,
        probability: Double? = nil, count: Int? = nil, latencySeconds: Double? = nil, stackSeconds: Double? = nil,
        reason: String? = nil, propagationSeconds: Double? = nil, limit: Int? = nil, windowSeconds: Double? = nil,
        perOperation: Bool? = nil, countsRefused: Bool? = nil, retryAfterSeconds: Double? = nil
    ) {
        self.service = service
        self.operation = operation
        self.account = account
        self.action = action
        self.probability = probability
        self.count = count
        self.latencySeconds = latencySeconds
        self.stackSeconds = stackSeconds
        self.reason = reason
        self.propagationSeconds = propagationSeconds
        self.limit = limit
        self.windowSeconds = windowSeconds
        self.perOperation = perOperation
        self.countsRefused = countsRefused
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// Whether the rule applies to a request, before counting and chance.
    func matches(service: String, operation: String, account: String?) -> Bool {
        if let wanted = self.service, wanted.caseInsensitiveCompare(service) != .orderedSame { return false }
        if let wanted = self.operation, wanted != operation { return false }
        if let wanted = self.account, wanted != account { return false }
        return true
    }
}
