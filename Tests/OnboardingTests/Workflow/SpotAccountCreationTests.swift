import AWSKit
import Foundation
import AccountList
import Onboarding
import SpotKit
import Synchronization
import TestSupport
import Testing

/// `spot-account` when Spot's answer to CreateAccount (`POST /setup/account`, not idempotent)
/// is lost: the account that call may have made is looked for before trying again.
@Suite("Workflow: a CreateAccount whose answer was lost")
struct SpotAccountCreationTests {
    private static let payer = WorkflowHarness.payer
    /// The id the world gives the first Spot account it makes.
    private static let firstMade = "act-5e1f0a01"
    /// The id the world gives the second.
    private static let secondMade = "act-5e1f0a02"
    /// A reconcile wait no other wait of the workflow uses, so its presence tells it was asked.
    private static let reconcileWait = 7.25

    private static func harness(_ state: WorldState = .happy(payer: payer)) -> WorkflowHarness {
        var harness = WorkflowHarness(state)
        harness.timings.spotAccountReconcileWait = reconcileWait
        return harness
    }

    /// How an answer is lost.
    enum Loss: String, CaseIterable, Sendable {
        case http503 = "Spot 503"
        case dropped = "a dropped connection"

        func made(_ accounts: Int) -> LostCreateAccount {
            switch self {
            case .http503: .serviceUnavailable(accountsMade: accounts)
            case .dropped: .dropped(accountsMade: accounts)
            }
        }
    }

    /// Full listings of the organization (not the per-payer lookups by `cloudAccountId`).
    private static func fullListings(_ harness: WorkflowHarness) -> Int {
        harness.transport.requests(CloudOperation.listAccounts).filter { $0.query["cloudAccountId"] == nil }.count
    }

    // MARK: - The lost call made the account

    @Test(
        "a lost answer whose call made the account: that account is taken up, none other made",
        arguments: Loss.allCases)
    func lostAnswerThatMadeTheAccountIsTakenUp(_ loss: Loss) async throws {
        let harness = Self.harness()
        harness.world.loseCreateAccountAnswers([loss.made(1)])
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountID == Self.firstMade)
        #expect(result.outputs.spotAccountSource == .created)
        #expect(harness.transport.count(CloudOperation.createAccount) == 1)
        let world = harness.world.snapshot
        #expect(world.spotAccounts.map(\.id) == [Self.firstMade])
        #expect(world.spotAccount(Self.firstMade)?.linkedAWSAccount == Self.payer)
        let detail = result.detail(.spotAccount)
        #expect(detail.contains("answer was lost"))
        #expect(detail.contains("took up Spot account \(Self.firstMade)"))
        // It waited before looking, then listed the organization again.
        #expect(harness.clock.delays.contains(Self.reconcileWait))
        #expect(Self.fullListings(harness) == 2)
        // The external id went to the account taken up.
        let issued = try #require(harness.transport.requests(CloudOperation.createExternalID).first)
        #expect(issued.query["accountId"] == Self.firstMade)
    }

    // MARK: - The lost call made nothing

    @Test(
        "a lost answer whose call made nothing: CreateAccount is tried again, one account",
        arguments: Loss.allCases)
    func lostAnswerThatMadeNothingIsTriedAgain(_ loss: Loss) async throws {
        let harness = Self.harness()
        harness.world.loseCreateAccountAnswers([loss.made(0)])
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountID == Self.firstMade)
        #expect(harness.transport.count(CloudOperation.createAccount) == 2)
        #expect(harness.world.snapshot.spotAccounts.map(\.id) == [Self.firstMade])
        #expect(harness.clock.delays.contains(Self.reconcileWait))
        let detail = result.detail(.spotAccount)
        #expect(detail.contains("created Spot account \(Self.firstMade)"))
        #expect(detail.contains("after 1 lost answer"))
    }

    @Test("a 500 from CreateAccount is reconciled as a lost answer too")
    func internalServerErrorIsALostAnswer() async throws {
        let harness = Self.harness()
        harness.world.loseCreateAccountAnswers([
            LostCreateAccount(accountsMade: 1, reply: SpotWire.error(status: 500, code: "INTERNAL_ERROR", message: "oops"))
        ])
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountID == Self.firstMade)
        #expect(harness.transport.count(CloudOperation.createAccount) == 1)
        #expect(harness.world.snapshot.spotAccounts.count == 1)
        #expect(result.detail(.spotAccount).contains("answer was lost"))
    }

    @Test("answers lost again and again without an account made: the row fails after four tries")
    func everyAnswerLostGivesUp() async throws {
        let harness = Self.harness()
        harness.world.loseCreateAccountAnswers(Array(repeating: .serviceUnavailable(accountsMade: 0), count: 10))
        let result = try await harness.run()

        #expect(result.status == .failed)
        #expect(result.error?.step == .spotAccount)
        #expect(result.error?.code == .service("SERVICE_UNAVAILABLE"))
        #expect(harness.transport.count(CloudOperation.createAccount) == 4)
        #expect(harness.world.snapshot.spotAccounts.isEmpty)
        #expect(!harness.transport.sentAny(of: [CloudOperation.createExternalID, CloudOperation.createStack]))
    }

    // MARK: - What is never taken up

    @Test("two unlinked accounts of the row's name appear: the row fails for a person, no third is made")
    func twoLookAlikesAreAmbiguous() async throws {
        let harness = Self.harness()
        harness.world.loseCreateAccountAnswers([.serviceUnavailable(accountsMade: 2)])
        let result = try await harness.run()

        #expect(result.status == .failed)
        let error = try #require(result.error)
        #expect(error.step == .spotAccount)
        #expect(error.code == .spotAccountCreationAmbiguous)
        #expect(error.code.rawValue == "SpotAccountCreationAmbiguous")
        #expect(error.rerunMayFix == false)
        #expect(error.message.contains(Self.firstMade))
        #expect(error.message.contains(Self.secondMade))
        #expect(harness.transport.count(CloudOperation.createAccount) == 1)
        #expect(harness.world.snapshot.spotAccounts.count == 2)
        #expect(result.outputs.spotAccountID == nil)
        #expect(!harness.transport.sentAny(of: [CloudOperation.createExternalID, CloudOperation.setAWSCredentials]))
        #expect(!harness.transport.sentAny(of: CloudOperation.stackMutations))
    }

    @Test("an unlinked account of the row's name that was listed before is never taken up")
    func accountListedBeforeIsNotTakenUp() async throws {
        var state = WorldState.happy(payer: Self.payer)
        let old = "act-0badc0de"
        state.spotAccounts = [WorldSpotAccount(id: old, name: "Acme Corp")]
        let harness = Self.harness(state)
        harness.world.loseCreateAccountAnswers([.serviceUnavailable(accountsMade: 0)])
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountID == Self.firstMade)
        #expect(harness.transport.count(CloudOperation.createAccount) == 2)
        let world = harness.world.snapshot
        #expect(world.spotAccounts.map(\.id) == [old, Self.firstMade])
        #expect(world.spotAccount(old)?.linkedAWSAccount == nil)
        #expect(world.spotAccount(old)?.externalIDs.isEmpty == true)
        #expect(!result.detail(.spotAccount).contains(old))
    }

    @Test("beside an old look-alike, the account the lost call made is the one taken up")
    func accountMadeIsTakenUpBesideAnOldLookAlike() async throws {
        var state = WorldState.happy(payer: Self.payer)
        let old = "act-0badc0de"
        state.spotAccounts = [WorldSpotAccount(id: old, name: "Acme Corp")]
        let harness = Self.harness(state)
        harness.world.loseCreateAccountAnswers([.dropped(accountsMade: 1)])
        let result = try await harness.run()

        #expect(result.status == .connected)
        #expect(result.outputs.spotAccountID == Self.firstMade)
        #expect(harness.transport.count(CloudOperation.createAccount) == 1)
        #expect(harness.world.snapshot.spotAccounts.map(\.id) == [old, Self.firstMade])
        #expect(result.detail(.spotAccount).contains("took up Spot account \(Self.firstMade)"))
    }

    @Test("an account another row of the run made is not taken up by a row whose answer was lost")
    func accountAnotherRowMadeIsNotTakenUp() async throws {
        let second = "345678901234"
        var state = WorldState.happy(payer: Self.payer)
        state.payers[second] = WorldPayer(accountID: second, organizationID: "o-f6e5d4c3b2")
        // Spot keeps the first row's account unlinked, so only the claim tells it apart.
        state.setCredentialsLinks = false
        let harness = Self.harness(state)
        let services = harness.services()
        let first = try await harness.run(WorkflowHarness.row(Self.payer, organization: "Acme Corp"), on: services)
        #expect(first.outputs.spotAccountID == Self.firstMade)

        harness.world.loseCreateAccountAnswers([.serviceUnavailable(accountsMade: 0)])
        let result = try await harness.run(WorkflowHarness.row(second, organization: "Acme Corp"), on: services)

        #expect(result.outputs.spotAccountID == Self.secondMade)
        #expect(harness.transport.count(CloudOperation.createAccount) == 3)
        #expect(harness.world.snapshot.spotAccounts.map(\.id) == [Self.firstMade, Self.secondMade])
        #expect(!result.detail(.spotAccount).contains("took up"))
    }

    // MARK: - What is not a lost answer

    @Test("a 4xx from CreateAccount is not reconciled: the row fails as before", arguments: [400, 403])
    func clientErrorIsNotReconciled(_ status: Int) async throws {
        let harness = Self.harness()
        harness.transport.enqueue(
            CloudOperation.createAccount,
            SpotWire.error(status: status, code: "ACCOUNT_REFUSED", message: "the account name is refused", field: "name"))
        let result = try await harness.run()

        #expect(result.status == .failed)
        #expect(result.error?.step == .spotAccount)
        #expect(result.error?.code == .service("ACCOUNT_REFUSED"))
        #expect(result.error?.rerunMayFix == false)
        #expect(harness.transport.count(CloudOperation.createAccount) == 1)
        #expect(harness.world.snapshot.spotAccounts.isEmpty)
        #expect(!harness.clock.delays.contains(Self.reconcileWait))
        #expect(Self.fullListings(harness) == 1)
    }

    // MARK: - The checkpoint

    @Test("the new Spot account id is checkpointed right after creation, before the step ends")
    func newAccountIsCheckpointedBeforeTheStepEnds() async throws {
        let harness = Self.harness()
        let log = EventLog()
        let transport = harness.transport
        let result = try #require(
            await AccountWorkflow(services: harness.services()).run(
                WorkflowHarness.row(),
                observer: { record, _ in log.append(.step(record.step)) },
                checkpoint: { outputs in
                    log.append(.checkpoint(spotAccountID: outputs.spotAccountID, externalIDsIssued: transport.count(CloudOperation.createExternalID)))
                }))

        #expect(result.status == .connected)
        let events = log.events
        let checkpoints = events.filter { if case .checkpoint = $0 { true } else { false } }
        // The intent (no account yet) before the call, then the account the moment it is known.
        #expect(checkpoints == [
            .checkpoint(spotAccountID: nil, externalIDsIssued: 0),
            .checkpoint(spotAccountID: Self.firstMade, externalIDsIssued: 0),
        ])
        let checkpoint = try #require(events.firstIndex(of: checkpoints[1]))
        let costAndUsageReport = try #require(events.firstIndex(of: .step(.costAndUsageReport)))
        let spotAccount = try #require(events.firstIndex(of: .step(.spotAccount)))
        #expect(costAndUsageReport < checkpoint)
        #expect(checkpoint < spotAccount)
    }

    @Test("an account taken up after a lost answer is checkpointed too")
    func accountTakenUpIsCheckpointed() async throws {
        let harness = Self.harness()
        harness.world.loseCreateAccountAnswers([.dropped(accountsMade: 1)])
        let log = EventLog()
        let result = try #require(
            await AccountWorkflow(services: harness.services()).run(
                WorkflowHarness.row(), observer: { record, _ in log.append(.step(record.step)) },
                checkpoint: { outputs in log.append(.checkpoint(spotAccountID: outputs.spotAccountID, externalIDsIssued: 0)) }))

        #expect(result.outputs.spotAccountID == Self.firstMade)
        let events = log.events
        let checkpoint = try #require(events.firstIndex(of: .checkpoint(spotAccountID: Self.firstMade, externalIDsIssued: 0)))
        let spotAccount = try #require(events.firstIndex(of: .step(.spotAccount)))
        #expect(checkpoint < spotAccount)
    }

    @Test("an account found, not made, is not checkpointed mid-step")
    func foundAccountIsNotCheckpointed() async throws {
        var state = WorldState.happy(payer: Self.payer)
        state.spotAccounts = [WorldSpotAccount(id: "act-1c2d3e4f", name: "Acme Corp", linkedAWSAccount: Self.payer)]
        let harness = Self.harness(state)
        let log = EventLog()
        _ = try #require(
            await AccountWorkflow(services: harness.services()).run(
                WorkflowHarness.row(), checkpoint: { outputs in log.append(.checkpoint(spotAccountID: outputs.spotAccountID, externalIDsIssued: 0)) }))
        #expect(log.events.isEmpty)
    }

    // MARK: - A run killed while CreateAccount was in flight

    /// Where a run killed between sending CreateAccount and journaling its answer resumes:
    /// `login`..`cur` done, and the intent journaled before the call.
    private static func killedDuringCreateAccount(namesakesBefore: [String]) -> ResumePoint {
        var outputs = AccountOutputs()
        outputs.spotProfile = "default"
        outputs.pendingSpotAccountCreation = SpotAccountCreationIntent(
            name: "Acme Corp", requestedAt: Date(timeIntervalSince1970: 1_800_000_000), namesakesBefore: namesakesBefore)
        return ResumePoint(completed: [], outputs: outputs)
    }

    @Test("resuming a run killed mid-CreateAccount takes up the account that call made, and makes none")
    func resumeAfterKillDuringCreateAccountTakesUpTheAccount() async throws {
        let harness = Self.harness()
        let madeByKilledRun = harness.world.makeSpotAccount(name: "Acme Corp")
        let services = harness.services()
        let result = try #require(
            await AccountWorkflow(services: services).run(
                WorkflowHarness.row(), resume: Self.killedDuringCreateAccount(namesakesBefore: [])))

        #expect(result.status == .connected, "\(result.error?.message ?? "")")
        #expect(result.outputs.spotAccountID == madeByKilledRun.id)
        #expect(result.outputs.pendingSpotAccountCreation == nil, "the intent is cleared once the account is known")
        #expect(harness.transport.count(CloudOperation.createAccount) == 0)
        #expect(harness.world.snapshot.spotAccounts.map(\.id) == [madeByKilledRun.id])
        #expect(result.detail(.spotAccount).contains("which the interrupted run's CreateAccount made"))
    }

    @Test("resuming after a kill mid-CreateAccount that made nothing creates the account once")
    func resumeAfterKillThatMadeNothingCreatesOnce() async throws {
        let harness = Self.harness()
        // A namesake that existed before the call (the intent lists it) is not the one it made.
        let older = harness.world.makeSpotAccount(name: "Acme Corp")
        let services = harness.services()
        let result = try #require(
            await AccountWorkflow(services: services).run(
                WorkflowHarness.row(), resume: Self.killedDuringCreateAccount(namesakesBefore: [older.id])))

        #expect(result.status == .connected, "\(result.error?.message ?? "")")
        #expect(result.outputs.spotAccountID != older.id)
        #expect(harness.transport.count(CloudOperation.createAccount) == 1)
        #expect(harness.world.snapshot.spotAccounts.count == 2)
        #expect(harness.world.snapshot.spotAccount(older.id)?.linkedAWSAccount == nil, "the older namesake is left alone")
    }

    @Test("the intent is journaled before CreateAccount is sent, with the namesakes that existed")
    func intentIsCheckpointedBeforeTheCall() async throws {
        let harness = Self.harness()
        let older = harness.world.makeSpotAccount(name: "Acme Corp")
        let heard = Mutex<[(outputs: AccountOutputs, createCallsSoFar: Int)]>([])
        let transport = harness.transport
        let services = harness.services()
        let result = try #require(
            await AccountWorkflow(services: services).run(
                WorkflowHarness.row(),
                checkpoint: { outputs in
                    heard.withLock { $0.append((outputs, transport.count(CloudOperation.createAccount))) }
                }))

        #expect(result.status == .connected)
        let checkpoints = heard.withLock { $0 }
        let intent = try #require(checkpoints.first, "a checkpoint before the call")
        #expect(intent.createCallsSoFar == 0)
        #expect(intent.outputs.pendingSpotAccountCreation?.name == "Acme Corp")
        #expect(intent.outputs.pendingSpotAccountCreation?.namesakesBefore == [older.id])
        #expect(intent.outputs.spotAccountID == nil)
        let made = try #require(checkpoints.last)
        #expect(made.outputs.spotAccountID == result.outputs.spotAccountID)
        #expect(made.outputs.pendingSpotAccountCreation == nil)
    }

}

/// What the workflow told the test, in order, from whatever thread.
private final class EventLog: Sendable {
    enum Event: Hashable, Sendable {
        case step(WorkflowStep)
        case checkpoint(spotAccountID: String?, externalIDsIssued: Int)
    }

    private let state = Mutex<[Event]>([])

    func append(_ event: Event) {
        state.withLock { $0.append(event) }
    }

    var events: [Event] { state.withLock { $0 } }
}
