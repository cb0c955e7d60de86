/// What reading a role came to.
enum RoleReading: Sendable {
    case found(EffectiveRole)
    /// IAM has no such role (or the stack that makes it has not finished, or rolled back).
    case missing(reason: String)
    /// moto could not be asked.
    case unavailable(reason: String)
}
