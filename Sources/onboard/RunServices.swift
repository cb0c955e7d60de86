import AWSKit
import BatchRunner
import Foundation
import Onboarding
import SpotKit

/// Builds the clients a run needs: one shared connection pool, the payers' AWS client, the
/// operator's STS behind a token bucket, Spot clients per profile behind another.
struct RunServices {
    let transport: AsyncHTTPClientTransport
    let services: WorkflowServices

    /// - Throws: a message for the operator when the operator's AWS credentials cannot be resolved.
    init(
        options: RunOptions, settings: OnboardingSettings, environment: [String: String], concurrency: Int,
        timings: WorkflowTimings
    ) throws(AWSError) {
        transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: max(8, concurrency * 2)))
        let payerClient = AWSClient(transport: transport)
        let operatorClient = AWSClient(transport: RateLimitedTransport(transport, bucket: TokenBucket(rate: options.stsRps)))
        let operatorCredentials = try CredentialResolver.resolve(
            environment: environment, profile: options.profile, region: environment["AWS_REGION"] ?? "us-east-1",
            endpoints: settings.endpoints, client: operatorClient)
        // Credentials belong to one partition: China payers are assumed from China credentials.
        let chinaOperatorCredentials = try options.chinaProfile(environment: environment).map { name throws(AWSError) in
            try CredentialResolver.resolve(
                environment: environment, profile: name, region: "cn-north-1", endpoints: settings.endpoints,
                client: operatorClient)
        }
        let spotTransport = RateLimitedTransport(transport, bucket: TokenBucket(rate: options.spotRps))
        let resolver = SpotCredentialResolver(environment: environment)
        let tokenFile = options.spotTokenFile
        let explicitURL = options.spotAPIURL
        services = WorkflowServices(
            settings: settings, payerClient: payerClient, operatorClient: operatorClient,
            operatorCredentials: operatorCredentials, chinaOperatorCredentials: chinaOperatorCredentials,
            environment: environment, clock: SystemClock(), timings: options.applied(to: timings),
            spotClient: { profile throws(SpotError) in
                // The default profile follows the usual chain (token file, SPOTINST_TOKEN, the
                // file's default profile); a row's own profile is read from the credentials file.
                let credentials = profile == SpotCredentialResolver.defaultProfile
                    ? try resolver.resolve(tokenFile: tokenFile) : try resolver.credentials(profile: profile)
                let endpoint = try SpotAPIEndpoint.resolve(explicit: explicitURL, environment: environment)
                return SpotClient(
                    configuration: .init(baseURL: endpoint), credentials: credentials, transport: spotTransport)
            })
    }
}
