import AWSKit
import AccountList
import BatchRunner
import Foundation
import Onboarding
import SpotKit
import Synchronization
import TestSupport

/// A batch over a scripted ``WorkflowWorld`` with a ``ManualClock``: the payers `payers`, each a
/// management account of its own organization, every call answered in process. Requests go
/// through a ``HeldTransport`` so a test can make an account hang mid-step.
struct BatchWorld {
    static let payers = ["111111111111", "222222222222", "333333333333", "444444444444"]
    static let spotToken = "testing-spot-token-0000000000000000"

    let clock = ManualClock()
    let world: WorkflowWorld
    let transport: HeldTransport
    let events = RecordedEvents()

    /// - Parameter holding: operations whose requests hang until ``HeldTransport/release()``.
    init(payers: [String] = BatchWorld.payers, holding: Set<String> = []) {
        var state = WorldState()
        for (number, payer) in payers.enumerated() {
            state.payers[payer] = WorldPayer(accountID: payer, organizationID: String(format: "o-batch%05d", number))
        }
        world = WorkflowWorld(state, clock: clock)
        transport = HeldTransport(world.transport, holding: holding)
    }

    /// The rows of the batch: one per payer, each assuming `OnboardAccess`.
    func rows() -> [PayerAccount] {
        world.snapshot.payers.keys.sorted().enumerated().map { index, payer in
            PayerAccount(
                line: index + 2, accountID: payer, organizationName: "Customer \(index + 1)", isChina: false,
                login: .assumeRole(roleARN: "arn:aws:iam::\(payer):role/OnboardAccess", externalID: nil),
                products: [.cloudAnalyzer],
                costAndUsageReport: .init(
                    bucket: "spot-cur-\(payer)", reportName: "spot-cur-hourly", prefix: "cur", isNamedInRow: false),
                spotAccountID: nil, spotProfile: "default", billingAccessConfirmed: true)
        }
    }

    /// The workflow on services wired to the world and the clock.
    func workflow() -> AccountWorkflow {
        let operatorCredentials = StaticCredentialProvider(
            AWSCredentials(accessKeyID: WorkflowWorld.operatorAccessKeyID, secretAccessKey: WorkflowWorld.fakeSecret))
        let spot = SpotClient(
            credentials: SpotCredentials(token: SpotToken(Self.spotToken)!), transport: transport, clock: clock,
            randomUnit: { 0.5 })
        let services = WorkflowServices(
            settings: OnboardingSettings(),
            payerClient: AWSClient(transport: transport, clock: clock, randomUnit: { 0.5 }),
            operatorClient: AWSClient(transport: transport, clock: clock, randomUnit: { 0.5 }),
            operatorCredentials: operatorCredentials, environment: [:], clock: clock, timings: WorkflowTimings(),
            spotClient: { _ in spot })
        return AccountWorkflow(services: services)
    }

    /// A runner of the world's workflow that tells ``events``.
    func runner(_ configuration: BatchRunner.Configuration) -> BatchRunner {
        BatchRunner(configuration: configuration, workflow: workflow(), events: events)
    }
}

extension BatchRunner {
    /// `run` for async callers: the outcome once the batch ends.
    func run(_ accounts: [PayerAccount]) async -> BatchOutcome {
        await withCheckedContinuation { continuation in
            run(accounts) { continuation.resume(returning: $0) }
        }
    }
}

/// What the runner told the outside, in order, from whatever thread.
final class RecordedEvents: BatchEvents {
    enum Event: Hashable, Sendable {
        case started(String)
        case step(String, WorkflowStep, StepRecord.Status)
        case outputs(String, spotAccountID: String?)
        case finished(String, AccountStatus)
        case interrupted(String)
    }

    private let log = Mutex<[Event]>([])

    var events: [Event] { log.withLock { $0 } }

    /// The accounts that finished, with how, in the order they finished.
    var finished: [(accountID: String, status: AccountStatus)] {
        events.compactMap { if case .finished(let id, let status) = $0 { (accountID: id, status: status) } else { nil } }
    }

    /// The accounts that started, in order.
    var started: [String] {
        events.compactMap { if case .started(let id) = $0 { id } else { nil } }
    }

    func accountStarted(_ accountID: String) {
        log.withLock { $0.append(.started(accountID)) }
    }

    func stepFinished(_ accountID: String, record: StepRecord, outputs: AccountOutputs) {
        log.withLock { $0.append(.step(accountID, record.step, record.status)) }
    }

    func outputsRecorded(_ accountID: String, outputs: AccountOutputs) {
        log.withLock { $0.append(.outputs(accountID, spotAccountID: outputs.spotAccountID)) }
    }

    func accountFinished(_ result: AccountResult) {
        log.withLock { $0.append(.finished(result.accountID, result.status)) }
    }

    func accountInterrupted(_ accountID: String) {
        log.withLock { $0.append(.interrupted(accountID)) }
    }
}
