import AccountList

/// `input`: the row is valid (the account list's reader checked it before the workflow starts).
struct InputStep {
    func run(_ context: AccountContext) -> String {
        "line \(context.account.line) of the account list is valid"
    }
}
