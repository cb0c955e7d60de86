import Foundation
import Testing

/// `onboard whoami` against a real moto_server started for this suite.
@Suite("onboard whoami (the built binary, against moto)", .serialized)
struct WhoamiCommandTests {
    /// A moto_server on a free loopback port, stopped when the suite's value goes away.
    final class Moto {
        let process = Process()
        let url: String

        init() throws {
            let port = Int.random(in: 20_000..<40_000)
            url = "http://127.0.0.1:\(port)"
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["moto_server", "-H", "127.0.0.1", "-p", "\(port)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            for _ in 0..<150 {
                if Self.accepts(port: port) {
                    Thread.sleep(forTimeInterval: 0.3)
                    return
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
            process.terminate()
            throw CancellationError()
        }

        /// Whether something listens on the loopback port.
        static func accepts(port: Int) -> Bool {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { return false }
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            return withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }

        deinit {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    private let fakeKeys = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_PROFILE": "", "AWS_REGION": ""]

    @Test func printsAccountArnAndPartition() throws {
        let moto = try Moto()
        let result = try OnboardProcess.run(["whoami", "--aws-endpoint-url", moto.url], environment: fakeKeys)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == """
            account    123456789012
            arn        arn:aws:sts::123456789012:user/moto
            partition  aws
            region     us-east-1

            """)
    }

    @Test func chinaRegionGivesAwsCnArns() throws {
        let moto = try Moto()
        let result = try OnboardProcess.run(
            ["whoami", "--aws-endpoint-url", moto.url, "--region", "cn-north-1", "--json"], environment: fakeKeys)
        #expect(result.status == 0, "\(result.standardError)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: String])
        #expect(document["partition"] == "aws-cn")
        #expect(document["arn"]?.hasPrefix("arn:aws-cn:") == true)
        #expect(document["region"] == "cn-north-1")
    }

    @Test func profileWithRoleIsAssumedThroughTheEndpoint() throws {
        let moto = try Moto()
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = """
            [profile payer]
            role_arn = arn:aws:iam::210987654321:role/OrganizationAccountAccessRole
            source_profile = operator
            external_id = partner-7731
            """
        let credentials = """
            [operator]
            aws_access_key_id = testing
            aws_secret_access_key = testing
            """
        try Data(config.utf8).write(to: folder.appendingPathComponent("config"))
        try Data(credentials.utf8).write(to: folder.appendingPathComponent("credentials"))
        let result = try OnboardProcess.run(
            ["whoami", "--aws-endpoint-url", moto.url, "--profile", "payer"],
            environment: [
                "AWS_CONFIG_FILE": folder.appendingPathComponent("config").path,
                "AWS_SHARED_CREDENTIALS_FILE": folder.appendingPathComponent("credentials").path,
                "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("account    210987654321"))
        #expect(result.standardOutput.contains("arn        arn:aws:sts::210987654321:assumed-role/OrganizationAccountAccessRole/"))
    }

    @Test func missingCredentialsExplainWhatWasSearched() throws {
        let folder = try OnboardProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try OnboardProcess.run(
            ["whoami", "--aws-endpoint-url", "http://127.0.0.1:9"],
            environment: ["HOME": folder.path, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_PROFILE": "",
                          "AWS_CONFIG_FILE": "", "AWS_SHARED_CREDENTIALS_FILE": ""])
        #expect(result.status == 1)
        #expect(result.standardError.contains("CredentialsUnavailable"))
        #expect(result.standardError.contains("AWS_ACCESS_KEY_ID"))
        #expect(!result.standardError.contains("testing"))
    }
}
