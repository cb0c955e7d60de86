import AccountList

/// The account list of a run, read whole (a run keeps every account's result anyway).
struct RunAccountList {
    var accounts: [PayerAccount]
    /// Problems to show (errors of invalid rows, warnings).
    var problems: [AccountListProblem]
    var invalidRows: Int

    static func read(_ file: String) throws -> RunAccountList {
        let reader = try AccountListReader(path: file, options: .init(checksInParallel: true))
        var list = RunAccountList(accounts: [], problems: reader.headerProblems, invalidRows: 0)
        while let row = try reader.next() {
            list.problems += row.problems
            if let account = row.account {
                list.accounts.append(account)
            } else {
                list.invalidRows += 1
            }
        }
        return list
    }
}
