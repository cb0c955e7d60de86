/// Checks one row of the account list, column by column, and builds the ``PayerAccount``.
///
/// Values are trimmed of surrounding white space first (libcsv trims unquoted fields; quoted
/// ones are trimmed here so both read alike). An empty value means the column's default.
struct PayerAccountValidator: Sendable {
    /// The file's path, for messages.
    let file: String

    /// Validates a row. `values` is indexed by ``AccountListColumn/ordinal``; `nil` for a column
    /// the file does not have.
    func validate(line: Int, values: [String?]) -> (account: PayerAccount?, problems: [AccountListProblem]) {
        var problems: [AccountListProblem] = []
        func value(_ column: AccountListColumn) -> String {
            values[column.ordinal] ?? ""
        }
        func error(_ column: AccountListColumn, _ message: String) {
            problems.append(AccountListProblem(severity: .error, file: file, line: line, column: column.header, message: message))
        }
        func warning(_ column: AccountListColumn, _ message: String) {
            problems.append(AccountListProblem(severity: .warning, file: file, line: line, column: column.header, message: message))
        }

        // account_id
        let accountID = value(.accountID)
        if accountID.isEmpty {
            error(.accountID, "is empty; give the 12-digit AWS account id of the management account")
        } else if !Self.isAccountID(accountID) {
            if accountID.utf8.allSatisfy(Self.isDigit), accountID.utf8.count < 12 {
                error(.accountID, "\(Self.quoted(accountID)) has \(accountID.utf8.count) digits; an AWS account id has exactly 12 (leading zeros lost? keep the column as text)")
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
        }

        // aws_china
        let isChina = boolean(.awsChina, value(.awsChina), error) ?? false
        let partition = isChina ? "aws-cn" : "aws"

        // access_role_arn, access_external_id, aws_profile
        let roleARNText = value(.accessRoleARN)
        let externalID = value(.accessExternalID)
        let profile = value(.awsProfile)
        if !roleARNText.isEmpty {
            if let arn = RoleARN(roleARNText) {
                if arn.partition != partition {
                    error(.accessRoleARN, "is in partition '\(arn.partition)' but the row's partition is '\(partition)' (aws_china is \(isChina ? "yes" : "no")); use arn:\(partition):iam::… or fix aws_china")
                } else if Self.isAccountID(accountID), arn.accountID != accountID {
                    error(.accessRoleARN, "names account \(arn.accountID), not the row's account_id \(accountID); the role to assume must be in the payer account itself")
                }
            } else {
                error(.accessRoleARN, "\(Self.quoted(roleARNText)) is not an IAM role ARN; expected arn:\(partition):iam::<account_id>:role/<name>")
            }
        }
        if !externalID.isEmpty, !Self.isExternalID(externalID) {
            error(.accessExternalID, "must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (has \(externalID.count) characters)")
        }
        if !profile.isEmpty {
            if !Self.isProfileName(profile) {
                error(.awsProfile, "\(Self.quoted(profile)) is not a profile name; use letters, digits and -_.@+/ without spaces")
            }
            if !roleARNText.isEmpty {
                error(.awsProfile, "give either aws_profile or access_role_arn, not both")
            }
            if !externalID.isEmpty {
                error(.accessExternalID, "applies to assume-role only; with aws_profile set the external id in the profile (external_id)")
            }
        }

        // products
        var products: [Product] = []
        let productsText = value(.products)
        if productsText.isEmpty {
            products = Product.defaultSelection
        } else {
            var chosen: [Product] = []
            var productError = false
            for item in productsText.utf8.split(separator: UInt8(ascii: ";")) {
                let name = String(decoding: item, as: UTF8.self).trimmingSpaces()
                if name.isEmpty { continue }
                if let product = Product(rawValue: name) ?? Product(rawValue: name.lowercased()) {
                    if chosen.contains(product) {
                        warning(.products, "'\(product.rawValue)' is listed twice")
                    } else {
                        chosen.append(product)
                    }
                } else {
                    productError = true
                    error(.products, "\(Self.quoted(name)) is not a product; allowed: \(Product.allCases.map(\.rawValue).joined(separator: ", ")), separated by ';'")
                }
            }
            products = chosen.sorted()
            if products.isEmpty, !productError {
                products = Product.defaultSelection
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
            } else if prefix.hasPrefix("/") || prefix.hasSuffix("/") {
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

        guard !problems.contains(where: { $0.severity == .error }) else {
            return (nil, problems)
        }
        let login: PayerAccount.Login = profile.isEmpty
            ? .assumeRole(roleARN: roleARNText.isEmpty ? nil : roleARNText, externalID: externalID.isEmpty ? nil : externalID)
            : .profile(profile)
        let report = PayerAccount.ReportRequest(
            bucket: bucket.isEmpty ? AccountListColumn.defaultBucket(accountID: accountID) : bucket,
            reportName: reportName.isEmpty ? AccountListColumn.defaultReportName : reportName,
            prefix: prefix.isEmpty ? AccountListColumn.defaultPrefix : prefix,
            isNamedInRow: !bucket.isEmpty || !reportName.isEmpty)
        let account = PayerAccount(
            line: line, accountID: accountID, organizationName: organizationName, isChina: isChina,
            login: login, products: products, costAndUsageReport: report,
            spotAccountID: spotAccountID.isEmpty ? nil : spotAccountID,
            spotProfile: spotProfile.isEmpty ? AccountListColumn.defaultSpotProfile : spotProfile,
            billingAccessConfirmed: billingAccessConfirmed)
        return (account, problems)
    }

    private func boolean(
        _ column: AccountListColumn, _ text: String, _ error: (AccountListColumn, String) -> Void
    ) -> Bool? {
        switch text {
        case "": return nil
        case "yes", "true", "1": return true
        case "no", "false", "0": return false
        default: break
        }
        switch text.lowercased() {
        case "yes", "true", "1": return true
        case "no", "false", "0": return false
        default:
            error(column, "\(Self.quoted(text)) is not a yes/no value; use yes, no, true, false, 1 or 0")
            return nil
        }
    }

    // MARK: - Rules shared with other parts of the module

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Exactly 12 ASCII digits.
    static func isAccountID(_ text: String) -> Bool {
        text.utf8.count == 12 && text.utf8.allSatisfy(isDigit)
    }

    /// STS's rule for external ids: 2–1224 characters of `[\w+=,.@:/-]`.
    static func isExternalID(_ text: String) -> Bool {
        (2...1224).contains(text.utf8.count) && text.utf8.allSatisfy { byte in
            isASCIIWordByte(byte) || "+=,.@:/-".utf8.contains(byte)
        }
    }

    /// The CUR model's `ReportName`: `[0-9A-Za-z!\-_.*\'()]+`, at most 256.
    static func isReportName(_ text: String) -> Bool {
        (1...256).contains(text.utf8.count) && text.utf8.allSatisfy { isASCIIAlphanumeric($0) || "!-_.*'()".utf8.contains($0) }
    }

    /// The CUR model's `S3Prefix`: `[0-9A-Za-z!\-_.*\'()/]*`, at most 256.
    static func isReportPrefix(_ text: String) -> Bool {
        text.utf8.count <= 256 && text.utf8.allSatisfy { isASCIIAlphanumeric($0) || "!-_.*'()/".utf8.contains($0) }
    }

    /// `act-` and 8 lowercase hexadecimal digits.
    static func isSpotAccountID(_ text: String) -> Bool {
        let bytes = text.utf8
        guard bytes.count == 12, bytes.starts(with: "act-".utf8) else { return false }
        return bytes.dropFirst(4).allSatisfy { isDigit($0) || (0x61...0x66).contains($0) }
    }

    /// Whether `text` holds a C0 or C1 control character (line breaks, tabs, DEL, …).
    static func containsControlCharacter(_ text: String) -> Bool {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte < 0x20 || byte == 0x7F { return true }
            if previous == 0xC2, (0x80...0x9F).contains(byte) { return true }
            previous = byte
        }
        return false
    }

    /// A profile name of the shared config files: no white space or brackets.
    static func isProfileName(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count) && text.utf8.allSatisfy { isASCIIWordByte($0) || "-.@+/".utf8.contains($0) }
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        isASCIIAlphanumeric(byte) || byte == UInt8(ascii: "_")
    }

    /// A value for a message, quoted and cut short.
    static func quoted(_ text: String) -> String {
        let limit = 64
        if text.count <= limit { return "'\(text)'" }
        return "'\(text.prefix(limit))…'"
    }
}

extension String {
    /// The text without leading and trailing ASCII spaces, tabs and line breaks.
    func trimmingSpaces() -> String {
        let bytes = utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end, isSpace(bytes[start]) { start = bytes.index(after: start) }
        while start < end, isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(self[start..<end])
    }
}
