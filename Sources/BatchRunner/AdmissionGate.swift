/// Asked before each account starts: a reason here stops the batch from starting more
/// accounts (those in flight go on). ``ServiceHealth`` is one.
public protocol AdmissionGate: Sendable {
    /// Why no more accounts may start, or nil when they may.
    func stopReason() -> BatchOutcome.StopReason?
}
