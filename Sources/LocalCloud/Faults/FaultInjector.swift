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
    private let randomUnit: @Sendable () -> Double

    public init(rules: [FaultRule] = [], randomUnit: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        state = Mutex(rules.map { RuleState(rule: $0, fired: 0) })
        self.randomUnit = randomUnit
    }

    /// Replaces every rule (counts start again).
    public func replace(with rules: [FaultRule]) {
        state.withLock { $0 = rules.map { RuleState(rule: $0, fired: 0) } }
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
                guard rule.action != .iamPropagation,
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
}
