/// Checks a batch of records against the header: field counts, encoding, then the column rules.
///
/// A pure value, so batches can be checked on other threads; repeated account ids are marked
/// afterwards, in input order, by ``AccountListReader``.
struct RowChecker: Sendable {
    /// The rows of a batch, with each row's account id as a number (0 when it has none).
    struct CheckedBatch: Sendable {
        var rows: [AccountListRow] = []
        var accountKeys: [UInt64] = []
    }

    let file: String
    let fieldCount: Int
    /// For each field position, the column's ordinal, or -1 for an unknown column.
    let ordinalOfField: [Int]
    let maximumFieldBytes: Int
    let validator: PayerAccountValidator

    func check(_ batch: CSVRecordBatch) -> CheckedBatch {
        var checked = CheckedBatch()
        checked.rows.reserveCapacity(batch.count)
        checked.accountKeys.reserveCapacity(batch.count)
        for index in 0..<batch.count {
            batch.withEntry(at: index) { entry in
                switch entry {
                case .syntaxError(let syntaxError):
                    checked.rows.append(AccountListRow(line: syntaxError.line, account: nil, problems: [
                        AccountListProblem(
                            severity: .error, file: file, line: syntaxError.line, column: column(ofField: syntaxError.field),
                            message: syntaxError.message)
                    ]))
                    checked.accountKeys.append(0)
                case .record(let record):
                    if record.isBlank { return }
                    checked.rows.append(row(from: record))
                    checked.accountKeys.append(accountKey(of: record))
                }
            }
        }
        return checked
    }

    /// The known column at 1-based field position `field`, if any (an oversized field names it).
    private func column(ofField field: Int?) -> String? {
        guard let field, field >= 1, field <= ordinalOfField.count, ordinalOfField[field - 1] >= 0 else { return nil }
        return AccountListColumn.byOrdinal[ordinalOfField[field - 1]].header
    }

    private func row(from record: CSVRecordView) -> AccountListRow {
        let line = record.line
        if record.fieldCount != fieldCount {
            let fewOrMany = record.fieldCount < fieldCount ? "too few" : "too many"
            return AccountListRow(line: line, account: nil, problems: [
                AccountListProblem(
                    severity: .error, file: file, line: line, column: nil,
                    message: "row has \(record.fieldCount) fields but the header has \(fieldCount) (\(fewOrMany)); quote values that contain commas")
            ])
        }
        var problems: [AccountListProblem] = []
        for position in 0..<record.fieldCount where ordinalOfField[position] >= 0 {
            let column = AccountListColumn.byOrdinal[ordinalOfField[position]]
            if record.isOversized(position) {
                problems.append(AccountListProblem(severity: .error, file: file, line: line, column: column.header, message: "is longer than \(maximumFieldBytes) bytes; no column allows that much"))
            } else if !record.isValidUTF8(position) {
                problems.append(AccountListProblem(severity: .error, file: file, line: line, column: column.header, message: "is not valid UTF-8; save the file as UTF-8"))
            }
        }
        if !problems.isEmpty {
            return AccountListRow(line: line, account: nil, problems: problems)
        }
        let (account, rowProblems) = validator.validate(record)
        return AccountListRow(line: line, account: account, problems: rowProblems)
    }

    /// The record's account id as a number (unique: the length is fixed at 12), or 0.
    private func accountKey(of record: CSVRecordView) -> UInt64 {
        let position = validator.fieldOfColumn[AccountListColumn.accountID.ordinal]
        guard record.fieldCount == fieldCount, position >= 0 else { return 0 }
        let value = record.field(position).trimmed
        guard PayerAccountValidator.isAccountID(value) else { return 0 }
        var number: UInt64 = 0
        for byte in value { number = number * 10 + UInt64(byte - 0x30) }
        return number + 1
    }
}
