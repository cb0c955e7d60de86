import Foundation
import TestSupport
import Testing

/// `onboard run` end to end keeps secrets out of every file it writes and every line it prints.
@Suite("onboard run: no secret in reports or output (the built binary, against the local cloud)")
struct RunCommandSecretTests {
    private static func random(_ count: Int, from alphabet: String) -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters.randomElement()! })
    }

    @Test("the operator's secret key, session tokens and Spot tokens appear in no report and no output")
    func noSecretAnywhere() async throws {
        let fixture = try await RunFixture.make()
        let connected = FreshNames.accountID()
        let member = FreshNames.accountID()
        try await fixture.seed(payers: [
            .init(accountId: connected), .init(accountId: member, organization: "member", managementAccount: FreshNames.accountID()),
        ])
        let accessKey = "AKIA" + Self.random(16, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        let secretKey = Self.random(40, from: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let file = try fixture.writeAccountList([
            AccountRow(connected, "E2E Secrets", products: "cloud-analyzer;eco;elastigroup"), AccountRow(member, "E2E Secrets Member"),
        ])
        let environment = ["AWS_ACCESS_KEY_ID": accessKey, "AWS_SECRET_ACCESS_KEY": secretKey]
        let first = try await fixture.run(file, ["--verbose"], environment: environment)
        #expect(first.status == 1, "one connected, one failed: \(first)")
        let second = try await fixture.run(file, ["--json"], environment: environment)
        #expect(second.status == 1, "\(second)")
        let run = try fixture.latestRun()
        #expect(try run.account(connected).status == "connected")

        var secrets = [secretKey, fixture.token] + (try fixture.cloud.credentialsFileTokens())
        if let token = fixture.cloud.environment["SPOTINST_TOKEN"], !token.isEmpty { secrets.append(token) }
        // Words that only appear next to a secret: AWS's credential members, the shared
        // credentials file's keys, and moto's session-token prefix.
        let markers = ["SecretAccessKey", "SessionToken", "aws_secret", "aws_session_token", "FQoGZXIvYXdzE"]

        var texts: [(String, String)] = [
            ("stdout of the first run", first.standardOutput), ("stderr of the first run", first.standardError),
            ("stdout of the second run", second.standardOutput), ("stderr of the second run", second.standardError),
        ]
        let files = fixture.reportFiles()
        #expect(files.count >= 10, "\(files)")
        for path in files {
            texts.append((path, String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)))
        }
        for (name, text) in texts {
            for secret in secrets where !secret.isEmpty {
                #expect(!text.contains(secret), "\(name) holds a secret (\(secret.prefix(4))…)")
            }
            for marker in markers {
                #expect(text.range(of: marker, options: .caseInsensitive) == nil, "\(name) mentions \(marker)")
            }
        }
    }
}
