/// The report of the last run that connected an account: what drift is measured against, and
/// what tells a repair from a first connection.
public struct RecordedConnection: Sendable, Hashable {
    /// The run that wrote it (`run-20261201-120000`).
    public var runID: String
    /// The account's report in that run (status `connected`).
    public var result: AccountResult

    /// - Parameters: see the properties.
    public init(runID: String, result: AccountResult) {
        self.runID = runID
        self.result = result
    }
}
