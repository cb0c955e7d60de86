import Foundation
import Synchronization

/// The sandbox's fault rules and how often each fired. Thread-safe; the chance is injected so
/// tests are deterministic.
public final class FaultInjector: Sendable {
    /// A rule with the number of times it fired.
    public struct RuleState: Sendable, Hashable, Codable {
        public var rule: FaultRule
        public var fired: Int
    }

    private let state: Mutex<[RuleState]>
    /// The windows of `rate-limit` rules, by rule index, organization and (per operation) route.
    /// Locked inside `state`'s lock only, never alone before it.
    private let rateWindows = Mutex<[RateWindowKey: SpotRateLimit]>([:])
    private let randomUnit: @Sendable () -> Double
    private let now: @Sendable () -> Date

    private struct RateWindowKey: Hashable {
        var rule: Int
        var organization: String
        var operation: String?
    }

    /// - Parameters:
    ///   - randomUnit: the chance draws of rules with a probability.
    ///   - now: the time `rate-limit` windows are counted in.
    public init(
        rules: [FaultRule] = [], randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        state = Mutex(rules.map { RuleState(rule: $0, fired: 0) })
        self.randomUnit = randomUnit
        self.now = now
    }

    /// Replaces every rule (counts and rate windows start again).
    public func replace(with rules: [FaultRule]) {
        state.withLock { states in
            states = rules.map { RuleState(rule: $0, fired: 0) }
            rateWindows.withLock { $0.removeAll() }
        }
    }

    /// Adds rules after the existing ones.
    public func add(_ rules: [FaultRule]) {
        state.withLock { $0 += rules.map { RuleState(rule: $0, fired: 0) } }
    }

    /// The rules with their fire counts.
    public var rules: [RuleState] { state.withLock { $0 } }

    /// Whether any rule needs to know the request's account (so it is worth looking up).
    var needsAccount: Bool { state.withLock { $0.contains { $0.rule.account != nil } } }

    /// The IAM propagation window an `iam-propagation` rule sets for roles of `account`.
    func propagationSeconds(account: String) -> Double? {
        state.withLock { states in
            states.last { $0.rule.action == .iamPropagation && ($0.rule.account == nil || $0.rule.account == account) }?
                .rule.propagationSeconds
        }
    }

    /// The rules that fire for this request, counted as fired, in order.
    func fire(service: String, operation: String, account: String?) -> [FaultRule] {
        state.withLock { states in
            var fired: [FaultRule] = []
            for index in states.indices {
                let rule = states[index].rule
                guard rule.action != .iamPropagation, rule.action != .rateLimit,
                    rule.matches(service: service, operation: operation, account: account)
                else { continue }
                if let count = rule.count, states[index].fired >= count { continue }
                if let probability = rule.probability, randomUnit() >= probability { continue }
                states[index].fired += 1
                fired.append(rule)
            }
            return fired
        }
    }

    /// Counts a Spot request of `organization` (the token's) against every `rate-limit` rule
    /// that matches `operation`: nil when no such rule is set, else whether it passes (a refusal
    /// counts as the refusing rule firing). See ``SpotRateLimit``.
    func spotRateLimit(organization: String, operation: String) -> SpotRateLimit.Verdict? {
        let time = now()
        return state.withLock { states in
            var verdict: SpotRateLimit.Verdict?
            for index in states.indices {
                let rule = states[index].rule
                guard rule.action == .rateLimit, rule.matches(service: "spot", operation: operation, account: nil) else { continue }
                let key = RateWindowKey(rule: index, organization: organization, operation: rule.perOperation == true ? operation : nil)
                let answer = rateWindows.withLock { windows in
                    var window = windows[key] ?? SpotRateLimit(rule: rule)
                    defer { windows[key] = window }
                    return window.admit(at: time)
                }
                switch answer {
                case .refused:
                    states[index].fired += 1
                    return .refused(retryAfterSeconds: rule.retryAfterSeconds)
                case .admitted(let remaining):
                    if case .admitted(let fewest)? = verdict, fewest <= remaining { continue }
                    verdict = answer
                }
            }
            return verdict
        }
    }
}
