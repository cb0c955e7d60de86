/// Hears how every attempt of every call ended, so a batch can notice a service that keeps
/// failing, or credentials that were revoked, and stop starting work that cannot succeed.
///
/// Called from the calling tasks, possibly concurrently: implementations are
/// thread-safe and quick (no I/O).
public protocol CallObserver: Sendable {
    /// One attempt of a call ended.
    func attemptEnded(_ attempt: CallAttempt)
}

/// One attempt of a call, as a ``CallObserver`` hears it.
public struct CallAttempt: Sendable, Hashable {
    /// How the attempt ended, as far as the service's health is concerned.
    public enum Outcome: Sendable, Hashable {
        /// The service answered: a 2xx, or an error it chose to give (a 4xx that is not
        /// throttling). The service is up.
        case answered
        /// A passing fault: throttling, a 5xx, a timeout or a dropped connection.
        case transientFault
        /// HTTP 401: the credentials were refused (a revoked or expired token).
        case unauthorized
    }

    /// The service called (`sts`, `cloudformation`, `spot`, …).
    public var service: String
    /// The operation called.
    public var operation: String
    /// How it ended.
    public var outcome: Outcome

    /// - Parameters: see the properties.
    public init(service: String, operation: String, outcome: Outcome) {
        self.service = service
        self.operation = operation
        self.outcome = outcome
    }

    /// The outcome of an attempt answered with `status`: `isRetryable` says whether the client
    /// took it for a passing fault (throttling codes travel in 400s too).
    public static func outcome(status: Int, isRetryable: Bool) -> Outcome {
        if status == 401 { return .unauthorized }
        return isRetryable ? .transientFault : .answered
    }
}
