import ArgumentParser

/// Where Spot is and which token to use: the options `run` and `status` share.
struct SpotAPIOptions: ParsableArguments {
    @Option(help: ArgumentHelp("File holding the Spot token (else SPOTINST_TOKEN, else ~/.spotinst/credentials).", valueName: "path"))
    var spotTokenFile: String?

    @Option(name: .customLong("spot-api-url"), help: ArgumentHelp("Spot API base URL (else SPOTINST_API_URL, else https://api.spotinst.io).", valueName: "url"))
    var spotAPIURL: String?

    @OptionGroup var endpointSecurity: EndpointSecurityOptions
}
