import Onboarding

/// What the runner tells the outside (the journal, the reports, the progress line) as the batch
/// goes. Called from Dispatch workers, possibly concurrently: implementations are thread-safe.
public protocol BatchEvents: Sendable {
    /// An account started.
    func accountStarted(_ accountID: String)
    /// A step of an account ended, with the outputs so far.
    func stepFinished(_ accountID: String, record: StepRecord, outputs: AccountOutputs)
    /// An account's outputs mid-step, recorded the moment something was made that a killed run
    /// must not make twice (a Spot account).
    func outputsRecorded(_ accountID: String, outputs: AccountOutputs)
    /// An account ended (connected or failed).
    func accountFinished(_ result: AccountResult)
    /// An account was interrupted by a stop at a safe point (the journal has its steps).
    func accountInterrupted(_ accountID: String)
}
