import AWSKit
import AccountList
import Foundation
import Onboarding
import TestSupport
import Testing

/// `onboard check` is the run's own steps with every change held at one gate: in the scripted
/// world, over the plan's scenarios, a check sends no request that changes anything, and it
/// names exactly the steps where a run of the same world changes something.
@Suite("Check mode: the run's steps, reading only, saying where a run would change something")
struct CheckModeTests {
    /// Whether `request` can change anything: a Spot request other than a GET, an AWS operation
    /// other than a Describe, Get, List or Head (AssumeRole changes no resource).
    static func changes(_ request: RoutedRequest) -> Bool {
        if request.request.isSpot { return request.request.method != "GET" }
        let operation = String(request.operation.split(separator: ".").last ?? "")
        if operation == "AssumeRole" { return false }
        return !["Describe", "Get", "List", "Head"].contains { operation.hasPrefix($0) }
    }

    /// The scenario checked: its result and every request it sent.
    static func check(_ scenario: PlanMatchesRunTests.Scenario) async throws -> (AccountResult, [RoutedRequest]) {
        var harness = WorkflowHarness(scenario.state)
        harness.mode = .check
        harness.settings.replaceCredentials = scenario.replaceCredentials
        if scenario.row.isChina {
            harness.settings.chinaPrincipals = SpotPrincipals(platformAccountID: "210987654321", finOpsAccountIDs: ["210987654322"])
            harness.chinaOperatorCredentials = WorkflowHarness.operatorCredentials
        }
        scenario.script(harness.world)
        let result = try #require(await AccountWorkflow(services: harness.services()).run(scenario.row))
        return (result, harness.transport.requests)
    }

    @Test(arguments: PlanMatchesRunTests.scenarios)
    func aCheckSendsNothingThatChangesAnything(_ scenario: PlanMatchesRunTests.Scenario) async throws {
        let (result, requests) = try await Self.check(scenario)
        let changing = requests.filter(Self.changes).map(\.operation)
        #expect(changing.isEmpty, "the check sent \(changing)")
        let check = try #require(result.check)
        #expect(check.steps.map(\.step) == result.steps.map(\.step))
        #expect((result.status == .connected) == (check.verdict == .inSync))
    }

    @Test(arguments: PlanMatchesRunTests.scenarios)
    func aCheckNamesTheStepsWhereTheRunChangesSomething(_ scenario: PlanMatchesRunTests.Scenario) async throws {
        let (checked, _) = try await Self.check(scenario)
        let run = try await PlanMatchesRunTests.run(scenario)
        // What the run changed: its changing requests that were not refused (an UpdateStack with
        // nothing to update is answered 400, and changes nothing), by step.
        var changedByRun: Set<WorkflowStep> = []
        for (step, requests) in run.requests where requests.contains(where: { Self.changes($0) && ($0.status ?? 0) < 400 }) {
            changedByRun.insert(step)
        }
        let steps = try #require(checked.check).steps
        // A check cannot know what a run meets after a change it only recorded (a stack that
        // rolls back): the steps after the run's failure are not compared.
        let last = run.result.error.map { WorkflowStep.allCases.firstIndex(of: $0.step)! } ?? WorkflowStep.allCases.count
        let changedByCheck = Set(steps.filter { [.create, .update].contains($0.action) }.map(\.step))
            .filter { WorkflowStep.allCases.firstIndex(of: $0)! <= last }
        #expect(changedByCheck == changedByRun, "check: \(steps.map { "\($0.step.rawValue) \($0.action.name)" })")
        if run.result.status == .failed, let failed = run.result.error?.step {
            // A failure the run meets before changing anything, the check meets too.
            if !changedByRun.contains(where: { WorkflowStep.allCases.firstIndex(of: $0)! < WorkflowStep.allCases.firstIndex(of: failed)! }) {
                #expect(steps.last?.action.name == "blocked", "\(steps.map { "\($0.step.rawValue) \($0.action.name)" })")
            }
        }
    }

    @Test func anAccountConnectedBeforeAndUnchangedIsInSync() async throws {
        // A run connects the account; a check of the world it leaves finds nothing to do.
        let harness = WorkflowHarness()
        let connected = try await harness.run()
        #expect(connected.status == .connected, "\(connected.error?.message ?? "")")
        var checking = harness
        checking.mode = .check
        checking.recordedConnections = [WorkflowHarness.payer: RecordedConnection(runID: "run-20261201-120000", result: connected)]
        let checked = try await checking.run()
        let check = try #require(checked.check)
        #expect(check.verdict == .inSync, "\(check.steps.map { "\($0.step.rawValue) \($0.action.name): \($0.detail)" }), \(checked.drift)")
        #expect(check.comparedWith == "run-20261201-120000")
        #expect(checked.drift.isEmpty)
    }

    @Test func aRunComparesWithWhatItEstablishedNotWithAnOlderReportsValues() async throws {
        // An earlier report recorded another external id (as when Spot's account was made again
        // since): a check finds the stack's parameter and the role's trust changed against it,
        // but a run that connects the account has just verified them, so it reports no drift
        // (and never advises putting the old external id back).
        let harness = WorkflowHarness()
        let connected = try await harness.run()
        #expect(connected.status == .connected, "\(connected.error?.message ?? "")")
        var older = connected
        older.outputs.externalID = "spotinst:aws:extid:00000000000000000000000000000000"
        let recorded = [WorkflowHarness.payer: RecordedConnection(runID: "run-20261201-120000", result: older)]
        var checking = harness
        checking.mode = .check
        checking.recordedConnections = recorded
        let checked = try await checking.run()
        #expect(Set(checked.drift.map(\.kind)).isSuperset(of: [.stackParametersChanged]), "\(checked.drift)")
        var running = harness
        running.recordedConnections = recorded
        let ran = try await running.run()
        #expect(ran.status == .connected, "\(ran.error?.message ?? "")")
        #expect(ran.drift.isEmpty, "\(ran.drift)")
        #expect(!ran.manualPrerequisites.contains { $0.contains("00000000000000000000000000000000") }, "\(ran.manualPrerequisites)")
    }
}
