import Synchronization

/// Roles a scenario says existed before the run: IAM propagated them long ago, though moto's
/// `CreateDate` is the moment the sandbox seeded them, so the propagation window does not apply.
final class EstablishedRoles: Sendable {
    private let arns = Mutex<Set<String>>([])

    func add(_ arn: String) {
        _ = arns.withLock { $0.insert(arn) }
    }

    func contains(_ arn: String) -> Bool {
        arns.withLock { $0.contains(arn) }
    }
}
