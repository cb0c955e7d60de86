import AWSKit
import AccountList

/// One account's state as its steps pass it along: the row, its plan and template, the payer's
/// credentials once logged in, and the outputs gathered so far.
struct AccountContext: Sendable {
    let account: PayerAccount
    let plan: AccountPlan
    let template: StackTemplate?
    var payerCredentials: (any CredentialProvider)?
    var outputs: AccountOutputs
    var manualPrerequisites: [String]
    /// Records the outputs so far in the journal mid-step, the moment something was made that
    /// a killed run must not make twice (a Spot account).
    let checkpoint: @Sendable (AccountOutputs) -> Void
    /// Every change the steps make goes through it: made in a run, only recorded in a check.
    let gate: ChangeGate
    /// The report of the last run that connected the account, if one did: what drift is
    /// measured against, and what tells a repair from a first connection.
    let recorded: RecordedConnection?

    var partition: Partition { plan.partition }
    var curRegion: String { plan.partition.costAndUsageReportRegion }
    /// Whether changes are only recorded (`onboard check`).
    var isChecking: Bool { gate.isChecking }

    /// The payer's credentials; only steps after `login` ask.
    func credentials() throws(AccountFailure) -> any CredentialProvider {
        guard let payerCredentials else {
            throw AccountFailure(step: .login, code: .notLoggedIn, message: "no credentials for the payer", rerunMayFix: true)
        }
        return payerCredentials
    }
}
