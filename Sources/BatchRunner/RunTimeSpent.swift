import Foundation
import Onboarding

/// Where a run's time went, per cause: seconds summed over every call and wait of every
/// account. Accounts run concurrently, so the sums are account-seconds and exceed the run's
/// wall time; their shares say which cause dominated.
///
/// `summary.json`'s `time_spent`; filled by ``TimeAccounting`` as the run goes.
public struct RunTimeSpent: Sendable, Hashable, Codable {
    /// Seconds requests waited for a token of a rate limit, by what it limits (`spot`: the
    /// `--spot-rps` bucket; `sts`: the operator's `--sts-rps` bucket).
    public var rateLimitWaits: [String: Double] = [:]
    /// Seconds the workflow waited for the clouds, by ``WorkflowWait`` (`stack`, `iam-propagation`,
    /// `bucket-policy`, `spot-account-reconcile`).
    public var workflowWaits: [String: Double] = [:]
    /// Seconds calls waited between attempts (retry backoff), by service.
    public var retryBackoff: [String: Double] = [:]
    /// Retries (attempts after a call's first), by service.
    public var retries: [String: Int] = [:]
    /// Seconds requests took from being sent to their answer, by service (waits for a rate
    /// limit's token left out: they are in ``rateLimitWaits``).
    public var requests: [String: Double] = [:]
    /// Attempts made, by service.
    public var attempts: [String: Int] = [:]
    /// Seconds accounts were in flight, summed over accounts (from each account's first step
    /// to its end): what the causes above share.
    public var accountSeconds: Double = 0

    /// Nothing spent yet.
    public init() {}

    /// Seconds per cause, largest first: `Spot rate limit`, `waits for stacks`, `retry backoff`,
    /// … (the causes the run's result line names).
    public var causes: [(cause: String, seconds: Double)] {
        var causes: [(cause: String, seconds: Double)] = []
        for (limit, seconds) in rateLimitWaits { causes.append((cause: "\(limit) rate limit", seconds: seconds)) }
        for (wait, seconds) in workflowWaits { causes.append((cause: "waits for \(wait)", seconds: seconds)) }
        causes.append((cause: "retry backoff", seconds: retryBackoff.values.reduce(0, +)))
        causes.append((cause: "requests", seconds: requests.values.reduce(0, +)))
        return causes.filter { $0.seconds > 0 }.sorted { $0.seconds > $1.seconds || ($0.seconds == $1.seconds && $0.cause < $1.cause) }
    }

    /// These sums with ``accountSeconds`` set from the accounts' start and end.
    public func withAccountSeconds(of results: [AccountResult]) -> RunTimeSpent {
        withAccountSeconds(results.reduce(0) { $0 + Self.accountSeconds(of: $1) })
    }

    /// This, with `seconds` as the accounts' time in flight.
    public func withAccountSeconds(_ seconds: Double) -> RunTimeSpent {
        var spent = self
        spent.accountSeconds = seconds
        return spent
    }

    /// The seconds `result`'s account was in flight (0 when it did not start or end).
    public static func accountSeconds(of result: AccountResult) -> Double {
        guard let started = result.started, let finished = result.finished else { return 0 }
        return max(0, finished.timeIntervalSince(started))
    }

    enum CodingKeys: String, CodingKey {
        case rateLimitWaits = "rate_limit_waits"
        case workflowWaits = "workflow_waits"
        case retryBackoff = "retry_backoff"
        case retries
        case requests
        case attempts
        case accountSeconds = "account_seconds"
    }
}

extension RunTimeSpent {
    /// One line for the run's result: each cause's seconds and share of the accounts' time in
    /// flight, largest first (`spot rate limit 1200 s (31 %), waits for stack 900 s (23 %), …`).
    public var sentence: String {
        let parts = causes.map { "\($0.cause) \(Self.seconds($0.seconds))\(share($0.seconds))" }
        let total = "over \(Self.seconds(accountSeconds)) of accounts in flight"
        return parts.isEmpty ? "nothing waited or sent \(total)" : parts.joined(separator: ", ") + " " + total
    }

    /// ` (31 %)`: `seconds` as a share of ``accountSeconds``; empty when that is 0.
    func share(_ seconds: Double) -> String {
        guard accountSeconds > 0 else { return "" }
        let percent = seconds / accountSeconds * 100
        return " (\(percent >= 10 || percent == 0 ? String(Int(percent.rounded())) : String(format: "%.1f", percent)) %)"
    }

    /// `1234 s`, or `0.25 s` under ten seconds.
    static func seconds(_ value: Double) -> String {
        value >= 10 ? "\(Int(value.rounded())) s" : String(format: "%.2f s", value)
    }

    /// Rows for a table of the time by cause and what it was spent on (a bucket, a wait, a
    /// service), with the retries or attempts counted where there are: rate limits, workflow
    /// waits, retry backoff, requests.
    public var rows: [(cause: String, detail: String, seconds: Double, count: Int?)] {
        var rows: [(cause: String, detail: String, seconds: Double, count: Int?)] = []
        for (service, seconds) in rateLimitWaits.sorted(by: { $0.key < $1.key }) {
            rows.append((cause: "rate limit", detail: service, seconds: seconds, count: nil))
        }
        for (cause, seconds) in workflowWaits.sorted(by: { $0.key < $1.key }) {
            rows.append((cause: "workflow wait", detail: cause, seconds: seconds, count: nil))
        }
        for (service, seconds) in retryBackoff.sorted(by: { $0.key < $1.key }) {
            rows.append((cause: "retry backoff", detail: service, seconds: seconds, count: retries[service]))
        }
        for (service, seconds) in requests.sorted(by: { $0.key < $1.key }) {
            rows.append((cause: "requests", detail: service, seconds: seconds, count: attempts[service]))
        }
        return rows
    }
}
