import AccountList

/// The account list of a run, read whole (a run keeps every account's result anyway).
struct RunAccountList {
    var accounts: [PayerAccount]
    /// Problems found (errors of invalid rows, warnings), in the file's order.
    var problems: [AccountListProblem]
    var invalidRows: Int

    /// Reads `file`; `onProblem` hears each problem as it is found (so an operator sees them
    /// while a long list is read, not at its end).
    static func read(_ file: String, onProblem: (AccountListProblem) -> Void = { _ in }) throws -> RunAccountList {
        let reader = try AccountListReader(path: file, options: .init(checksInParallel: true))
        var list = RunAccountList(accounts: [], problems: reader.headerProblems, invalidRows: 0)
        reader.headerProblems.forEach(onProblem)
        while let row = try reader.next() {
            list.problems += row.problems
            row.problems.forEach(onProblem)
            if let account = row.account {
                list.accounts.append(account)
            } else {
                list.invalidRows += 1
            }
        }
        return list
    }
}
