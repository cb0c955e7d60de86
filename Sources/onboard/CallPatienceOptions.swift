import AWSKit
import ArgumentParser
import HTTPCore

/// How patient every AWS and Spot call of a run is: attempts and total time per call. The
/// defaults are an unattended run's, well above an SDK's (3 attempts): under 10 % throttling,
/// 2 % 503s and 1 % dropped connections on every service, a call fails after 8 attempts about
/// once in 10⁷ (0.13⁸), so a batch of a thousand accounts loses none to passing faults.
struct CallPatienceOptions: ParsableArguments {
    /// Attempts per call unless told otherwise.
    static let defaultAttempts = 8
    /// Seconds per call unless told otherwise.
    static let defaultSeconds = 300.0

    @Option(help: ArgumentHelp("Attempts per AWS or Spot call, the first included (1 to 50).", valueName: "n"))
    var maxAttempts = CallPatienceOptions.defaultAttempts

    @Option(help: ArgumentHelp("Seconds one AWS or Spot call may spend retrying, from its first attempt (1 to 3600).", valueName: "seconds"))
    var maxCallSeconds = CallPatienceOptions.defaultSeconds

    /// The retry policy these options describe (backoff as the SDKs' standard mode).
    var retryPolicy: RetryPolicy {
        RetryPolicy(maximumAttempts: maxAttempts, maximumTotalTime: maxCallSeconds)
    }

    func validate() throws {
        guard (1...50).contains(maxAttempts) else { throw ValidationError("--max-attempts must be 1 to 50") }
        guard maxCallSeconds.isFinite, (1...3600).contains(maxCallSeconds) else {
            throw ValidationError("--max-call-seconds must be 1 to 3600")
        }
    }
}
