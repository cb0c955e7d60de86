import Synchronization

/// Marks rows whose `account_id` an earlier row had. Batches must pass through it in input
/// order, from one thread at a time (the lock makes it Sendable; it is never contended).
final class RepeatedAccountMarker: Sendable {
    private let file: String
    private let firstLineOfAccount = Mutex(FirstOccurrenceTable())

    init(file: String) {
        self.file = file
    }

    /// The batch's rows, with a repeat of an earlier account made an error that names its line.
    func mark(_ checked: RowChecker.CheckedBatch) -> [AccountListRow] {
        var rows = checked.rows
        firstLineOfAccount.withLock { table in
            for index in rows.indices where checked.accountKeys[index] != 0 {
                let id = checked.accountKeys[index] - 1
                guard let first = table.firstLine(of: id, recording: rows[index].line) else { continue }
                let earlier = first > 0 ? "the row at line \(first)" : "an earlier row"
                let digits = String(id)
                let accountID = String(repeating: "0", count: max(0, 12 - digits.count)) + digits
                rows[index].problems.insert(AccountListProblem(
                    severity: .error, file: file, line: rows[index].line, column: AccountListColumn.accountID.header,
                    message: "\(accountID) repeats \(earlier); each payer account may appear once"), at: 0)
                rows[index].account = nil
            }
        }
        return rows
    }
}
