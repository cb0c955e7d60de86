import Synchronization

/// The regions each account made stacks in through the sandbox (or a scenario), so the
/// sandbox knows where to look for the stack that owns a role: CloudFormation is regional,
/// IAM is not, and moto has no lookup from a resource to its stack.
final class StackRegistry: Sendable {
    private let regionsByAccount = Mutex<[String: Set<String>]>([:])

    func record(account: String, region: String) {
        _ = regionsByAccount.withLock { $0[account, default: []].insert(region) }
    }

    /// The regions to search for `account`'s stacks in `partition`: its default region
    /// (us-east-1, cn-northwest-1) and every region it made stacks in, in that partition.
    func regions(account: String, partition: String) -> [String] {
        let home = partition == "aws-cn" ? "cn-northwest-1" : "us-east-1"
        let seen = regionsByAccount.withLock { $0[account] ?? [] }
            .filter { $0.hasPrefix("cn-") == (partition == "aws-cn") && $0 != home }
        return [home] + seen.sorted()
    }
}
