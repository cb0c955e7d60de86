import Foundation
import TestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite("onboard validate (the built binary)")
struct ValidateCommandTests {
    @Test func exampleListIsValid() async throws {
        let result = try await OnboardProcess.run(["validate", "Inputs/accounts.example.csv"])
        #expect(result.status == 0)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError == "Inputs/accounts.example.csv: ok: 15 rows, 15 valid, 0 invalid; 0 errors, 0 warnings\n")
    }

    @Test func invalidExampleNamesEveryBadRow() async throws {
        let result = try await OnboardProcess.run(["validate", "Inputs/accounts.invalid.example.csv"])
        #expect(result.status == 65)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        let file = "Inputs/accounts.invalid.example.csv"
        let expected = [
            "\(file):1: warning: notes: unknown column 'notes' is ignored",
            "\(file):3: account_id: '12345678901' has 11 digits",
            "\(file):4: organization_name: is empty",
            "\(file):5: aws_china: 'perhaps' is not a yes/no value",
            "\(file):6: access_role_arn: is in partition 'aws-cn' but the row's partition is 'aws'",
            "\(file):7: access_role_arn: names account 999999999999, not the row's account_id 555555555555",
            "\(file):8: aws_profile: give either aws_profile or access_role_arn, not both",
            "\(file):9: access_external_id: must be 2 to 1224 characters",
            "\(file):10: products: 'billing' is not a product",
            "\(file):11: cur_bucket: 'Spot_CUR_Bucket' is not a valid S3 bucket name",
            "\(file):12: cur_report_name: 'my report' is not a valid report name",
            "\(file):13: cur_prefix: '/cur/' must not begin or end with '/'",
            "\(file):14: spot_account_id: 'act-XYZ' is not a Spot account id",
            "\(file):15: billing_access_confirmed: 'maybe' is not a yes/no value",
            "\(file):16: account_id: 111111111111 repeats the row at line 2",
            "\(file):17: row has 2 fields but the header has 14",
            "\(file):18: malformed CSV quoting",
        ]
        for prefix in expected {
            #expect(lines.contains { $0.hasPrefix(prefix) }, "missing: \(prefix)")
        }
        // Every row but line 2 is invalid, and the valid row produced no message.
        #expect(!lines.contains { $0.hasPrefix("\(file):2:") })
        #expect(lines.last == "\(file): invalid: 17 rows, 1 valid, 16 invalid; 16 errors, 1 warning")
    }

    @Test func jsonOutputCountsAndLocatesProblems() async throws {
        let result = try await OnboardProcess.run(["validate", "Inputs/accounts.invalid.example.csv", "--json"])
        #expect(result.status == 65)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect(document["rows"] as? Int == 17)
        #expect(document["valid_rows"] as? Int == 1)
        #expect(document["errors"] as? Int == 16)
        #expect(document["warnings"] as? Int == 1)
        let problems = try #require(document["problems"] as? [[String: Any]])
        #expect(problems.count == 17)
        let first = try #require(problems.first { ($0["line"] as? Int) == 3 })
        #expect(first["column"] as? String == "account_id")
        #expect(first["severity"] as? String == "error")
        #expect(first["file"] as? String == "Inputs/accounts.invalid.example.csv")
    }

    @Test func missingFileExits66() async throws {
        let result = try await OnboardProcess.run(["validate", "Inputs/no-such-file.csv"])
        #expect(result.status == 66)
        #expect(result.standardError.contains("Inputs/no-such-file.csv: no such file"))
    }

    @Test func emptyFileExits65() async throws {
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data().write(to: folder.appendingPathComponent("empty.csv"))
        let result = try await OnboardProcess.run(["validate", "empty.csv"], in: folder)
        #expect(result.status == 65)
        #expect(result.standardError.hasPrefix("empty.csv:1: the file is empty"))
    }

    @Test func missingRequiredHeaderExits65() async throws {
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("account_id,products\n111111111111,eco\n".utf8).write(to: folder.appendingPathComponent("list.csv"))
        let result = try await OnboardProcess.run(["validate", "list.csv"], in: folder)
        #expect(result.status == 65)
        #expect(result.standardError.contains("list.csv:1: organization_name: required column is missing"))
    }

    @Test func fifoIsRefusedPromptlyWithExit66() async throws {
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try #require(mkfifo(folder.appendingPathComponent("accounts.csv").path, 0o600) == 0)

        // A hang would last forever: the deadline only bounds the test, it is not a timing check
        // (a loaded CI machine took 16 s to start and end the process).
        let text = try await OnboardProcess.run(["validate", "accounts.csv"], in: folder, timeout: 120)
        #expect(!text.timedOut, "onboard validate hung on a FIFO")
        #expect(text.status == 66)
        #expect(text.standardError.hasPrefix(
            "accounts.csv: is a FIFO (named pipe), not a regular file: the account list must be a regular file"))

        let json = try await OnboardProcess.run(["validate", "accounts.csv", "--json"], in: folder, timeout: 120)
        #expect(!json.timedOut)
        #expect(json.status == 66)
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(document["file_error"] as? String == "not-a-regular-file")
    }

    @Test func escapeSequencesInTheHeaderAndFileNameReachStandardErrorEscaped() async throws {
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let name = "list\u{1B}[2J.csv"
        try Data("account_id,organization_name,\u{1B}]0;owned\u{07}\n123456789012,Acme,x\n".utf8)
            .write(to: folder.appendingPathComponent(name))
        let result = try await OnboardProcess.run(["validate", name], in: folder)
        #expect(result.status == 0)
        #expect(!result.standardError.utf8.contains(0x1B))
        #expect(!result.standardError.utf8.contains(0x07))
        #expect(result.standardError.hasPrefix(
            "list\\u{1B}[2J.csv:1: warning: \\u{1B}]0;owned\\u{7}: unknown column '\\u{1B}]0;owned\\u{7}' is ignored"))
        #expect(result.standardError.hasSuffix("list\\u{1B}[2J.csv: ok: 1 rows, 1 valid, 0 invalid; 0 errors, 1 warning\n"))
    }

    @Test func usageErrorsExit64() async throws {
        #expect(try await OnboardProcess.run(["validate"]).status == 64)
        #expect(try await OnboardProcess.run(["validate", "a.csv", "--no-such-flag"]).status == 64)
        #expect(try await OnboardProcess.run(["no-such-command"]).status == 64)
    }
}
