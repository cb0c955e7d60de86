/// What IAM's evaluation of one request against a set of policies comes to.
enum PolicyDecision: Sendable, Hashable {
    /// An `Allow` statement covers the request and no `Deny` does.
    case allowed
    /// A `Deny` statement covers the request (explicit deny always wins), in `origin`.
    case denied(origin: String)
    /// Nothing allows it (implicit deny).
    case notAllowed

    var isAllowed: Bool { self == .allowed }
}
