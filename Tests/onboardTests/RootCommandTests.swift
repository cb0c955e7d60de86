import TestSupport
import Testing

@Suite("onboard --help and --version (the built binary)")
struct RootCommandTests {
    @Test func versionIsPrinted() async throws {
        let result = try await OnboardProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "0.1.0\n")
    }

    @Test func helpShowsAnExamplePerSubcommand() async throws {
        let result = try await OnboardProcess.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("onboard validate Inputs/accounts.example.csv"))
        #expect(result.standardOutput.contains("onboard plan Inputs/accounts.example.csv"))
        for subcommand in ["validate", "plan", "whoami"] {
            let help = try await OnboardProcess.run([subcommand, "--help"])
            #expect(help.status == 0)
            #expect(help.standardOutput.contains("Examples:"))
            #expect(help.standardOutput.contains("onboard \(subcommand) "))
        }
    }
}
