/// Hears how every attempt of every call ended, so a batch can notice a service that keeps
/// failing, or credentials that were revoked, and stop starting work that cannot succeed.
///
/// Called from the calling tasks, possibly concurrently: implementations are
/// thread-safe and quick (no I/O).
public protocol CallObserver: Sendable {
    /// One attempt of a call ended.
    func attemptEnded(_ attempt: CallAttempt)
    /// A call failed an attempt and now waits before the next (its retry backoff).
    func backoffStarted(_ backoff: CallBackoff)
}

extension CallObserver {
    /// Backoffs are not heard unless the observer says so.
    public func backoffStarted(_ backoff: CallBackoff) {}
}

/// A call's wait between two attempts, as a ``CallObserver`` hears it.
public struct CallBackoff: Sendable, Hashable {
    /// The service called (`sts`, `cloudformation`, `spot`, …).
    public var service: String
    /// The operation called.
    public var operation: String
    /// The wait, in seconds (the backoff's jitter, or the server's `Retry-After`).
    public var seconds: Double

    /// - Parameters: see the properties.
    public init(service: String, operation: String, seconds: Double) {
        self.service = service
        self.operation = operation
        self.seconds = seconds
    }
}

/// Several observers heard as one, in order (a batch's health and its time accounting).
public struct CallObserverGroup: CallObserver {
    /// The observers, each told every attempt and backoff.
    public let observers: [any CallObserver]

    /// - Parameter observers: told in this order.
    public init(_ observers: [any CallObserver]) {
        self.observers = observers
    }

    public func attemptEnded(_ attempt: CallAttempt) {
        for observer in observers { observer.attemptEnded(attempt) }
    }

    public func backoffStarted(_ backoff: CallBackoff) {
        for observer in observers { observer.backoffStarted(backoff) }
    }
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
    /// Seconds from handing the request to the transport to its answer (a wait for a rate
    /// limit's token included); nil when not measured.
    public var seconds: Double?

    /// - Parameters: see the properties.
    public init(service: String, operation: String, outcome: Outcome, seconds: Double? = nil) {
        self.service = service
        self.operation = operation
        self.outcome = outcome
        self.seconds = seconds
    }

    /// The outcome of an attempt answered with `status`: `isRetryable` says whether the client
    /// took it for a passing fault (throttling codes travel in 400s too).
    public static func outcome(status: Int, isRetryable: Bool) -> Outcome {
        if status == 401 { return .unauthorized }
        return isRetryable ? .transientFault : .answered
    }
}
