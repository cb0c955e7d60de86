import AWSKit

/// What a role may do as IAM says now: the documents of every managed policy attached to it
/// (the default version of each) and of every inline policy, read with List and Get calls only.
struct RolePermissionsReading {
    /// Everything the policies grant together.
    var grants = PermissionGrants()
    /// Each policy's grants, by its name (a managed policy's name, or `inline <name>`).
    var byPolicy: [(name: String, grants: PermissionGrants)] = []

    /// The names of the policies that grant any of `grants`, in the order read.
    func policiesGranting(_ grants: Set<PermissionGrants.Grant>) -> [String] {
        byPolicy.filter { !$0.grants.grants.isDisjoint(with: grants) }.map(\.name)
    }

    /// Reads role `role`'s policies. A policy that disappears between the list and its read is
    /// left out (it no longer grants anything).
    static func read(role: String, iam: IAMClient, credentials: any CredentialProvider) async throws(AWSError) -> RolePermissionsReading {
        var reading = RolePermissionsReading()
        for policy in try await iam.attachedPolicies(roleName: role, credentials: credentials) {
            guard let document = try await iam.managedPolicyDocument(arn: policy.arn, credentials: credentials) else { continue }
            reading.add(document, name: policy.name.isEmpty ? policy.arn : policy.name)
        }
        for name in try await iam.inlinePolicyNames(roleName: role, credentials: credentials) {
            guard let document = try await iam.inlinePolicyDocument(roleName: role, policyName: name, credentials: credentials)
            else { continue }
            reading.add(document, name: "inline \(name)")
        }
        return reading
    }

    private mutating func add(_ document: String, name: String) {
        var one = PermissionGrants()
        one.add(document: document, name: name)
        byPolicy.append((name, one))
        grants.add(one)
    }
}
