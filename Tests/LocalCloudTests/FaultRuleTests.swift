import Testing

@testable import LocalCloud

@Suite("Fault rules fire as configured and not otherwise")
struct FaultRuleTests {
    @Test("A rule with a count fires that many times, then no more")
    func countLimits() {
        let injector = FaultInjector(rules: [FaultRule(service: "sts", operation: "AssumeRole", action: .throttle, count: 2)])
        let fired = (0..<5).map { _ in injector.fire(service: "sts", operation: "AssumeRole", account: nil).count }
        #expect(fired == [1, 1, 0, 0, 0])
        #expect(injector.rules.first?.fired == 2)
    }

    @Test("Service, operation and account must all match")
    func matching() {
        let injector = FaultInjector(rules: [
            FaultRule(service: "cloudformation", operation: "CreateStack", account: "111111111111", action: .error500)
        ])
        #expect(injector.fire(service: "cloudformation", operation: "CreateStack", account: "222222222222").isEmpty)
        #expect(injector.fire(service: "cloudformation", operation: "DescribeStacks", account: "111111111111").isEmpty)
        #expect(injector.fire(service: "s3", operation: "CreateStack", account: "111111111111").isEmpty)
        #expect(injector.fire(service: "cloudformation", operation: "CreateStack", account: "111111111111").count == 1)
    }

    @Test("A probability fires when the chance falls under it")
    func probability() {
        let draws = SequenceBox([0.1, 0.9, 0.49, 0.5])
        let injector = FaultInjector(
            rules: [FaultRule(service: "s3", action: .error503, probability: 0.5)], randomUnit: { draws.next() })
        let fired = (0..<4).map { _ in injector.fire(service: "s3", operation: "HeadBucket", account: nil).count }
        #expect(fired == [1, 0, 1, 0])
    }
}

/// Hands out fixed numbers in order (deterministic chance).
final class SequenceBox: @unchecked Sendable {
    private var values: [Double]
    init(_ values: [Double]) { self.values = values }
    func next() -> Double { values.isEmpty ? 0 : values.removeFirst() }
}
