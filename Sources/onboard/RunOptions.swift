import ArgumentParser
import Onboarding

/// Options of `onboard run` (and `status`) that reach the clouds: credentials, endpoints, limits.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("AWS profile of the operator's credentials (else the usual chain).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp(
        "AWS profile of the operator's credentials in AWS China (aws-cn), for China rows (else ONBOARD_CHINA_PROFILE).",
        valueName: "name"))
    var chinaProfile: String?

    @Option(help: ArgumentHelp("Seconds to wait after the stack made or changed a role before Spot is given it (IAM propagation).", valueName: "seconds"))
    var iamPropagationWait: Double?

    @Option(help: ArgumentHelp("Seconds within which Spot's refusals of a new or changed role are retried (IAM propagation).", valueName: "seconds"))
    var iamPropagationWindow: Double?

    @Option(help: "Spot API requests per second, for the whole batch.")
    var spotRps: Double = 10

    @Option(help: "The operator's own STS requests per second (assume-role into payers).")
    var stsRps: Double = 20

    @OptionGroup var spot: SpotAPIOptions

    /// The China profile: the option, else `ONBOARD_CHINA_PROFILE`.
    func chinaProfile(environment: [String: String]) -> String? {
        chinaProfile ?? environment["ONBOARD_CHINA_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `timings` with the propagation options applied.
    func applied(to timings: WorkflowTimings) -> WorkflowTimings {
        var timings = timings
        if let iamPropagationWait { timings.propagationFirstWait = iamPropagationWait }
        if let iamPropagationWindow { timings.propagationTimeout = iamPropagationWindow }
        return timings
    }

    func validate() throws {
        // A rate near zero would schedule the next request centuries away: a hang, not a limit.
        guard spotRps.isFinite, stsRps.isFinite, (0.1...10_000).contains(spotRps), (0.1...10_000).contains(stsRps) else {
            throw ValidationError("--spot-rps and --sts-rps must be 0.1 to 10000 requests per second")
        }
        if let wait = iamPropagationWait, !wait.isFinite || !(0...600).contains(wait) {
            throw ValidationError("--iam-propagation-wait must be 0 to 600 seconds")
        }
        if let window = iamPropagationWindow, !window.isFinite || !(0...3600).contains(window) {
            throw ValidationError("--iam-propagation-window must be 0 to 3600 seconds")
        }
    }
}
