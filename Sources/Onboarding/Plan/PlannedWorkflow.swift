import AWSKit
import AccountList
import Foundation
import Synchronization

/// What the workflow does for every account of one shape (partition, products, how it logs in,
/// whether the row names its report or Spot account, Billing access attested, where it is
/// blocked): the endpoints, each step in words and every AWS and Spot call it makes or may
/// make, written once with ``placeholders`` where accounts differ. A plan lists each distinct
/// workflow once (`plan.json`'s `workflows`, `plan.md`'s Workflows) and each account names its
/// own (`workflow`); the account's own fields give the placeholders' values.
public struct PlannedWorkflow: Sendable, Hashable, Encodable {
    /// Names the workflow in a plan: `workflow-` and 16 hex digits of a hash of its content, so
    /// the same workflow has the same id in every plan.
    public var id: String
    public var partition: Partition
    /// The endpoint of each service the workflow calls, keyed by service name.
    public var endpoints: [String: ServiceEndpoint]
    /// The steps an account of this shape goes through (up to the one it is blocked at).
    public var steps: [AccountPlan.StepPlan]
    /// The AWS calls the steps make or may make, in workflow order.
    public var awsCalls: [PlannedAWSCall]
    /// The Spot calls the steps make or may make, in workflow order.
    public var spotCalls: [SpotCall]

    /// Each placeholder the workflows' texts hold, with the field of the account's plan whose
    /// value it stands for.
    public static let placeholders: [(placeholder: String, field: String)] = [
        ("<account_id>", "account_id"),
        ("<organization_name>", "organization_name"),
        ("<role_arn>", "login.target (assume-role)"),
        ("<profile>", "login.target (profile)"),
        ("<external_id>", "the row's external id (not shown)"),
        ("<s3_bucket>", "cost_and_usage_report.definition.s3_bucket"),
        ("<s3_prefix>", "cost_and_usage_report.definition.s3_prefix"),
        ("<report_name>", "cost_and_usage_report.definition.report_name"),
        ("<spot_account_id>", "spot_account_id (named in the row)"),
    ]

    /// `account` with every value that differs between accounts of a shape replaced by its
    /// placeholder (its line by 0): accounts with the same generic account have the same
    /// workflow, and plans equal but for those values.
    public static func genericAccount(_ account: PayerAccount, settings: OnboardingSettings) -> PayerAccount {
        var generic = account
        generic.line = 0
        generic.accountID = "<account_id>"
        generic.organizationName = "<organization_name>"
        switch PayerLogin.resolve(account, partition: account.partition, settings: settings) {
        case .assumeRole(_, let externalID):
            generic.login = .assumeRole(roleARN: "<role_arn>", externalID: externalID.map { _ in "<external_id>" })
        case .profile:
            generic.login = .profile("<profile>")
        case .none:
            generic.login = .assumeRole(roleARN: nil, externalID: nil)
        }
        let report = account.costAndUsageReport
        generic.costAndUsageReport = .init(
            bucket: "<s3_bucket>", reportName: "<report_name>", prefix: "<s3_prefix>", isNamedInRow: report.isNamedInRow)
        generic.spotAccountID = account.spotAccountID.map { _ in "<spot_account_id>" }
        generic.spotProfile = ""
        return generic
    }

    /// The workflow of `generic` (a ``genericAccount(_:settings:)``), its id from its content.
    init(generic: PayerAccount, partition: Partition, endpoints: [String: ServiceEndpoint], declarations: [StepDeclaration]) {
        self.partition = partition
        self.endpoints = endpoints
        steps = declarations.map { AccountPlan.StepPlan(step: $0.step, summary: $0.summary) }
        awsCalls = declarations.flatMap(\.awsCalls)
        spotCalls = declarations.flatMap(\.spotCalls)
        id = ""
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let content = (try? encoder.encode(self)) ?? Data()
        // FNV-1a, 64 bits: stable across processes and platforms (Swift's own hash is seeded).
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in content {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let digits = String(hash, radix: 16)
        id = "workflow-" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    enum CodingKeys: String, CodingKey {
        case id, partition, endpoints, steps
        case awsCalls = "aws_calls"
        case spotCalls = "spot_calls"
    }
}

/// The workflows an ``AccountPlanner`` has worked out, by generic account, shared by its
/// copies and threads: a batch has a handful of shapes, each planned once.
final class PlannedWorkflows: Sendable {
    /// How many shapes are kept; past it, workflows are worked out each time.
    static let capacity = 256
    private let known = Mutex<[PayerAccount: PlannedWorkflow]>([:])

    /// The workflow of `generic`, made by `make` the first time.
    func workflow(of generic: PayerAccount, make: () -> PlannedWorkflow) -> PlannedWorkflow {
        if let found = known.withLock({ $0[generic] }) { return found }
        let made = make()
        known.withLock { known in
            if known.count < Self.capacity { known[generic] = made }
        }
        return made
    }
}
