import ArgumentParser

/// Options of `onboard run` (and `status`) that reach the clouds: credentials, endpoints, limits.
struct RunOptions: ParsableArguments {
    @Option(help: ArgumentHelp("AWS profile of the operator's credentials (else the usual chain).", valueName: "name"))
    var profile: String?

    @Option(help: ArgumentHelp("File holding the Spot token (else SPOTINST_TOKEN, else ~/.spotinst/credentials).", valueName: "path"))
    var spotTokenFile: String?

    @Option(help: ArgumentHelp("Spot API base URL (else SPOTINST_API_URL, else https://api.spotinst.io).", valueName: "url"))
    var spotAPIURL: String?

    @Option(help: "Spot API requests per second, for the whole batch.")
    var spotRps: Double = 10

    @Option(help: "The operator's own STS requests per second (assume-role into payers).")
    var stsRps: Double = 20

    func validate() throws {
        guard spotRps > 0, stsRps > 0 else { throw ValidationError("--spot-rps and --sts-rps must be above 0") }
    }
}
