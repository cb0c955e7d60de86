extension Scenario {
    /// An IAM role made before the run (by the console or another tool), with its policies.
    public struct Role: Sendable, Codable {
        /// A policy document with its name.
        public struct Policy: Sendable, Codable {
            public var name: String
            /// The IAM policy document (`Version`, `Statement`).
            public var document: JSONValue
        }

        public var account: String
        public var name: String
        /// `aws` (default) or `aws-cn`.
        public var partition: String?
        /// The trust policy (`AssumeRolePolicyDocument`).
        public var trustPolicy: JSONValue
        /// Inline policies (PutRolePolicy).
        public var inlinePolicies: [Policy]?
        /// Customer managed policies made and attached (CreatePolicy, AttachRolePolicy).
        public var managedPolicies: [Policy]?
    }
}
