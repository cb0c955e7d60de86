import AccountList
import Testing

/// One value that a column rule must reject, with a fragment the message must hold.
struct RejectedValue: Sendable, CustomTestStringConvertible {
    var column: AccountListColumn
    var value: String
    var fragment: String
    /// Other columns to set on the row (for rules that depend on them).
    var others: [AccountListColumn: String] = [:]

    var testDescription: String { "\(column.header)=\(value.prefix(40).debugDescription)" }
}

@Suite("Column rules")
struct ColumnRuleTests {
    /// Validates one row, expects exactly one error, on `column`, and returns it.
    static func singleError(_ rejected: RejectedValue) throws -> AccountListProblem {
        var values = rejected.others
        values[rejected.column] = rejected.value
        let row = try Fixtures.validate(values)
        #expect(!row.isValid)
        #expect(row.account == nil)
        #expect(row.errors.count == 1, "\(row.problems.map(\.description))")
        let problem = try #require(row.errors.first)
        #expect(problem.column == rejected.column.header)
        #expect(problem.line == 2)
        #expect(problem.severity == .error)
        #expect(problem.description.hasPrefix("accounts.csv:2: \(rejected.column.header): "))
        #expect(problem.message.contains(rejected.fragment), "\(problem.message)")
        return problem
    }

    // MARK: - account_id

    @Test("account_id: 12 digits pass, leading zeros kept",
          arguments: ["123456789012", "012345678901", "000000000000", "999999999999", " 001234567890 "])
    func accountIDPasses(value: String) throws {
        let row = try Fixtures.validate([.accountID: value])
        let account = try #require(row.account)
        #expect(account.accountID == value.filter { $0 != " " })
        #expect(account.accountID.utf8.count == 12)
        #expect(row.problems.isEmpty)
    }

    static let badAccountIDs: [RejectedValue] = [
        RejectedValue(column: .accountID, value: "", fragment: "is empty; give the 12-digit AWS account id"),
        RejectedValue(column: .accountID, value: "12345678901", fragment: "'12345678901' has 11 digits; an AWS account id has exactly 12 (leading zeros lost?"),
        RejectedValue(column: .accountID, value: "1234", fragment: "'1234' has 4 digits"),
        RejectedValue(column: .accountID, value: "1234567890123", fragment: "'1234567890123' is not an AWS account id; expected exactly 12 digits, such as 012345678901"),
        RejectedValue(column: .accountID, value: "12345678901a", fragment: "is not an AWS account id; expected exactly 12 digits"),
        RejectedValue(column: .accountID, value: "1234-5678-9012", fragment: "is not an AWS account id"),
        RejectedValue(column: .accountID, value: "1.23457E+11", fragment: "is not an AWS account id"),
        RejectedValue(column: .accountID, value: "１２３４５６７８９０１２", fragment: "is not an AWS account id"),
    ]

    @Test("account_id: anything but 12 digits fails", arguments: badAccountIDs)
    func accountIDFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    @Test("account_id: the full message for 11 digits mentions leading zeros")
    func accountIDMessage() throws {
        let problem = try Self.singleError(RejectedValue(column: .accountID, value: "12345678901", fragment: "leading zeros"))
        #expect(problem.description == "accounts.csv:2: account_id: '12345678901' has 11 digits; an AWS account id has exactly 12 (leading zeros lost? keep the column as text)")
    }

    // MARK: - organization_name

    @Test("organization_name: ordinary names pass", arguments: [
        ("Acme Retail, Inc.", "Acme Retail, Inc."), ("Stark \"Energy\"", "Stark \"Energy\""),
        ("Société Générale 日本", "Société Générale 日本"), ("  Padded Name  ", "Padded Name"), ("X", "X"),
        ("z 42", "z 42"),
    ])
    func organizationNamePasses(value: String, expected: String) throws {
        let row = try Fixtures.validate([.organizationName: value])
        #expect(row.account?.organizationName == expected)
        #expect(row.problems.isEmpty)
    }

    static let badOrganizationNames: [RejectedValue] = [
        RejectedValue(column: .organizationName, value: "", fragment: "is empty; give the customer's name"),
        RejectedValue(column: .organizationName, value: "Tab\there", fragment: "holds U+0009 CHARACTER TABULATION at character 4, a control character"),
        RejectedValue(column: .organizationName, value: "Bell\u{07}", fragment: "control character"),
        RejectedValue(column: .organizationName, value: "Del\u{7F}x", fragment: "control character"),
        RejectedValue(column: .organizationName, value: "Next\u{85}Line", fragment: "control character"),
        RejectedValue(column: .organizationName, value: "C1\u{9F}x", fragment: "control character"),
        // Spot's rule for account names (openapi, POST /setup/account): at least one a-z or A-Z.
        RejectedValue(column: .organizationName, value: "12345", fragment: "holds no letter a-z or A-Z; Spot's account names need one"),
        RejectedValue(column: .organizationName, value: "日本株式会社", fragment: "holds no letter a-z or A-Z"),
        RejectedValue(column: .organizationName, value: "@ - _ ` { ~", fragment: "holds no letter a-z or A-Z"),
    ]

    @Test("organization_name: empty or holding control characters fails", arguments: badOrganizationNames)
    func organizationNameFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    // MARK: - Booleans

    static let booleanSpellings: [(String, Bool)] = [
        ("yes", true), ("no", false), ("true", true), ("false", false), ("1", true), ("0", false),
        ("YES", true), ("No", false), ("TRUE", true), ("False", false), ("yEs", true), (" true ", true),
    ]

    @Test("aws_china: yes/no/true/false/1/0 in any case", arguments: booleanSpellings)
    func awsChinaPasses(value: String, expected: Bool) throws {
        var values: [AccountListColumn: String] = [.awsChina: value]
        if expected { values[.accessRoleARN] = "arn:aws-cn:iam::123456789012:role/Access" }
        let row = try Fixtures.validate(values)
        #expect(row.account?.isChina == expected)
        #expect(row.problems.isEmpty)
    }

    @Test("billing_access_confirmed: yes/no/true/false/1/0 in any case", arguments: booleanSpellings)
    func billingPasses(value: String, expected: Bool) throws {
        let row = try Fixtures.validate([.billingAccessConfirmed: value])
        #expect(row.account?.billingAccessConfirmed == expected)
        #expect(row.problems.isEmpty)
    }

    @Test("booleans: other values fail", arguments: [AccountListColumn.awsChina, .billingAccessConfirmed],
          ["maybe", "y", "n", "2", "on", "-1", "yes please", "t"])
    func booleanFails(column: AccountListColumn, value: String) throws {
        let problem = try Self.singleError(RejectedValue(
            column: column, value: value, fragment: "'\(value)' is not a yes/no value; use yes, no, true, false, 1 or 0"))
        #expect(problem.description == "accounts.csv:2: \(column.header): '\(value)' is not a yes/no value; use yes, no, true, false, 1 or 0")
    }

    // MARK: - access_role_arn

    @Test("access_role_arn: a role in the row's partition and account passes", arguments: [
        ("no", "arn:aws:iam::123456789012:role/Onboard"),
        ("no", "arn:aws:iam::123456789012:role/service-role/path/Spot+=,.@_-Role"),
        ("", "arn:aws:iam::123456789012:role/" + String(repeating: "r", count: 64)),
        ("yes", "arn:aws-cn:iam::123456789012:role/SpotAccess"),
    ])
    func roleARNPasses(china: String, arn: String) throws {
        let row = try Fixtures.validate([.awsChina: china, .accessRoleARN: arn])
        #expect(row.problems.isEmpty, "\(row.problems.map(\.description))")
        #expect(row.account?.login == .assumeRole(roleARN: arn, externalID: nil))
    }

    static let badRoleARNs: [RejectedValue] = [
        RejectedValue(column: .accessRoleARN, value: "not-an-arn", fragment: "'not-an-arn' is not an IAM role ARN; expected arn:aws:iam::<account_id>:role/<name>"),
        RejectedValue(column: .accessRoleARN, value: "OrganizationAccountAccessRole", fragment: "is not an IAM role ARN; expected arn:aws-cn:iam::<account_id>:role/<name>", others: [.awsChina: "yes"]),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::123456789012:user/Bob", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:s3:::my-bucket", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:sts::123456789012:role/X", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam:us-east-1:123456789012:role/X", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::12345678901:role/X", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::123456789012:role/", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::123456789012:role/path/", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::123456789012:role/" + String(repeating: "r", count: 65), fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::123456789012:role/Bad*Name", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::123456789012:role/Bad Name", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn::iam::123456789012:role/X", fragment: "is not an IAM role ARN"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws-cn:iam::123456789012:role/X", fragment: "is in partition 'aws-cn' but the row's partition is 'aws' (aws_china is no); use arn:aws:iam::… or fix aws_china"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::123456789012:role/X", fragment: "is in partition 'aws' but the row's partition is 'aws-cn' (aws_china is yes); use arn:aws-cn:iam::… or fix aws_china", others: [.awsChina: "yes"]),
        RejectedValue(column: .accessRoleARN, value: "arn:aws-us-gov:iam::123456789012:role/X", fragment: "is in partition 'aws-us-gov' but the row's partition is 'aws'"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws:iam::999999999999:role/X", fragment: "names account 999999999999, not the row's account_id 123456789012; the role to assume must be in the payer account itself"),
        RejectedValue(column: .accessRoleARN, value: "arn:aws-cn:iam::023456789012:role/X", fragment: "names account 023456789012, not the row's account_id 123456789012", others: [.awsChina: "1"]),
    ]

    @Test("access_role_arn: not a role ARN, the wrong partition or another account fails", arguments: badRoleARNs)
    func roleARNFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    // MARK: - access_external_id and aws_profile

    @Test("access_external_id: 2 to 1224 characters of [\\w+=,.@:/-] pass", arguments: [
        "ab", "initech-ext-7731", "A_b+c=d,e.f@g:h/i-j", String(repeating: "x", count: 1224),
    ])
    func externalIDPasses(value: String) throws {
        let row = try Fixtures.validate([.accessExternalID: value])
        #expect(row.problems.isEmpty)
        #expect(row.account?.login == .assumeRole(roleARN: nil, externalID: value))
    }

    static let badExternalIDs: [RejectedValue] = [
        RejectedValue(column: .accessExternalID, value: "x", fragment: "must be 2 to 1224 characters of letters, digits and +=,.@:/-_ (has 1 character)"),
        RejectedValue(column: .accessExternalID, value: String(repeating: "x", count: 1225), fragment: "(has 1225 characters)"),
        RejectedValue(column: .accessExternalID, value: "has space", fragment: "must be 2 to 1224 characters"),
        RejectedValue(column: .accessExternalID, value: "ext#1", fragment: "must be 2 to 1224 characters"),
        RejectedValue(column: .accessExternalID, value: "ünïcode", fragment: "must be 2 to 1224 characters"),
        RejectedValue(column: .accessExternalID, value: "ext-123", fragment: "applies to assume-role only; with aws_profile set the external id in the profile", others: [.awsProfile: "payer"]),
    ]

    @Test("access_external_id: bad characters, bad length, or with aws_profile fails", arguments: badExternalIDs)
    func externalIDFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    @Test("aws_profile: a profile name passes and replaces assume-role", arguments: ["payer-prod", "team.a@corp+1/x_y", "default"])
    func profilePasses(value: String) throws {
        let row = try Fixtures.validate([.awsProfile: value])
        #expect(row.problems.isEmpty)
        #expect(row.account?.login == .profile(value))
    }

    static let badProfiles: [RejectedValue] = [
        RejectedValue(column: .awsProfile, value: "bad profile", fragment: "'bad profile' is not a profile name; use letters, digits and -_.@+/ without spaces"),
        RejectedValue(column: .awsProfile, value: "[payer]", fragment: "is not a profile name"),
        RejectedValue(column: .awsProfile, value: String(repeating: "p", count: 129), fragment: "is not a profile name"),
        RejectedValue(column: .awsProfile, value: "payer", fragment: "give either aws_profile or access_role_arn, not both", others: [.accessRoleARN: "arn:aws:iam::123456789012:role/X"]),
    ]

    @Test("aws_profile: a bad name, or with access_role_arn, fails", arguments: badProfiles)
    func profileFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    @Test("aws_profile with access_role_arn and access_external_id reports both conflicts")
    func profileConflicts() throws {
        let row = try Fixtures.validate([
            .awsProfile: "payer", .accessRoleARN: "arn:aws:iam::123456789012:role/X", .accessExternalID: "ext-1",
        ])
        #expect(!row.isValid)
        #expect(Set(row.errors.compactMap(\.column)) == ["aws_profile", "access_external_id"])
        #expect(row.problems(for: .awsProfile).map(\.description) == [
            "accounts.csv:2: aws_profile: give either aws_profile or access_role_arn, not both",
        ])
    }

    // MARK: - products

    @Test("products: lists are parsed, case-insensitive, ordered as the column reference", arguments: [
        ("", [Product.cloudAnalyzer]),
        ("cloud-analyzer", [.cloudAnalyzer]),
        ("eco", [.eco]),
        ("ocean;cloud-analyzer", [.cloudAnalyzer, .ocean]),
        ("ocean;elastigroup;eco;cloud-analyzer", [.cloudAnalyzer, .eco, .elastigroup, .ocean]),
        (" Eco ; ELASTIGROUP ", [.eco, .elastigroup]),
        ("eco;;ocean;", [.eco, .ocean]),
        (";", [.cloudAnalyzer]),
    ])
    func productsPass(value: String, expected: [Product]) throws {
        let row = try Fixtures.validate([.products: value])
        #expect(row.problems.isEmpty)
        #expect(row.account?.products == expected)
    }

    @Test("products: a repeat is a warning and is dropped")
    func productsDuplicate() throws {
        let row = try Fixtures.validate([.products: "ocean;eco;Ocean;eco"])
        #expect(row.isValid)
        #expect(row.account?.products == [.eco, .ocean])
        #expect(row.warnings.map(\.description) == [
            "accounts.csv:2: warning: products: 'ocean' is listed twice",
            "accounts.csv:2: warning: products: 'eco' is listed twice",
        ])
    }

    static let badProducts: [RejectedValue] = [
        RejectedValue(column: .products, value: "eco;spot", fragment: "'spot' is not a product; allowed: cloud-analyzer, eco, elastigroup, ocean, separated by ';'"),
        RejectedValue(column: .products, value: "billing", fragment: "'billing' is not a product"),
        RejectedValue(column: .products, value: "eco,ocean", fragment: "'eco,ocean' is not a product"),
        RejectedValue(column: .products, value: "cloud analyzer", fragment: "'cloud analyzer' is not a product"),
        RejectedValue(column: .products, value: "cloudanalyzer;eco", fragment: "'cloudanalyzer' is not a product"),
    ]

    @Test("products: an unknown product fails", arguments: badProducts)
    func productsFail(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    @Test("products: each unknown product is its own error")
    func productsSeveralUnknown() throws {
        let row = try Fixtures.validate([.products: "foo;eco;bar"])
        #expect(row.errors.map(\.message) == [
            "'foo' is not a product; allowed: cloud-analyzer, eco, elastigroup, ocean, separated by ';'",
            "'bar' is not a product; allowed: cloud-analyzer, eco, elastigroup, ocean, separated by ';'",
        ])
    }

    // MARK: - cur_bucket

    @Test("cur_bucket: S3-valid names pass and count as named in the row", arguments: [
        "my-bucket", "abc", "a.b.c", "123", "1.2.3", "1.2.3.4.5", "a-1.b-2", String(repeating: "b", count: 63),
        "xn-abc", "bucket-s3alias-not", "sthree", "192.168.5.4a",
    ])
    func bucketPasses(value: String) throws {
        let row = try Fixtures.validate([.curBucket: value])
        #expect(row.problems.isEmpty, "\(row.problems.map(\.description))")
        #expect(row.account?.costAndUsageReport == PayerAccount.ReportRequest(
            bucket: value, reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: true))
    }

    static let badBuckets: [RejectedValue] = [
        RejectedValue(column: .curBucket, value: "ab", fragment: "'ab' is not a valid S3 bucket name: it must be 3 to 63 characters long (has 2)"),
        RejectedValue(column: .curBucket, value: String(repeating: "b", count: 64), fragment: "must be 3 to 63 characters long (has 64)"),
        RejectedValue(column: .curBucket, value: "My-Bucket", fragment: "may hold only lowercase letters, digits, dots and hyphens (found 'M')"),
        RejectedValue(column: .curBucket, value: "my_bucket", fragment: "(found '_')"),
        RejectedValue(column: .curBucket, value: "my bucket", fragment: "(found ' ')"),
        RejectedValue(column: .curBucket, value: "bücket", fragment: "(found a non-ASCII character)"),
        RejectedValue(column: .curBucket, value: "a..b", fragment: "must not hold two dots in a row"),
        RejectedValue(column: .curBucket, value: "-abc", fragment: "must begin and end with a lowercase letter or a digit"),
        RejectedValue(column: .curBucket, value: "abc-", fragment: "must begin and end with a lowercase letter or a digit"),
        RejectedValue(column: .curBucket, value: ".abc", fragment: "must begin and end with a lowercase letter or a digit"),
        RejectedValue(column: .curBucket, value: "abc.", fragment: "must begin and end with a lowercase letter or a digit"),
        RejectedValue(column: .curBucket, value: "192.168.5.4", fragment: "must not look like an IP address"),
        RejectedValue(column: .curBucket, value: "10.0.0.1", fragment: "must not look like an IP address"),
        RejectedValue(column: .curBucket, value: "xn--bucket", fragment: "must not begin with 'xn--' (reserved by S3)"),
        RejectedValue(column: .curBucket, value: "sthree-bucket", fragment: "must not begin with 'sthree-' (reserved by S3)"),
        RejectedValue(column: .curBucket, value: "amzn-s3-demo-bucket", fragment: "must not begin with 'amzn-s3-demo-'"),
        RejectedValue(column: .curBucket, value: "bucket-s3alias", fragment: "must not end with '-s3alias' (reserved by S3)"),
        RejectedValue(column: .curBucket, value: "bucket--ol-s3", fragment: "must not end with '--ol-s3'"),
        RejectedValue(column: .curBucket, value: "bucket.mrap", fragment: "must not end with '.mrap'"),
        RejectedValue(column: .curBucket, value: "bucket--x-s3", fragment: "must not end with '--x-s3'"),
        RejectedValue(column: .curBucket, value: "bucket--table-s3", fragment: "must not end with '--table-s3'"),
    ]

    @Test("cur_bucket: S3's naming rules", arguments: badBuckets)
    func bucketFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    @Test("cur_bucket: the full message")
    func bucketMessage() throws {
        let problem = try Self.singleError(RejectedValue(column: .curBucket, value: "Spot_CUR", fragment: "found 'S'"))
        #expect(problem.description == "accounts.csv:2: cur_bucket: 'Spot_CUR' is not a valid S3 bucket name: it may hold only lowercase letters, digits, dots and hyphens (found 'S')")
    }

    @Test("cur_bucket: the length message counts what the rule counts")
    func bucketLengthMessageWithNonASCII() throws {
        // 62 ASCII letters and one two-byte character: 64 bytes, 63 characters.
        let value = String(repeating: "a", count: 62) + "é"
        let row = try Fixtures.validate([.curBucket: value])
        #expect(!row.isValid)
        let message = try #require(row.problems(for: .curBucket).first?.message)
        #expect(message.contains("is not a valid S3 bucket name"))
        #expect(!message.contains("(has 63)"), "the rule counts bytes, so the message must not report an allowed length")
    }

    // MARK: - cur_report_name and cur_prefix

    @Test("cur_report_name: the CUR model's pattern passes", arguments: [
        "spot-cur-hourly", "Report_1", "a", "x!-_.*'()", String(repeating: "r", count: 256),
    ])
    func reportNamePasses(value: String) throws {
        let row = try Fixtures.validate([.curReportName: value])
        #expect(row.problems.isEmpty)
        #expect(row.account?.costAndUsageReport == PayerAccount.ReportRequest(
            bucket: "spot-cur-123456789012", reportName: value, prefix: "cur", isNamedInRow: true))
    }

    static let badReportNames: [RejectedValue] = [
        RejectedValue(column: .curReportName, value: "my report", fragment: "'my report' is not a valid report name; use up to 256 letters, digits and !-_.*'() with no spaces"),
        RejectedValue(column: .curReportName, value: "a/b", fragment: "is not a valid report name"),
        RejectedValue(column: .curReportName, value: "rapport-é", fragment: "is not a valid report name"),
        RejectedValue(column: .curReportName, value: "a+b", fragment: "is not a valid report name"),
        RejectedValue(column: .curReportName, value: String(repeating: "r", count: 257), fragment: "is not a valid report name"),
    ]

    @Test("cur_report_name: anything outside the pattern fails", arguments: badReportNames)
    func reportNameFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    @Test("cur_prefix: the CUR model's pattern passes, and a prefix alone does not name the report", arguments: [
        "cur", "billing/cur", "a", "x!-_.*'()", "a//b", String(repeating: "p", count: 256),
    ])
    func prefixPasses(value: String) throws {
        let row = try Fixtures.validate([.curPrefix: value])
        #expect(row.problems.isEmpty)
        #expect(row.account?.costAndUsageReport == PayerAccount.ReportRequest(
            bucket: "spot-cur-123456789012", reportName: "spot-cur-hourly", prefix: value, isNamedInRow: false))
    }

    static let badPrefixes: [RejectedValue] = [
        RejectedValue(column: .curPrefix, value: "/cur", fragment: "'/cur' must not begin or end with '/' (Spot reads <prefix>/<report name>/)"),
        RejectedValue(column: .curPrefix, value: "cur/", fragment: "'cur/' must not begin or end with '/'"),
        RejectedValue(column: .curPrefix, value: "/", fragment: "must not begin or end with '/'"),
        RejectedValue(column: .curPrefix, value: "/cur/", fragment: "must not begin or end with '/'"),
        RejectedValue(column: .curPrefix, value: "my prefix", fragment: "'my prefix' is not a valid S3 prefix for a report; use up to 256 letters, digits and !-_.*'()/ with no spaces"),
        RejectedValue(column: .curPrefix, value: "a+b", fragment: "is not a valid S3 prefix"),
        RejectedValue(column: .curPrefix, value: "préfixe", fragment: "is not a valid S3 prefix"),
        RejectedValue(column: .curPrefix, value: String(repeating: "p", count: 257), fragment: "is not a valid S3 prefix"),
    ]

    @Test("cur_prefix: anything outside the pattern, or a leading or trailing '/', fails", arguments: badPrefixes)
    func prefixFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    // MARK: - spot_account_id and spot_profile

    @Test("spot_account_id: act- and 8 lowercase hex digits pass", arguments: ["act-1a2b3c4d", "act-00000000", "act-abcdef12", "act-99999999"])
    func spotAccountPasses(value: String) throws {
        let row = try Fixtures.validate([.spotAccountID: value])
        #expect(row.problems.isEmpty)
        #expect(row.account?.spotAccountID == value)
    }

    @Test("spot_account_id: anything else fails", arguments: [
        "act-1A2B3C4D", "act-1a2b3c4", "act-1a2b3c4d5", "acc-1a2b3c4d", "1a2b3c4d", "act-1a2b3c4g", "ACT-1a2b3c4d",
        "act_1a2b3c4d", "act-XYZ", "act-",
    ])
    func spotAccountFails(value: String) throws {
        let problem = try Self.singleError(RejectedValue(
            column: .spotAccountID, value: value,
            fragment: "'\(value)' is not a Spot account id; expected act- and 8 lowercase hex digits, such as act-1a2b3c4d"))
        #expect(problem.description == "accounts.csv:2: spot_account_id: '\(value)' is not a Spot account id; expected act- and 8 lowercase hex digits, such as act-1a2b3c4d")
    }

    @Test("spot_profile: a profile name passes", arguments: ["default", "partner-b", "team@corp", "org/a_b.c+d"])
    func spotProfilePasses(value: String) throws {
        let row = try Fixtures.validate([.spotProfile: value])
        #expect(row.problems.isEmpty)
        #expect(row.account?.spotProfile == value)
    }

    static let badSpotProfiles: [RejectedValue] = [
        RejectedValue(column: .spotProfile, value: "partner b", fragment: "'partner b' is not a profile name; use letters, digits and -_.@+/ without spaces"),
        RejectedValue(column: .spotProfile, value: "[default]", fragment: "is not a profile name"),
        RejectedValue(column: .spotProfile, value: "profil-é", fragment: "is not a profile name"),
        RejectedValue(column: .spotProfile, value: String(repeating: "s", count: 129), fragment: "is not a profile name"),
    ]

    @Test("spot_profile: anything else fails", arguments: badSpotProfiles)
    func spotProfileFails(rejected: RejectedValue) throws {
        _ = try Self.singleError(rejected)
    }

    // MARK: - Defaults and a full row

    @Test("defaults for every optional column")
    func defaults() throws {
        let row = try Fixtures.validate([:])
        #expect(row.problems.isEmpty)
        #expect(row.line == 2)
        let account = try #require(row.account)
        #expect(account == PayerAccount(
            line: 2, accountID: "123456789012", organizationName: "Acme", isChina: false,
            login: .assumeRole(roleARN: nil, externalID: nil), products: [.cloudAnalyzer],
            costAndUsageReport: PayerAccount.ReportRequest(
                bucket: "spot-cur-123456789012", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: false),
            spotAccountID: nil, spotProfile: "default", billingAccessConfirmed: false))
    }

    @Test("defaults when the file has only the required columns")
    func defaultsWithRequiredColumnsOnly() throws {
        let result = try Fixtures.read("account_id,organization_name\n012345678901,Tyrell\n")
        let account = try #require(result.accounts.first)
        #expect(account.costAndUsageReport.bucket == "spot-cur-012345678901")
        #expect(account.costAndUsageReport.reportName == AccountListColumn.defaultReportName)
        #expect(account.costAndUsageReport.prefix == AccountListColumn.defaultPrefix)
        #expect(account.costAndUsageReport.isNamedInRow == false)
        #expect(account.spotProfile == AccountListColumn.defaultSpotProfile)
        #expect(account.products == Product.defaultSelection)
        #expect(account.isChina == false)
        #expect(account.billingAccessConfirmed == false)
        #expect(account.spotAccountID == nil)
        #expect(account.login == .assumeRole(roleARN: nil, externalID: nil))
    }

    @Test("a row naming every column")
    func fullRow() throws {
        let row = try Fixtures.validate([
            .accountID: "888888888888", .organizationName: "Soylent Foods, Ltd.", .awsChina: "yes",
            .accessRoleARN: "arn:aws-cn:iam::888888888888:role/SpotOnboardingAccess", .accessExternalID: "ext-42",
            .products: "ocean;cloud-analyzer", .curBucket: "soylent-cur", .curReportName: "soylent-hourly",
            .curPrefix: "billing/cur", .spotAccountID: "act-0f0f0f0f", .spotProfile: "partner-b",
            .billingAccessConfirmed: "TRUE",
        ])
        #expect(row.problems.isEmpty)
        #expect(row.account == PayerAccount(
            line: 2, accountID: "888888888888", organizationName: "Soylent Foods, Ltd.", isChina: true,
            login: .assumeRole(roleARN: "arn:aws-cn:iam::888888888888:role/SpotOnboardingAccess", externalID: "ext-42"),
            products: [.cloudAnalyzer, .ocean],
            costAndUsageReport: PayerAccount.ReportRequest(
                bucket: "soylent-cur", reportName: "soylent-hourly", prefix: "billing/cur", isNamedInRow: true),
            spotAccountID: "act-0f0f0f0f", spotProfile: "partner-b", billingAccessConfirmed: true))
    }

    @Test("the default bucket keeps the account id's leading zeros")
    func defaultBucketLeadingZeros() throws {
        let row = try Fixtures.validate([.accountID: "000123456789"])
        #expect(row.account?.costAndUsageReport.bucket == "spot-cur-000123456789")
        #expect(AccountListColumn.defaultBucket(accountID: "000123456789") == "spot-cur-000123456789")
    }

    @Test("every problem names file, line and column", arguments: [
        (AccountListColumn.accountID, "x"), (.organizationName, ""), (.awsChina, "x"), (.accessRoleARN, "x"),
        (.accessExternalID, "x"), (.awsProfile, "x y"), (.products, "x"), (.curBucket, "x"), (.curReportName, "x y"),
        (.curPrefix, "/x"), (.spotAccountID, "x"), (.spotProfile, "x y"), (.billingAccessConfirmed, "x"),
    ])
    func problemFormat(column: AccountListColumn, value: String) throws {
        let result = try Fixtures.read("\n" + Fixtures.singleRow([column: value]), file: "Inputs/batch-7.csv")
        let row = try #require(result.rows.first)
        #expect(row.line == 3)
        #expect(row.problems.count == 1)
        let problem = try #require(row.problems.first)
        #expect(problem.file == "Inputs/batch-7.csv")
        #expect(problem.line == 3)
        #expect(problem.column == column.header)
        #expect(problem.description == "Inputs/batch-7.csv:3: \(column.header): \(problem.message)")
        #expect(!problem.message.isEmpty)
    }
}
