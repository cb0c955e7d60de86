import AccountList
import AWSKit
import Foundation
import HTTPCore
import SpotKit
import Synchronization

/// Everything the workflow calls out to, shared by every account of a batch: the AWS clients
/// (the operator's, rate-limited, and the payers'), the Spot clients per Spot profile, the clock.
public final class WorkflowServices: Sendable {
    /// Batch-wide settings (role name, stack name, principals, endpoints).
    public let settings: OnboardingSettings
    /// Sends the calls made with a payer's credentials (not limited globally).
    public let payerClient: AWSClient
    /// Sends the operator's own STS calls (rate-limited by the caller's transport).
    public let operatorClient: AWSClient
    /// The operator's credentials in the commercial partition (assume-role source for its payers).
    public let operatorCredentials: any CredentialProvider
    /// The operator's credentials in AWS China (`aws-cn`), when configured: credentials belong to
    /// one partition, so China payers cannot be assumed from the commercial ones.
    public let chinaOperatorCredentials: (any CredentialProvider)?
    /// The process environment (AWS profiles, Spot tokens).
    public let environment: [String: String]
    /// Waits and timestamps.
    public let clock: any ServiceClock
    public let timings: WorkflowTimings
    /// Whether the workflow makes its changes (`run`) or only records them (`check`).
    public let mode: WorkflowMode
    /// The report of the last run that connected each account (by AWS account id): drift is
    /// measured against it, and a change made to such an account is a repair.
    public let recordedConnections: [String: RecordedConnection]
    /// Hears every wait of the workflow (nil: nobody listens).
    public let waitObserver: (any WorkflowWaitObserver)?
    private let spotClients: @Sendable (String) throws(SpotError) -> SpotClient
    private let spotCache = Mutex<[String: SpotClient]>([:])
    private let indexCache = Mutex<[String: SpotOrganizationIndex]>([:])

    /// - Parameter mode: `run`, or `check` (every change recorded, none made).
    /// - Parameter recordedConnections: the last connected report of each account, from earlier runs.
    /// - Parameter spotClient: makes the Spot client for a Spot profile (`default`, or a row's
    ///   `spot_profile`); called once per profile.
    public init(
        settings: OnboardingSettings, payerClient: AWSClient, operatorClient: AWSClient,
        operatorCredentials: any CredentialProvider, chinaOperatorCredentials: (any CredentialProvider)? = nil,
        environment: [String: String], clock: any ServiceClock,
        timings: WorkflowTimings, mode: WorkflowMode = .run, recordedConnections: [String: RecordedConnection] = [:],
        waitObserver: (any WorkflowWaitObserver)? = nil,
        spotClient: @escaping @Sendable (String) throws(SpotError) -> SpotClient
    ) {
        self.mode = mode
        self.recordedConnections = recordedConnections
        self.settings = settings
        self.payerClient = payerClient
        self.operatorClient = operatorClient
        self.operatorCredentials = operatorCredentials
        self.chinaOperatorCredentials = chinaOperatorCredentials
        self.environment = environment
        self.clock = clock
        self.timings = timings
        self.waitObserver = waitObserver
        self.spotClients = spotClient
    }

    /// The Spot client for `profile` (made once, then shared).
    public func spot(profile: String) throws(SpotError) -> SpotClient {
        if let client = spotCache.withLock({ $0[profile] }) { return client }
        let client = try spotClients(profile)
        spotCache.withLock { $0[profile] = client }
        return client
    }

    /// The operator's credentials for `partition`, or nil when none are configured for it.
    public func operatorCredentials(for partition: Partition) -> (any CredentialProvider)? {
        partition == .aws ? operatorCredentials : chinaOperatorCredentials
    }

    /// The run's index of the Spot organization behind `profile` (listings read once).
    func spotIndex(profile: String) throws(SpotError) -> SpotOrganizationIndex {
        if let index = indexCache.withLock({ $0[profile] }) { return index }
        let client = try spot(profile: profile)
        return indexCache.withLock { cache in
            if let index = cache[profile] { return index }
            let index = SpotOrganizationIndex(client: client)
            cache[profile] = index
            return index
        }
    }

    /// An endpoint of `service` in `partition` and `region`.
    func endpoint(_ service: AWSService, _ partition: Partition, region: String? = nil) -> ServiceEndpoint {
        settings.endpoints.endpoint(for: service, partition: partition, region: region ?? partition.defaultRegion)
    }

    /// Waits `seconds` on the clock for `cause`: no thread is held meanwhile. A cancelled task
    /// stops waiting at once; its next call then fails with `RequestCancelled`, which ends the
    /// step. The wait observer hears how long it was.
    func sleep(_ seconds: Double, for cause: WorkflowWait) async {
        let started = clock.now()
        try? await clock.sleep(seconds: seconds)
        waitObserver?.waited(cause, seconds: max(0, clock.now().timeIntervalSince(started)))
    }
}
