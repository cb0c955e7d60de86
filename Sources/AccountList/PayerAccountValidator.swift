/// Checks one row of the account list, column by column, and builds the ``PayerAccount``.
///
/// Values are trimmed of surrounding white space first (libcsv trims unquoted fields; quoted
/// ones are trimmed here so both read alike). An empty value means the column's default. The
/// rules read the field bytes in place; strings are made only for messages and for the account.
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
        if organizationName.isEmpty {
            error(.organizationName, "is empty; give the customer's name (it names the Spot account)")
        } else if Self.containsControlCharacter(organizationName) {
            error(.organizationName, "holds a line break or control character; use a single line of text")
        } else if !organizationName.contains(where: { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0 | 0x20) }) {
            // Spot's rule for account names (openapi, POST /setup/account: "must contain at least
            // one character that is a-z or A-Z"); the name names the Spot account.
            error(.organizationName, "\(Self.quoted(organizationName)) holds no letter a-z or A-Z; Spot's account names need one")
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
        if !productList.isEmpty {
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
            line: line, accountID: accountIDText, organizationName: organizationName.text, isChina: isChina,
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

    /// Whether the value holds a C0 or C1 control character (line breaks, tabs, DEL, …).
    static func containsControlCharacter(_ value: FieldBytes) -> Bool {
        var previous: UInt8 = 0
        for byte in value {
            if byte < 0x20 || byte == 0x7F { return true }
            if previous == 0xC2, (0x80...0x9F).contains(byte) { return true }
            previous = byte
        }
        return false
    }

    /// A value for a message, quoted and cut short.
    static func quoted(_ value: FieldBytes) -> String {
        let text = value.text
        let limit = 64
        let shown = text.count <= limit ? text : "\(text.prefix(limit))…"
        return "'\(printable(shown))'"
    }

    /// `text` with line breaks and other control characters escaped, so a message stays on one
    /// line and cannot drive a terminal.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.properties.generalCategory == .control {
                    out += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
