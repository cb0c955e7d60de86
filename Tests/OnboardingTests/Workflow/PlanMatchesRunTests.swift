import AWSKit
import AccountList
import Foundation
import Onboarding
import Synchronization
import TestSupport
import Testing

/// The plan and the run come from the same declarations: each step declares the AWS and Spot
/// calls it makes or may make (`Workflow/Steps/<Step>+Declaration.swift`), the plan lists them,
/// and here the workflow runs in the scripted world to hold every step to its declaration:
/// every call a step makes is declared for it, and every call declared without a condition is
/// made (by the steps that succeed).
///
/// Calls are attributed to steps by the observer's step boundaries: the workflow runs one step
/// at a time, and the observer hears each step as it ends, so the requests recorded since the
/// step before are the step's own.
@Suite("Plan and run: every step makes just the calls it declares")
struct PlanMatchesRunTests {
    private static let payer = WorkflowHarness.payer
    private static let externalID = "spotinst:aws:extid:3b9d6e1f2a4c5e7f9011"
    private static let customerRole = "arn:aws:iam::123456789012:role/CustomerSpotRole"

    /// A run to hold to its plan: the world, the row and the settings.
    struct Scenario: Sendable, CustomTestStringConvertible {
        var name: String
        var state: WorldState = .happy(payer: PlanMatchesRunTests.payer)
        var row: PayerAccount = WorkflowHarness.row()
        var replaceCredentials = false
        /// Whether the account ends connected (else only what was made is checked, up to the failure).
        var connects = true
        /// Changes the transport before the run (lost answers, one-off replies).
        var script: @Sendable (WorkflowWorld) -> Void = { _ in }

        var testDescription: String { name }
    }

    static let scenarios: [Scenario] = {
        var list: [Scenario] = []
        list.append(Scenario(name: "commercial, cloud-analyzer, everything new"))
        list.append(Scenario(name: "elastigroup only", row: WorkflowHarness.row(products: [.elastigroup])))
        list.append(Scenario(name: "cloud-analyzer and eco", row: WorkflowHarness.row(products: [.cloudAnalyzer, .eco])))
        list.append(Scenario(name: "AWS China", row: WorkflowHarness.row(china: true)))

        var adopted = WorldState.happy(payer: payer)
        adopted.payers[payer]?.reports = [
            WorldFixtures.compliantReport("finance-cur", bucket: "acme-billing-data", prefix: "billing")
        ]
        adopted.buckets["acme-billing-data"] = WorldBucket(name: "acme-billing-data", owner: payer)
        adopted.spotAccounts = [
            WorldSpotAccount(id: "act-1c2d3e4f", name: "Acme Corp", linkedAWSAccount: payer, iamRole: WorldFixtures.onboardRole())
        ]
        adopted.payers[payer]?.stack = WorldFixtures.onboardStack(spotAccount: "act-1c2d3e4f", externalID: externalID)
        adopted.billingRegistered = ["act-1c2d3e4f"]
        adopted.costIntelligenceRegistered = ["act-1c2d3e4f"]
        list.append(Scenario(name: "an existing report and onboard's stack adopted, already registered", state: adopted))

        var named = WorldState.happy(payer: payer)
        named.spotAccounts = [WorldSpotAccount(id: "act-0a1b2c3d", name: "Acme Corp")]
        list.append(Scenario(name: "the Spot account named in the row", state: named, row: WorkflowHarness.row(spotAccountID: "act-0a1b2c3d")))

        var tagged = WorldState.happy(payer: payer)
        tagged.spotAccounts = [WorldSpotAccount(id: "act-5e6f7a8b", name: "Acme Corp")]
        tagged.payers[payer]?.stack = WorldFixtures.onboardStack(
            spotAccount: "act-5e6f7a8b", externalID: externalID, status: .rollbackComplete)
        list.append(Scenario(name: "a rolled-back stack of an earlier run, recreated", state: tagged))

        var customer = WorldState.happy(payer: payer)
        customer.spotAccounts = [
            WorldSpotAccount(id: "act-1c2d3e4f", name: "Acme Corp", linkedAWSAccount: payer, iamRole: customerRole)
        ]
        list.append(Scenario(name: "a customer's role in force, kept", state: customer))
        list.append(Scenario(name: "a customer's role in force, replaced", state: customer, replaceCredentials: true))

        list.append(Scenario(
            name: "a lost CreateAccount answer",
            script: { $0.loseCreateAccountAnswers([.serviceUnavailable(accountsMade: 1)]) }))

        var taken = WorldState.happy(payer: payer)
        taken.buckets["spot-cur-\(payer)"] = WorldBucket(name: "spot-cur-\(payer)", owner: "777788889999")
        list.append(Scenario(name: "the bucket is another account's", state: taken, connects: false))

        var elsewhere = WorldState.happy(payer: payer)
        elsewhere.buckets["spot-cur-\(payer)"] = WorldBucket(name: "spot-cur-\(payer)", owner: payer, region: "eu-west-1")
        list.append(Scenario(name: "the bucket is in another region", state: elsewhere, connects: false))

        var rollback = WorldState.happy(payer: payer)
        rollback.stackOutcome = .rollback(cause: "API: iam:CreateRole is not authorized")
        list.append(Scenario(name: "the stack rolls back", state: rollback, connects: false))
        return list
    }()

    @Test(arguments: scenarios)
    func everyStepMakesOnlyTheCallsItDeclares(_ scenario: Scenario) async throws {
        let run = try await Self.run(scenario)
        #expect(run.result.status == (scenario.connects ? .connected : .failed), "\(run.result.error?.message ?? "")")
        for (step, requests) in run.requests {
            let declared = Self.declared(step, in: run.plan)
            for request in requests where !declared.contains(where: { $0.matches(request) }) {
                let sent = request.request.path + (request.request.rawQuery.map { "?" + $0 } ?? "")
                Issue.record("\(step.rawValue) made \(request.operation) (\(request.request.method) \(sent)), which its declaration does not list")
            }
        }
    }

    @Test(arguments: scenarios)
    func everyUnconditionalCallIsMade(_ scenario: Scenario) async throws {
        let run = try await Self.run(scenario)
        for record in run.result.steps where record.status != .failed {
            let made = run.requests[record.step] ?? []
            for call in Self.declared(record.step, in: run.plan) where !call.isConditional {
                #expect(made.contains { call.matches($0) }, "\(record.step.rawValue) declares \(call) without a condition, and did not make it")
            }
        }
    }

    /// A declared call that no scenario makes is a call the plan lists and the run does not
    /// make: each must be made by some scenario.
    @Test func everyDeclaredCallIsMadeInSomeScenario() async throws {
        var declared: [String: DeclaredCall] = [:]
        var made: Set<String> = []
        for scenario in Self.scenarios {
            let run = try await Self.run(scenario)
            for step in WorkflowStep.onboarding {
                let calls = Self.declared(step, in: run.plan)
                for call in calls { declared[call.key] = call }
                for request in run.requests[step] ?? [] {
                    for call in calls where call.matches(request) { made.insert(call.key) }
                }
            }
        }
        let never = declared.keys.filter { !made.contains($0) }.sorted()
        #expect(never.isEmpty, "declared, never made: \(never.joined(separator: "; "))")
    }

    /// What one scenario's run made, by step, beside its plan.
    struct Run {
        var plan: AccountPlan
        var result: AccountResult
        var requests: [WorkflowStep: [RoutedRequest]]
    }

    static func run(_ scenario: Scenario) async throws -> Run {
        var harness = WorkflowHarness(scenario.state)
        harness.settings.replaceCredentials = scenario.replaceCredentials
        if scenario.row.isChina {
            harness.settings.chinaPrincipals = SpotPrincipals(platformAccountID: "210987654321", finOpsAccountIDs: ["210987654322"])
            harness.chinaOperatorCredentials = WorkflowHarness.operatorCredentials
        }
        scenario.script(harness.world)
        let transport = harness.transport
        let boundaries = Mutex<[(step: WorkflowStep, requests: Int)]>([])
        let result = try #require(
            await AccountWorkflow(services: harness.services()).run(scenario.row, observer: { record, _ in
                let count = transport.requests.count
                boundaries.withLock { $0.append((record.step, count)) }
            }))
        let all = transport.requests
        var byStep: [WorkflowStep: [RoutedRequest]] = [:]
        var start = 0
        for (step, end) in boundaries.withLock({ $0 }) {
            byStep[step, default: []] += all[start..<end]
            start = end
        }
        #expect(start == all.count, "requests after the last step")
        let plan = AccountPlanner(settings: harness.settings).plan(for: scenario.row).plan
        return Run(plan: plan, result: result, requests: byStep)
    }

    static func declared(_ step: WorkflowStep, in plan: AccountPlan) -> [DeclaredCall] {
        plan.awsCalls.filter { $0.step == step }.map(DeclaredCall.aws)
            + plan.spotCalls.filter { $0.step == step }.map(DeclaredCall.spot)
    }
}

/// A call of a plan, AWS or Spot, as recorded requests are matched against it.
enum DeclaredCall: CustomStringConvertible {
    case aws(PlannedAWSCall)
    case spot(SpotCall)

    /// Spot's paging parameters: not part of a call's identity.
    private static let paging: Set<String> = ["paginationSize", "paginationKey"]

    var isConditional: Bool {
        switch self {
        case .aws(let call): call.condition.isConditional
        case .spot(let call): call.condition.isConditional
        }
    }

    /// The step and call, for telling declarations apart across scenarios.
    var key: String {
        switch self {
        case .aws(let call): "\(call.step.rawValue): \(call.name)"
        case .spot(let call): "\(call.step.rawValue): \(call.method.rawValue) \(call.path)"
        }
    }

    var description: String { key }

    /// Whether `routed` is this call: the same AWS operation (`sts.AssumeRole`), or the same
    /// Spot method, path and query (a placeholder `<…>` stands for any value).
    func matches(_ routed: RoutedRequest) -> Bool {
        let request = routed.request
        switch self {
        case .aws(let call):
            return !request.isSpot && routed.operation == "\(call.service.rawValue).\(call.operation.rawValue)"
        case .spot(let call):
            guard request.isSpot, request.method == call.method.rawValue else { return false }
            let parts = call.path.split(separator: "?", maxSplits: 1).map(String.init)
            guard request.path == parts[0] else { return false }
            var declared: [String: String] = [:]
            for item in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
                let pair = item.split(separator: "=", maxSplits: 1).map(String.init)
                declared[pair[0]] = pair.count > 1 ? pair[1] : ""
            }
            let sent = request.query.filter { !Self.paging.contains($0.key) }
            guard Set(sent.keys) == Set(declared.keys) else { return false }
            return declared.allSatisfy { name, value in
                (value.hasPrefix("<") && value.hasSuffix(">")) || sent[name] == value
            }
        }
    }
}
