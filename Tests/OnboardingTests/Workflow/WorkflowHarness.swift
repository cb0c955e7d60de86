import AWSKit
import AccountList
import Foundation
import Onboarding
import SpotKit
import TestSupport
import Testing

/// Runs ``AccountWorkflow`` in process against a ``WorkflowWorld`` (scripted AWS and Spot on a
/// routing transport) with a ``ManualClock``: every wait completes at once and is recorded, so
/// the workflow's real timings (minutes of waits) run in milliseconds, deterministically.
struct WorkflowHarness {
    /// The payer of the default row.
    static let payer = "123456789012"
    /// The role the default row assumes in the payer.
    static let accessRole = "arn:aws:iam::123456789012:role/OnboardAccess"
    /// The operator's credentials: the local cloud's fake keys.
    static let operatorCredentials = StaticCredentialProvider(
        AWSCredentials(accessKeyID: WorkflowWorld.operatorAccessKeyID, secretAccessKey: WorkflowWorld.fakeSecret))
    /// A made-up Spot token.
    static let spotToken = "testing-spot-token-0000000000000000"

    let clock: ManualClock
    let world: WorkflowWorld
    var settings = OnboardingSettings()
    var timings = WorkflowTimings()
    var chinaOperatorCredentials: (any CredentialProvider)?
    /// `run`, or `check` (changes recorded, none made).
    var mode: WorkflowMode = .run
    /// Earlier runs' connected reports, by account.
    var recordedConnections: [String: RecordedConnection] = [:]
    /// Hears the workflow's waits.
    var waitObserver: (any WorkflowWaitObserver)?

    /// A harness on `state` (the happy world by default) and `clock` (whose waits end at once
    /// by default).
    init(_ state: WorldState = .happy(payer: WorkflowHarness.payer), clock: ManualClock = ManualClock()) {
        self.clock = clock
        world = WorkflowWorld(state, clock: clock)
    }

    /// The transport every client sends through.
    var transport: RoutingTransport { world.transport }

    /// Services wired to the world and the clock (share one between accounts of a batch).
    func services() -> WorkflowServices {
        let transport = world.transport
        let clock = clock
        let payerClient = AWSClient(transport: transport, clock: clock, randomUnit: { 0.5 })
        let operatorClient = AWSClient(transport: transport, clock: clock, randomUnit: { 0.5 })
        let spot = SpotClient(
            credentials: SpotCredentials(token: SpotToken(Self.spotToken)!), transport: transport, clock: clock,
            randomUnit: { 0.5 })
        return WorkflowServices(
            settings: settings, payerClient: payerClient, operatorClient: operatorClient,
            operatorCredentials: Self.operatorCredentials, chinaOperatorCredentials: chinaOperatorCredentials,
            environment: [:], clock: clock, timings: timings, mode: mode, recordedConnections: recordedConnections,
            waitObserver: waitObserver, spotClient: { _ in spot })
    }

    /// Runs the workflow for `account` on fresh services.
    func run(_ account: PayerAccount = row()) async throws -> AccountResult {
        try await run(account, on: services())
    }

    /// Runs the workflow for `account` on `services`.
    func run(_ account: PayerAccount, on services: WorkflowServices) async throws -> AccountResult {
        try #require(await AccountWorkflow(services: services).run(account))
    }

    /// A row of the account list: the payer, assume-role into ``accessRole``, cloud-analyzer,
    /// the default report (`spot-cur-<account>`, `spot-cur-hourly`, `cur`) unless named.
    static func row(
        _ accountID: String = payer, organization: String = "Acme Corp", china: Bool = false,
        login: PayerAccount.Login? = nil, products: [Product] = [.cloudAnalyzer], bucket: String? = nil,
        reportName: String? = nil, prefix: String = "cur", spotAccountID: String? = nil, billingAccessConfirmed: Bool = true
    ) -> PayerAccount {
        let partition = china ? "aws-cn" : "aws"
        return PayerAccount(
            line: 2, accountID: accountID, organizationName: organization, isChina: china,
            login: login ?? .assumeRole(roleARN: "arn:\(partition):iam::\(accountID):role/OnboardAccess", externalID: nil),
            products: products,
            costAndUsageReport: .init(
                bucket: bucket ?? "spot-cur-\(accountID)", reportName: reportName ?? "spot-cur-hourly", prefix: prefix,
                isNamedInRow: bucket != nil || reportName != nil),
            spotAccountID: spotAccountID, spotProfile: "default", billingAccessConfirmed: billingAccessConfirmed)
    }
}
