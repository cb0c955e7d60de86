import Foundation

/// An IAM role as Spot's AssumeRole and IAM's policy evaluation would find it: its trust policy
/// and its permission policies, read from where they are right (see ``EffectiveRoleReader``).
struct EffectiveRole: Sendable {
    /// Where the policies were read.
    enum Source: Sendable, Hashable {
        /// moto's IAM (ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies, GetPolicy,
        /// GetPolicyVersion).
        case iam
        /// The current template and parameters of the stack that made the role.
        case stack(name: String, region: String)
    }

    var arn: String
    var partition: String
    var account: String
    var name: String
    /// IAM's `CreateDate` (the IAM propagation window counts from it).
    var created: Date?
    var trustPolicy: PolicyDocument?
    var permissionPolicies: [PolicyDocument]
    var source: Source
    /// What could not be read (a policy moto answers in a form IAM never would, a template that
    /// is not JSON): it grants nothing.
    var unreadable: [String] = []

    /// What a "not allowed" message adds when some policy could not be read: `""` or
    /// ` (unreadable here, granting nothing: …)`.
    var unreadableNote: String {
        unreadable.isEmpty ? "" : " (unreadable here, granting nothing: \(unreadable.joined(separator: ", ")))"
    }

    /// Where the role's policies were read, for the sandbox's log.
    var sourceDescription: String {
        switch source {
        case .iam: "IAM"
        case .stack(let name, let region): "stack \(name) in \(region)"
        }
    }
}
