import AWSKit
import AccountList

/// `partition`: aws or aws-cn, which sets the endpoints, the ARN partition, the CUR region and
/// Spot's principals. A China row without configured principals stops here.
struct PartitionStep {
    func run(_ context: AccountContext) throws(AccountFailure) -> String {
        if context.plan.blockedAt == .partition {
            throw AccountFailure(
                step: .partition, code: .spotPrincipalsMissing, message: context.plan.blockedReason ?? "blocked",
                rerunMayFix: false)
        }
        return Self.detail(context.partition)
    }

    /// What the partition settles, in words.
    static func detail(_ partition: Partition) -> String {
        "\(partition.rawValue): CUR and stack in \(partition.costAndUsageReportRegion), ARNs arn:\(partition.rawValue):…"
    }
}
