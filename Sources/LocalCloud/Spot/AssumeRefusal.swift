/// Why Spot's AssumeRole of a role would fail (told only to the sandbox's log and state).
struct AssumeRefusal: Error, Sendable {
    var reason: String
    /// moto could not be asked: the sandbox's failure, not the caller's.
    var unavailable = false
}
