import ArgumentParser
import BatchRunner
import Logging

/// What a batch command (`run`, `check`, `offboard`) prints: `--quiet`, `--verbose`, `--json`.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print only errors and the result.")
    var quiet = false

    @Flag(help: "Print every step of every account.")
    var verbose = false

    @Flag(help: "Print the summary as JSON on standard output.")
    var json = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
    }

    /// The progress line's verbosity these flags ask for.
    var verbosity: ProgressDisplay.Verbosity { quiet ? .quiet : verbose ? .verbose : .normal }

    /// The diagnostics logger at the level these flags ask for.
    var logger: Logger { Diagnostics.logger(quiet: quiet, verbose: verbose) }
}
