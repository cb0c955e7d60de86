import Foundation
import Testing
import TestSupport

/// What `scripts/install` installs beside the binary, made from the built binary: the shell
/// completions (`--generate-completion-script`) and the help the man page generator reads
/// (`--experimental-dump-help`, which swift-argument-parser's generate-manual consumes). The
/// release build and the install itself are too slow for a test: the README shows the check.
@Suite("Install: completions and the manual's source (the built binary)")
struct InstallArtifactsTests {
    @Test("a completion script for each shell, knowing the commands and the scheduling options",
        arguments: ["bash", "zsh", "fish"])
    func completionScript(_ shell: String) async throws {
        let result = try await OnboardProcess.run(["--generate-completion-script", shell])
        #expect(result.status == 0, "\(result.standardError)")
        let script = result.standardOutput
        for word in ["validate", "plan", "run", "check", "offboard", "status", "whoami", "keep-runs", "run-id", "notify"] {
            #expect(script.contains(word), "\(shell): no \(word)")
        }
        switch shell {
        case "bash": #expect(script.contains("-F _onboard onboard"))
        case "zsh": #expect(script.hasPrefix("#compdef onboard"))
        default: #expect(script.contains("complete -c 'onboard'"))
        }
    }

    @Test("the help generate-manual reads: every command, with its options")
    func manualSource() async throws {
        let result = try await OnboardProcess.run(["--experimental-dump-help"])
        #expect(result.status == 0, "\(result.standardError)")
        let dump = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let command = try #require(dump["command"] as? [String: Any])
        #expect(command["commandName"] as? String == "onboard")
        let subcommands = (command["subcommands"] as? [[String: Any]] ?? []).compactMap { $0["commandName"] as? String }
        #expect(Set(["validate", "plan", "whoami", "run", "status"]).isSubset(of: Set(subcommands)), "\(subcommands)")
        let run = try #require((command["subcommands"] as? [[String: Any]])?.first { $0["commandName"] as? String == "run" })
        let names = (run["arguments"] as? [[String: Any]] ?? []).compactMap { ($0["preferredName"] as? [String: Any])?["name"] as? String }
        #expect(Set(["run-id", "keep-runs", "notify"]).isSubset(of: Set(names)), "\(names)")
    }
}
