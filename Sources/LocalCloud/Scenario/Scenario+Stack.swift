extension Scenario {
    /// A CloudFormation stack made before the run (by someone other than onboard).
    public struct Stack: Sendable, Codable {
        public var account: String
        public var name: String
        /// Default us-east-1.
        public var region: String?
        /// The template, as JSON.
        public var template: JSONValue
        public var parameters: [String: String]?
        public var tags: [String: String]?
    }
}
