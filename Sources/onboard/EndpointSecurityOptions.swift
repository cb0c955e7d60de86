import AWSKit
import ArgumentParser
import HTTPCore
import SpotKit

/// `--allow-insecure-endpoints`, and the rule it relaxes: AWS and Spot endpoints over plain
/// `http` only to loopback (127.0.0.0/8, ::1, localhost), since http carries the Spot token,
/// session tokens and signed requests in clear.
struct EndpointSecurityOptions: ParsableArguments {
    @Flag(help: "Allow plain http:// AWS and Spot endpoints to hosts that are not loopback (tokens and signed requests then cross the network in clear; a warning says so).")
    var allowInsecureEndpoints = false

    /// Checks the endpoints a command will send credentials to: the AWS overrides in effect in
    /// `aws`, and the Spot API URL (`--spot-api-url`, else `SPOTINST_API_URL`) when `spot` is
    /// given. A plain http URL to a host that is not loopback is a usage error (exit 64) naming
    /// its variable or option and the URL, unless the flag lets it through: then a warning goes
    /// to standard error.
    func check(
        command: String, aws: EndpointResolver? = nil, spot: (explicit: String?, environment: [String: String])? = nil
    ) throws {
        var insecure = aws?.insecureOverrides ?? []
        if let spot, let endpoint = SpotAPIEndpoint.insecureOverride(explicit: spot.explicit, environment: spot.environment) {
            insecure.append(endpoint)
        }
        guard !insecure.isEmpty else { return }
        guard allowInsecureEndpoints else {
            throw ValidationError(InsecureEndpointError(endpoints: insecure).description + ", or pass --allow-insecure-endpoints")
        }
        let errors = OutputStream.standardError()
        for endpoint in insecure {
            errors.line(
                "onboard \(command): warning: \(endpoint.origin) is \(endpoint.url): plain http to a host that is not loopback; credentials and tokens cross the network in clear (--allow-insecure-endpoints)")
        }
        errors.flush()
    }
}
