import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension RunCommandDrillTests {
    /// D3: a Reports folder onboard cannot write: a clear error naming it before any account
    /// starts (nothing made in the local cloud), exit 73 (EX_CANTCREAT).
    ///
    /// Root ignores a folder's mode bits (CI may run as root), so the cases every user meets are
    /// a `--reports` whose parent is a regular file and a `--reports` that is a regular file;
    /// the read-only folder (chmod 0500) runs onboard as `nobody` when the tests are root.
    @Suite("D3: a Reports folder that cannot be written")
    struct ReportsFolder {
        /// Runs a two-payer batch into `reports` (through `launcher` when given); checks exit 73,
        /// a message naming `named`, no account started and nothing made for the payers.
        private func expectRefused(reports: String, named: String, _ fixture: RunFixture, launcher: [String] = []) async throws {
            let started = Date()
            let ids = Drill.freshPayers(2)
            try await fixture.seedManagementAccounts(ids)
            let file = try fixture.writeAccountList(ids.map { AccountRow($0, "Drill Reports \($0)") })
            let arguments = ["run", file, "--reports", reports] + RunFixture.accessRole
            // HOME in the test's folder: another user cannot read root's.
            let child = try OnboardProcess.start(
                arguments, environment: fixture.childEnvironment(launcher.isEmpty ? [:] : ["HOME": fixture.folder.path]), launcher: launcher)
            let output = await child.finish(timeout: 120)
            #expect(output.status == 73, "\(output)")
            #expect(output.standardError.contains(named), "the error names \(named): \(output.standardError)")
            #expect(!output.standardError.contains("NSCocoaErrorDomain"),
                "the error says why in words (not a folder, not writable), not as a Foundation error code: \(output.standardError)")
            for id in ids {
                #expect(!output.standardOutput.contains(id), "no account result: \(output.standardOutput)")
            }
            let holdings = try await CloudHoldings.read(fixture.cloud, organization: fixture.organizationID, payers: ids)
            #expect(holdings.isEmpty, "nothing made for the payers: \(holdings)")
            Drill.log("D3", "\(reports): exit \(output.status) after \(String(format: "%.1f", output.seconds)) s; "
                + "\(output.standardError.split(separator: "\n").first ?? ""); \(holdings)", since: started)
        }

        @Test("--reports under a regular file: exit 73 before any account starts")
        func parentIsAFile() async throws {
            let fixture = try await RunFixture.make()
            let blocker = fixture.folder.appendingPathComponent("not-a-folder").path
            try "a file where a folder is expected\n".write(toFile: blocker, atomically: true, encoding: .utf8)
            try await expectRefused(reports: blocker + "/Reports", named: blocker, fixture)
        }

        @Test("--reports naming a regular file: exit 73 before any account starts")
        func reportsIsAFile() async throws {
            let fixture = try await RunFixture.make()
            let file = fixture.folder.appendingPathComponent("Reports").path
            try "a file where a folder is expected\n".write(toFile: file, atomically: true, encoding: .utf8)
            try await expectRefused(reports: file, named: file, fixture)
            #expect(try String(contentsOfFile: file, encoding: .utf8) == "a file where a folder is expected\n", "the file is left alone")
        }

        /// Root writes into any folder, so as root onboard runs as `nobody` (setpriv) against a
        /// folder `nobody` owns with mode 0500.
        static let asOtherUser: [String]? = {
            guard getuid() == 0 else { return [] }
            return FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")
                ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : nil
        }()

        @Test("a read-only Reports folder (0500): exit 73 before any account starts, nothing written in it",
            .enabled(if: asOtherUser != nil, "root writes into a 0500 folder and setpriv is missing to run onboard as nobody"))
        func readOnlyFolder() async throws {
            let fixture = try await RunFixture.make()
            let launcher = try #require(Self.asOtherUser)
            let reports = fixture.folder.appendingPathComponent("Reports").path
            try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
            if !launcher.isEmpty {
                // nobody reaches the account list (0644) through the test's folder, and owns Reports.
                #expect(chmod(fixture.folder.path, 0o755) == 0 && chown(reports, 65534, 65534) == 0)
            }
            #expect(chmod(reports, 0o500) == 0)
            defer { _ = chmod(reports, 0o700) }
            try await expectRefused(reports: reports, named: reports, fixture, launcher: launcher)
            #expect(try FileManager.default.contentsOfDirectory(atPath: reports).isEmpty, "nothing written in the folder")
        }
    }
}
