import AWSKit
import BatchRunner
import Foundation
import HTTPCore
import Onboarding
import SpotKit

/// Builds the clients a run needs: one shared connection pool, the payers' AWS client, the
/// operator's STS behind a token bucket, Spot clients per profile behind another, all retried
/// with the run's patience and heard by the run's ``ServiceHealth``.
struct RunServices {
    let transport: AsyncHTTPClientTransport
    let services: WorkflowServices
    /// Hears every attempt; closes admission when a service keeps failing or Spot refuses a token.
    let health: ServiceHealth
    /// Adds up where the run's time goes (rate limits, workflow waits, retry backoff, requests).
    let timeAccounting: TimeAccounting
    /// The operator's AWS client, rate-limited (for the preflight too).
    let operatorTransport: any HTTPTransport
    private let spotTransport: any HTTPTransport
    private let spotResolver: SpotCredentialResolver
    private let spotTokenFile: String?
    private let spotAPIURL: String?
    private let environment: [String: String]

    /// - Throws: a message for the operator when the operator's AWS credentials cannot be resolved.
    init(
        options: RunOptions, settings: OnboardingSettings, environment: [String: String], concurrency: Int,
        timings: WorkflowTimings, retryPolicy: RetryPolicy = RetryPolicy(), mode: WorkflowMode = .run,
        recordedConnections: [String: RecordedConnection] = [:]
    ) throws(AWSError) {
        transport = AsyncHTTPClientTransport(configuration: .init(maximumConnectionsPerHost: max(8, concurrency * 2)))
        let health = ServiceHealth()
        self.health = health
        let timeAccounting = TimeAccounting()
        self.timeAccounting = timeAccounting
        var configuration = AWSClient.Configuration(retryPolicy: retryPolicy)
        configuration.observer = CallObserverGroup([health, timeAccounting])
        let payerClient = AWSClient(configuration: configuration, transport: transport)
        operatorTransport = RateLimitedTransport(
            transport, bucket: TokenBucket(rate: options.stsRps), service: "sts", observer: timeAccounting)
        let operatorClient = AWSClient(configuration: configuration, transport: operatorTransport)
        let operatorCredentials = try CredentialResolver.resolve(
            environment: environment, profile: options.profile, region: environment["AWS_REGION"] ?? "us-east-1",
            endpoints: settings.endpoints, client: operatorClient)
        // Credentials belong to one partition: China payers are assumed from China credentials.
        let chinaOperatorCredentials = try options.chinaProfile(environment: environment).map { name throws(AWSError) in
            try CredentialResolver.resolve(
                environment: environment, profile: name, region: "cn-north-1", endpoints: settings.endpoints,
                client: operatorClient)
        }
        spotTransport = RateLimitedTransport(
            transport, bucket: TokenBucket(rate: options.spotRps), service: "spot", observer: timeAccounting)
        spotResolver = SpotCredentialResolver(environment: environment)
        spotTokenFile = options.spot.spotTokenFile
        spotAPIURL = options.spot.spotAPIURL
        self.environment = environment
        let spot = SpotClientMaker(
            transport: spotTransport, resolver: spotResolver, tokenFile: spotTokenFile, explicitURL: spotAPIURL,
            environment: environment)
        services = WorkflowServices(
            settings: settings, payerClient: payerClient, operatorClient: operatorClient,
            operatorCredentials: operatorCredentials, chinaOperatorCredentials: chinaOperatorCredentials,
            environment: environment, clock: SystemClock(), timings: options.applied(to: timings), mode: mode,
            recordedConnections: recordedConnections, waitObserver: timeAccounting,
            spotClient: { profile throws(SpotError) in
                var configuration = SpotClient.Configuration(retryPolicy: retryPolicy)
                configuration.observer = CallObserverGroup([health.spotObserver(profile: profile), timeAccounting])
                return try spot.make(profile: profile, configuration: configuration)
            })
    }

    /// A Spot client of `profile` configured as `configuration` says (its base URL is resolved
    /// here): the preflight's, which must answer in seconds.
    func spotClient(profile: String, configuration: SpotClient.Configuration) throws(SpotError) -> SpotClient {
        try SpotClientMaker(
            transport: spotTransport, resolver: spotResolver, tokenFile: spotTokenFile, explicitURL: spotAPIURL,
            environment: environment
        ).make(profile: profile, configuration: configuration)
    }
}

/// Makes the Spot client of a profile: its token, the API's URL, the shared transport.
private struct SpotClientMaker: Sendable {
    let transport: any HTTPTransport
    let resolver: SpotCredentialResolver
    let tokenFile: String?
    let explicitURL: String?
    let environment: [String: String]

    func make(profile: String, configuration: SpotClient.Configuration) throws(SpotError) -> SpotClient {
        // The default profile follows the usual chain (token file, SPOTINST_TOKEN, the file's
        // default profile); a row's own profile is read from the credentials file.
        let credentials = profile == SpotCredentialResolver.defaultProfile
            ? try resolver.resolve(tokenFile: tokenFile) : try resolver.credentials(profile: profile)
        var configuration = configuration
        // `run`'s validate() refused plain http to a remote host unless --allow-insecure-endpoints.
        configuration.baseURL = try SpotAPIEndpoint.resolve(explicit: explicitURL, environment: environment, allowsInsecureHTTP: true)
        return SpotClient(configuration: configuration, credentials: credentials, transport: transport)
    }
}
