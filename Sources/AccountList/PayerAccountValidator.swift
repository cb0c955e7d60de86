/// Checks one row of the account list, column by column, and builds the ``PayerAccount``.
///
/// Values are trimmed of surrounding white space first (libcsv trims unquoted fields; quoted
/// ones are trimmed here so both read alike). An empty value means the column's default. The
/// rules read the field bytes in place; strings are made only for messages and for the account.
///
/// Line breaks and characters that do not print, per column:
/// - `organization_name` is the one free-text column (it names the Spot account, and reports
///   show it). A line break inside it (CR, LF or CRLF: a quoted multi-line cell) is folded, with
///   the spaces around it, into one space, and a warning shows the name as it will be used. Any
///   other control character (tab, ESC, NUL, DEL, C1 such as NEL) and every format
///   character (category Cf: the bidirectional embeddings and overrides U+202A–U+202E and
///   isolates U+2066–U+2069, zero-width spaces and joiners, the byte order mark, soft hyphen, …)
///   and line or paragraph separator (U+2028, U+2029) is refused, naming the code point and its
///   position: such a character makes a name read differently from what it is.
/// - Every other column takes a single token on one line. A line break or a character that does
///   not print fails the column's own rule (its message shows the value with the character
///   escaped, as `\n` or `\u{202E}`); `products`, whose items may have spaces around them,
///   refuses a line break explicitly.
struct PayerAccountValidator: Sendable {
    /// The file's path, for messages.
    let file: String
    /// For each column ordinal, its field position, or -1 when the file lacks the column.
    let fieldOfColumn: [Int]

    /// Validates `record` (its field count already checked against the header).
    func validate(_ record: CSVRecordView) -> (account: PayerAccount?, problems: [AccountListProblem]) {
        fieldOfColumn.withUnsafeBufferPointer { fieldOfColumn in
            validate(record, fieldOfColumn: fieldOfColumn)
        }
    }

    private func validate(
        _ record: CSVRecordView, fieldOfColumn: UnsafeBufferPointer<Int>
    ) -> (account: PayerAccount?, problems: [AccountListProblem]) {
        let line = record.line
        var problems: [AccountListProblem] = []
        func value(_ column: AccountListColumn) -> FieldBytes {
            let position = fieldOfColumn[column.ordinal]
            return position >= 0 ? record.field(position).trimmed : FieldBytes(start: nil, count: 0)
        }
        func error(_ column: AccountListColumn, _ message: String) {
            problems.append(AccountListProblem(severity: .error, file: file, line: line, column: column.header, message: message))
        }
        func warning(_ column: AccountListColumn, _ message: String) {
            problems.append(AccountListProblem(severity: .warning, file: file, line: line, column: column.header, message: message))
        }

        // account_id
        let accountID = value(.accountID)
        let accountIDIsValid = Self.isAccountID(accountID)
        if accountID.isEmpty {
            error(.accountID, "is empty; give the 12-digit AWS account id of the management account")
        } else if !accountIDIsValid {
            if accountID.allIn(.digits), accountID.count < 12 {
                error(.accountID, "\(Self.quoted(accountID)) has \(accountID.count) digits; an AWS account id has exactly 12 (leading zeros lost? keep the column as text)")
            } else {
                error(.accountID, "\(Self.quoted(accountID)) is not an AWS account id; expected exactly 12 digits, such as 012345678901")
            }
        }

        // organization_name
        let organizationName = value(.organizationName)
        var foldedName: String?
        if organizationName.isEmpty {
            error(.organizationName, "is empty; give the customer's name (it names the Spot account)")
        } else {
            switch Self.checkName(organizationName) {
            case .plain:
                break
            case .folded(let name):
                foldedName = name
                warning(.organizationName, "holds a line break; it is read as one line: '\(DisplayText.excerpt(name))'")
            case .refused(let scalar, let position, let others):
                let kind = switch scalar.properties.generalCategory {
                case .format: "an invisible format character that can make the name read differently from what it is"
                case .control: "a control character"
                default: "a line or paragraph separator"
                }
                let more = others == 0 ? "" : others == 1
                    ? " (and 1 more character that does not print)" : " (and \(others) more characters that do not print)"
                error(.organizationName, "holds \(DisplayText.codePoint(scalar)) at character \(position)\(more), \(kind); remove it and keep the name plain text")
            }
            let hasLetter = foldedName.map { $0.utf8.contains(where: Self.isASCIILetter) }
                ?? organizationName.contains(where: Self.isASCIILetter)
            if !hasLetter {
                // Spot's rule for account names (openapi, POST /setup/account: "must contain at least
                // one character that is a-z or A-Z"); the name names the Spot account.
                error(.organizationName, "\(Self.quoted(organizationName)) holds no letter a-z or A-Z; Spot's account names need one")
            }
        }

        // aws_china
        let chinaValue = value(.awsChina)
        let chinaFlag = boolean(.awsChina, chinaValue, error)
        let isChina = chinaFlag ?? false
        let partition = isChina ? "aws-cn" : "aws"

        // access_role_arn, access_external_id, aws_profile
        let roleARN = value(.accessRoleARN)
        let externalID = value(.accessExternalID)
        let profile = value(.awsProfile)
        if !roleARN.isEmpty {
            if let arn = RoleARN.parse(roleARN) {
                if arn.partition != partition, chinaFlag != nil || chinaValue.isEmpty {
                    error(.accessRoleARN, "is in partition '\(arn.partition)' but the row's partition is '\(partition)' (aws_china is \(isChina ? "yes" : "no")); use arn:\(partition):iam::… or fix aws_china")
                } else if accountIDIsValid, !arn.accountID.utf8.elementsEqual(accountID) {
                    error(.accessRoleARN, "names account \(arn.accountID), not the row's account_id \(accountID.text); the role to assume must be in the payer account itself")
                }
            } else {
                error(.accessRoleARN, "\(Self.quoted(roleARN)) is not an IAM role ARN; expected arn:\(partition):iam::<account_id>:role/<name>")
            }
        }
        if !externalID.isEmpty, !Self.isExternalID(externalID) {
            error(.accessExternalID, "must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (has \(externalID.text.count) \(externalID.text.count == 1 ? "character" : "characters"))")
        }
        if !profile.isEmpty {
            if !Self.isProfileName(profile) {
                error(.awsProfile, "\(Self.quoted(profile)) is not a profile name; use letters, digits and -_.@+/ without spaces")
            }
            if !roleARN.isEmpty {
                error(.awsProfile, "give either aws_profile or access_role_arn, not both")
            }
            if !externalID.isEmpty {
                error(.accessExternalID, "applies to assume-role only; with aws_profile set the external id in the profile (external_id)")
            }
        }

        // products
        var products = Product.defaultSelection
        let productList = value(.products)
        if productList.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
            products = []
            error(.products, "\(Self.quoted(productList)) holds a line break; write the list on one line, separated by ';'")
        } else if !productList.isEmpty {
            var chosen: UInt8 = 0
            var productError = false
            var itemStart = 0
            for index in 0...productList.count where index == productList.count || productList[index] == UInt8(ascii: ";") {
                let item = FieldBytes(rebasing: productList[itemStart..<index]).trimmed
                itemStart = index + 1
                if item.isEmpty { continue }
                if let product = Product(name: item) {
                    if chosen & product.bit != 0 {
                        warning(.products, "'\(product.rawValue)' is listed twice")
                    }
                    chosen |= product.bit
                } else {
                    productError = true
                    error(.products, "\(Self.quoted(item)) is not a product; allowed: \(Product.allCases.map(\.rawValue).joined(separator: ", ")), separated by ';'")
                }
            }
            if chosen != 0 {
                products = Product.selection(chosen)
            } else if productError {
                products = []
            }
        }

        // cur_bucket, cur_report_name, cur_prefix
        let bucket = value(.curBucket)
        if !bucket.isEmpty, let reason = S3BucketName.problem(with: bucket) {
            error(.curBucket, "\(Self.quoted(bucket)) is not a valid S3 bucket name: it \(reason)")
        }
        let reportName = value(.curReportName)
        if !reportName.isEmpty, !Self.isReportName(reportName) {
            error(.curReportName, "\(Self.quoted(reportName)) is not a valid report name; use up to 256 letters, digits and !-_.*'() with no spaces")
        }
        let prefix = value(.curPrefix)
        if !prefix.isEmpty {
            if !Self.isReportPrefix(prefix) {
                error(.curPrefix, "\(Self.quoted(prefix)) is not a valid S3 prefix for a report; use up to 256 letters, digits and !-_.*'()/ with no spaces")
            } else if prefix.first == UInt8(ascii: "/") || prefix.last == UInt8(ascii: "/") {
                error(.curPrefix, "\(Self.quoted(prefix)) must not begin or end with '/' (Spot reads <prefix>/<report name>/)")
            }
        }

        // spot_account_id, spot_profile
        let spotAccountID = value(.spotAccountID)
        if !spotAccountID.isEmpty, !Self.isSpotAccountID(spotAccountID) {
            error(.spotAccountID, "\(Self.quoted(spotAccountID)) is not a Spot account id; expected act- and 8 lowercase hex digits, such as act-1a2b3c4d")
        }
        let spotProfile = value(.spotProfile)
        if !spotProfile.isEmpty, !Self.isProfileName(spotProfile) {
            error(.spotProfile, "\(Self.quoted(spotProfile)) is not a profile name; use letters, digits and -_.@+/ without spaces")
        }

        // billing_access_confirmed
        let billingAccessConfirmed = boolean(.billingAccessConfirmed, value(.billingAccessConfirmed), error) ?? false

        for problem in problems where problem.severity == .error {
            return (nil, problems)
        }
        let accountIDText = accountID.text
        let login: PayerAccount.Login = profile.isEmpty
            ? .assumeRole(roleARN: roleARN.isEmpty ? nil : roleARN.text, externalID: externalID.isEmpty ? nil : externalID.text)
            : .profile(profile.text)
        let report = PayerAccount.ReportRequest(
            bucket: bucket.isEmpty ? AccountListColumn.defaultBucket(accountID: accountIDText) : bucket.text,
            reportName: reportName.isEmpty ? AccountListColumn.defaultReportName : reportName.text,
            prefix: prefix.isEmpty ? AccountListColumn.defaultPrefix : prefix.text,
            isNamedInRow: !bucket.isEmpty || !reportName.isEmpty)
        let account = PayerAccount(
            line: line, accountID: accountIDText, organizationName: foldedName ?? organizationName.text, isChina: isChina,
            login: login, products: products, costAndUsageReport: report,
            spotAccountID: spotAccountID.isEmpty ? nil : spotAccountID.text,
            spotProfile: spotProfile.isEmpty ? AccountListColumn.defaultSpotProfile : spotProfile.text,
            billingAccessConfirmed: billingAccessConfirmed)
        return (account, problems)
    }

    private func boolean(
        _ column: AccountListColumn, _ value: FieldBytes, _ error: (AccountListColumn, String) -> Void
    ) -> Bool? {
        if value.isEmpty { return nil }
        if value.equalsIgnoringCase("yes") || value.equalsIgnoringCase("true") || value.equalsIgnoringCase("1") { return true }
        if value.equalsIgnoringCase("no") || value.equalsIgnoringCase("false") || value.equalsIgnoringCase("0") { return false }
        error(column, "\(Self.quoted(value)) is not a yes/no value; use yes, no, true, false, 1 or 0")
        return nil
    }

    // MARK: - Rules

    /// Exactly 12 ASCII digits.
    static func isAccountID(_ value: FieldBytes) -> Bool {
        value.count == 12 && value.allIn(.digits)
    }

    /// STS's rule for external ids: 2–1224 characters of `[\w+=,.@:/-]`.
    static func isExternalID(_ value: FieldBytes) -> Bool {
        (2...1224).contains(value.count) && value.allIn(.externalID)
    }

    /// The CUR model's `ReportName`: `[0-9A-Za-z!\-_.*\'()]+`, at most 256.
    static func isReportName(_ value: FieldBytes) -> Bool {
        (1...256).contains(value.count) && value.allIn(.reportName)
    }

    /// The CUR model's `S3Prefix`: `[0-9A-Za-z!\-_.*\'()/]*`, at most 256.
    static func isReportPrefix(_ value: FieldBytes) -> Bool {
        value.count <= 256 && value.allIn(.reportPrefix)
    }

    /// `act-` and 8 lowercase hexadecimal digits.
    static func isSpotAccountID(_ value: FieldBytes) -> Bool {
        value.count == 12 && value.hasPrefix("act-") && FieldBytes(rebasing: value[4...]).allIn(.lowercaseHex)
    }

    /// A profile name of the shared config files: no white space or brackets.
    static func isProfileName(_ value: FieldBytes) -> Bool {
        (1...128).contains(value.count) && value.allIn(.profileName)
    }

    @inline(__always)
    static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// What ``checkName(_:)`` found in a free-text value.
    enum NameCheck: Equatable {
        /// Nothing to change.
        case plain
        /// Line breaks folded: the value to use.
        case folded(String)
        /// A control or format character: the first, its 1-based position among the value's
        /// characters (Unicode scalars), and how many more there are.
        case refused(Unicode.Scalar, position: Int, others: Int)
    }

    /// Checks a free-text value (valid UTF-8, trimmed): folds each line break, with the spaces
    /// around it, into one space, and refuses every other character that does not print.
    static func checkName(_ value: FieldBytes) -> NameCheck {
        var plain = true
        for byte in value where byte < 0x20 || byte >= 0x7F {
            plain = false
            break
        }
        if plain { return .plain }
        var out = String.UnicodeScalarView()
        var refused: (scalar: Unicode.Scalar, position: Int)?
        var others = 0
        var inBreak = false
        var folded = false
        var position = 0
        for scalar in value.text.unicodeScalars {
            position += 1
            let isBreak = scalar == "\n" || scalar == "\r"
            if isBreak {
                folded = true
                while let last = out.last, last == " " { out.removeLast() }
                inBreak = true
                continue
            }
            if inBreak {
                if scalar == " " { continue }
                out.append(" ")
                inBreak = false
            }
            if DisplayText.isHidden(scalar) {
                if refused == nil { refused = (scalar, position) } else { others += 1 }
            }
            out.append(scalar)
        }
        if let refused { return .refused(refused.scalar, position: refused.position, others: others) }
        return folded ? .folded(String(out)) : .plain
    }

    /// A value for a message, quoted, escaped and cut short.
    static func quoted(_ value: FieldBytes) -> String {
        "'\(DisplayText.excerpt(value.text))'"
    }
}
