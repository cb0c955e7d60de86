import AWSKit
import AccountList
import Foundation

/// The result as `accounts/<account_id>.json` and the journal's `account-finished` lines lay it
/// out (README, "Run reports"): snake_case keys, `schema_version` first written, `started` and
/// `finished` always present (`null` when unknown), `error` only for a failed account.
extension AccountResult {
    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case accountID = "account_id"
        case organizationName = "organization_name"
        case line, partition, products, status, steps, outputs, error
        case manualPrerequisites = "manual_prerequisites"
        case started, finished, check, drift, repairs
    }

    /// Decodes a result; `steps`, `outputs`, `manual_prerequisites` and the times may be absent.
    /// `schema_version` must be there (a reader checks it against ``schemaVersion`` first).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        _ = try container.decode(Int.self, forKey: .schemaVersion)
        self.init(
            accountID: try container.decode(String.self, forKey: .accountID),
            organizationName: try container.decode(String.self, forKey: .organizationName),
            line: try container.decode(Int.self, forKey: .line),
            partition: try container.decode(Partition.self, forKey: .partition),
            products: try container.decode([Product].self, forKey: .products),
            status: try container.decode(AccountStatus.self, forKey: .status),
            steps: try container.decodeIfPresent([StepRecord].self, forKey: .steps) ?? [],
            outputs: try container.decodeIfPresent(AccountOutputs.self, forKey: .outputs) ?? AccountOutputs(),
            error: try container.decodeIfPresent(AccountFailure.self, forKey: .error),
            manualPrerequisites: try container.decodeIfPresent([String].self, forKey: .manualPrerequisites) ?? [],
            started: try container.decodeIfPresent(Date.self, forKey: .started),
            finished: try container.decodeIfPresent(Date.self, forKey: .finished))
        check = try container.decodeIfPresent(AccountCheck.self, forKey: .check)
        drift = try container.decodeIfPresent([DriftFinding].self, forKey: .drift) ?? []
        repairs = try container.decodeIfPresent([WorkflowChange].self, forKey: .repairs) ?? []
    }

    /// Encodes every key, `started` and `finished` as `null` when unknown, `error` only when set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .schemaVersion)
        try container.encode(accountID, forKey: .accountID)
        try container.encode(organizationName, forKey: .organizationName)
        try container.encode(line, forKey: .line)
        try container.encode(partition, forKey: .partition)
        try container.encode(products, forKey: .products)
        try container.encode(status, forKey: .status)
        try container.encode(steps, forKey: .steps)
        try container.encode(outputs, forKey: .outputs)
        try container.encodeIfPresent(error, forKey: .error)
        try container.encode(manualPrerequisites, forKey: .manualPrerequisites)
        try container.encode(started, forKey: .started)
        try container.encode(finished, forKey: .finished)
        try container.encodeIfPresent(check, forKey: .check)
        if !drift.isEmpty { try container.encode(drift, forKey: .drift) }
        if !repairs.isEmpty { try container.encode(repairs, forKey: .repairs) }
    }
}
