import Foundation

/// What Spot meets when it uses a linked role: its AssumeRole (the role exists, IAM propagation
/// has passed, the trust policy lets Spot's platform account in with the external id in force),
/// and the role's effective policies for what Spot then reads.
struct SpotRoleAccess: Sendable {
    let reader: EffectiveRoleReader
    let platformAccounts: Set<String>
    /// The IAM propagation window for roles of an AWS account, in seconds.
    let propagationSeconds: @Sendable (String) -> Double
    /// Roles that existed before the run (scenario seeds): long propagated.
    let established: EstablishedRoles

    /// Spot's AssumeRole of `role` with `externalID`: the role as read, or why it fails.
    func assume(_ role: IAMRoleARN, externalID: String?) async -> Result<EffectiveRole, AssumeRefusal> {
        let effective: EffectiveRole
        switch await reader.read(role) {
        case .unavailable(let reason): return .failure(AssumeRefusal(reason: reason, unavailable: true))
        case .missing(let reason): return .failure(AssumeRefusal(reason: "\(role.arn) does not exist: \(reason)"))
        case .found(let found): effective = found
        }
        // A new role is not usable at once: STS answers AccessDenied until IAM has propagated it
        // (terraform-spotinst-aws-connect `main.tf` sleeps 10 s "Without this
        // set-cloud-credentials fails").
        if let created = effective.created, !established.contains(role.arn),
            Date().timeIntervalSince(created) < propagationSeconds(role.account)
        {
            return .failure(AssumeRefusal(reason: "AccessDenied from sts:AssumeRole: \(role.arn) is younger than the IAM propagation window"))
        }
        if let refusal = TrustPolicyCheck.refusal(
            of: effective.trustPolicy, platformAccounts: platformAccounts, externalID: externalID)
        {
            return .failure(AssumeRefusal(reason: "AccessDenied from sts:AssumeRole on \(role.arn): \(refusal) (read from \(effective.sourceDescription))"))
        }
        return .success(effective)
    }
}
