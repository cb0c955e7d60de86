import Foundation
import TestSupport
import Testing

/// China rows end to end: credentials belong to one partition, so a China payer is assumed from
/// the operator's credentials of `aws-cn` (`--china-profile`); the local cloud's STS in China
/// refuses the commercial key (`testing`) and accepts its China one (`testing-cn`).
@Suite("onboard run: AWS China credentials (the built binary, against the local cloud)")
struct RunCommandChinaTests {
    private let principals = ["--spot-china-platform-account", "000000000001", "--spot-china-finops-accounts", "000000000002"]

    /// Writes an AWS config and credentials file with a China profile holding `accessKey`.
    private func chinaProfile(_ fixture: RunFixture, accessKey: String) throws -> [String: String] {
        let config = fixture.folder.appendingPathComponent("aws-config").path
        let credentials = fixture.folder.appendingPathComponent("aws-credentials").path
        try "[profile local-cn]\nregion = cn-north-1\n".write(toFile: config, atomically: true, encoding: .utf8)
        try "[local-cn]\naws_access_key_id = \(accessKey)\naws_secret_access_key = testing\n"
            .write(toFile: credentials, atomically: true, encoding: .utf8)
        return ["AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": credentials]
    }

    private func chinaRow(_ id: String) -> AccountRow {
        var row = AccountRow(id, "E2E China \(id)")
        row.awsChina = "yes"
        return row
    }

    @Test("a China row without China credentials fails at login and says how to give them; the others connect")
    func chinaWithoutChinaCredentialsFailsAtLogin() async throws {
        let fixture = try await RunFixture.make()
        let china = FreshNames.accountID()
        let commercial = FreshNames.accountID()
        try await fixture.seedManagementAccounts([china, commercial])
        let file = try fixture.writeAccountList([chinaRow(china), AccountRow(commercial, "E2E Commercial \(commercial)")])
        let output = try await fixture.run(file, principals)
        #expect(output.status == 1, "\(output)")
        let run = try fixture.latestRun()
        let error = try #require(try run.account(china).error)
        #expect(error.step == "login" && error.code == "NoChinaCredentials", "\(error.step): \(error.code)")
        #expect(error.message.contains("--china-profile"), "\(error.message)")
        #expect(error.rerunMayFix == false)
        #expect(try run.account(commercial).status == "connected")
        #expect(try await fixture.cloud.stacks(account: china).isEmpty, "nothing made in the China payer")
    }

    @Test("commercial credentials given as the China profile are refused by China's STS before any account starts")
    func commercialKeyAsChinaProfileStopsThePreflight() async throws {
        let fixture = try await RunFixture.make()
        let china = FreshNames.accountID()
        try await fixture.seedManagementAccounts([china])
        let file = try fixture.writeAccountList([chinaRow(china)])
        let output = try await fixture.run(
            file, principals + ["--china-profile", "local-cn"], environment: try chinaProfile(fixture, accessKey: "testing"))
        #expect(output.status == 1, "\(output)")
        #expect(output.standardError.contains("AWS China credentials do not work"), "\(output.standardError)")
        #expect(!fixture.reportFiles().contains { $0.contains("/accounts/") })
    }

    @Test("with China credentials a China row connects, with arn:aws-cn: roles and the CUR in cn-northwest-1")
    func chinaWithChinaCredentialsConnects() async throws {
        let fixture = try await RunFixture.make()
        let china = FreshNames.accountID()
        try await fixture.seedManagementAccounts([china])
        let file = try fixture.writeAccountList([chinaRow(china)])
        let output = try await fixture.run(
            file, principals + ["--china-profile", "local-cn"], environment: try chinaProfile(fixture, accessKey: "testing-cn"))
        #expect(output.status == 0, "\(output)")
        let report = try fixture.latestRun().account(china)
        #expect(report.status == "connected", "\(report.error.map { "\($0.step): \($0.code): \($0.message)" } ?? "")")
        #expect(report.outputs.spotRoleArn?.hasPrefix("arn:aws-cn:iam::\(china):role/") == true, "\(report.outputs.spotRoleArn ?? "")")
    }
}
