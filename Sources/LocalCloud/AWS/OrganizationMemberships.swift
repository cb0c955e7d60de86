import Synchronization

/// Payers that are members of another account's organization. moto cannot make a chosen account
/// id a member (its CreateAccount picks the id), so the sandbox answers their
/// DescribeOrganization with the management account's organization.
final class OrganizationMemberships: Sendable {
    private let managementByMember = Mutex<[String: String]>([:])

    func add(member: String, management: String) {
        managementByMember.withLock { $0[member] = management }
    }

    func management(of member: String) -> String? {
        managementByMember.withLock { $0[member] }
    }
}
