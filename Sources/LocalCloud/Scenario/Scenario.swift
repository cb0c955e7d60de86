import AWSKit

/// What the local cloud starts with: Spot organizations and tokens, the payers' AWS
/// Organizations, buckets, existing CUR definitions, fault rules and timings. Read from JSON
/// (`Inputs/sandbox-scenario.json`).
public struct Scenario: Sendable, Codable {
    /// A Spot organization with its tokens and existing accounts.
    public struct SpotOrganization: Sendable, Codable {
        public struct Token: Sendable, Codable {
            /// A fake token for the local cloud only.
            public var token: String
            public var role: String
        }
        public struct Account: Sendable, Codable {
            public var id: String
            public var name: String
            /// A role the account is already linked to (`arn:aws:iam::<account>:role/<name>`),
            /// with `externalId` the id in force: the link the console or another tool made.
            public var iamRole: String?
            public var externalId: String?
        }
        public var id: String
        public var name: String
        public var tokens: [Token]
        public var accounts: [Account]?
    }

    /// How a payer account stands in AWS Organizations.
    public struct Payer: Sendable, Codable {
        public var accountId: String
        /// `management` (its own organization, the default), `member` (of `managementAccount`'s
        /// organization), or `none` (in no organization).
        public var organization: String?
        public var managementAccount: String?
    }

    /// A bucket that exists before the run.
    public struct Bucket: Sendable, Codable {
        public var name: String
        public var owner: String
        public var region: String?
        /// Give `billingreports.amazonaws.com` the bucket policy CUR delivery needs.
        public var allowBillingReports: Bool?
    }

    /// A CUR definition that exists before the run (its bucket is made too, with the policy).
    public struct ExistingReport: Sendable, Codable {
        public var account: String
        public var definition: ReportDefinition
        /// AWS has delivered files already (an established report): one Parquet file is put
        /// under the report's path. Unset: a new report, with no files yet.
        public var delivered: Bool?
    }

    /// Timings of the stand-in services.
    public struct Behaviour: Sendable, Codable {
        public var iamPropagationSeconds: Double?
        public var dataReadySeconds: Double?
        public var spotPlatformAccounts: [String]?
        /// Access key ids of AWS China operators (default `testing-cn`); see ``ChinaAccessKeys``.
        public var chinaAccessKeyIds: [String]?
    }

    public var spotOrganizations: [SpotOrganization]?
    public var payers: [Payer]?
    public var buckets: [Bucket]?
    public var reportDefinitions: [ExistingReport]?
    /// IAM roles that exist before the run (made through IAM, not CloudFormation).
    public var roles: [Role]?
    /// CloudFormation stacks that exist before the run.
    public var stacks: [Stack]?
    public var faults: [FaultRule]?
    public var behaviour: Behaviour?

    public init() {}
}
