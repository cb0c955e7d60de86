import AWSKit
import AccountList
import Foundation
import HTTPCore

/// Offboarding one payer account a partner lets go (`onboard offboard`), step by step:
/// `input`, `partition`, `login`, `deregister`, `delete-stack`, `delete-cur`. It deletes only
/// what onboard made, told by the earlier runs' reports (``OnboardingHistory``) and by live
/// checks (the stack's `managed-by` tag, the report definition as onboard created it), and never
/// the bucket or its objects. A dry run (the default) makes only read calls and says in each
/// step what `--apply` would do. Every step is idempotent: what is gone already is `absent`.
///
/// Knows nothing of Dispatch or files, as ``AccountWorkflow``.
public struct OffboardingWorkflow: Sendable {
    public let services: WorkflowServices
    public let settings: OffboardingSettings
    private let histories: [String: OnboardingHistory]
    private let planner: AccountPlanner

    /// - Parameters:
    ///   - histories: what earlier runs recorded, by AWS account id (an account without one is
    ///     offboarded from live checks alone: only a stack with onboard's tag is deleted).
    public init(services: WorkflowServices, settings: OffboardingSettings, histories: [String: OnboardingHistory]) {
        self.services = services
        self.settings = settings
        self.histories = histories
        planner = AccountPlanner(settings: services.settings)
    }

    /// Runs the offboarding steps; the parameters and the result are ``AccountWorkflow``'s.
    public func run(
        _ account: PayerAccount, resume: ResumePoint? = nil, shouldStop: @Sendable () -> Bool = { false },
        observer: @Sendable (StepRecord, AccountOutputs) -> Void = { _, _ in },
        checkpoint: @escaping @Sendable (AccountOutputs) -> Void = { _ in }
    ) async -> AccountResult? {
        let (plan, template) = planner.plan(for: account)
        let history = histories[account.accountID] ?? OnboardingHistory()
        var outputs = resume?.outputs ?? AccountOutputs()
        if outputs.offboarding == nil {
            outputs.offboarding = OffboardingOutputs(mode: settings.mode, fromRuns: history.runIDs)
        }
        var context = AccountContext(
            account: account, plan: plan, template: template, payerCredentials: nil, outputs: outputs,
            manualPrerequisites: [], checkpoint: checkpoint,
            // Offboarding's deletions are its own steps' (a dry run says "would delete"), not
            // onboarding's changes: its gate makes what it is asked, and no connection is compared.
            gate: ChangeGate(mode: .run), recorded: nil)
        // However the account ends, the sessions assumed for it are forgotten once its result is
        // made (every text in it was scrubbed as it was made): the registry holds only the
        // secrets of accounts in flight.
        defer { context.payerCredentials?.retire() }
        var result = AccountResult(
            accountID: account.accountID, organizationName: account.organizationName, line: account.line,
            partition: plan.partition, products: account.products,
            status: settings.applies ? .offboarded : .dryRun, started: services.clock.now())
        let done = Set((resume?.completed ?? []).filter { $0.status != .failed }.map(\.step))

        for step in WorkflowStep.offboarding {
            if done.contains(step) && step != .login {
                let earlier = resume?.completed.last { $0.step == step }
                result.steps.append(StepRecord(
                    step: step, status: .resumed, started: earlier?.started ?? services.clock.now(), duration: 0,
                    detail: "done by the interrupted run: " + (earlier?.detail ?? "")))
                continue
            }
            if shouldStop() { return nil }
            let started = services.clock.now()
            var status = StepRecord.Status.succeeded
            let outcome = await perform(step, &context, history: history, status: &status)
            let duration = services.clock.now().timeIntervalSince(started)
            switch outcome {
            case .success(let detail):
                let record = StepRecord(step: step, status: status, started: started, duration: duration, detail: detail)
                result.steps.append(record)
                observer(record, context.outputs)
            case .failure(let error):
                let record = StepRecord(step: step, status: .failed, started: started, duration: duration, detail: error.message)
                result.steps.append(record)
                observer(record, context.outputs)
                result.status = .failed
                result.error = error
                return finish(result, context)
            }
        }
        return finish(result, context)
    }

    private func finish(_ result: AccountResult, _ context: AccountContext) -> AccountResult {
        var result = result
        result.outputs = context.outputs
        result.manualPrerequisites = context.manualPrerequisites
        result.finished = services.clock.now()
        return result
    }

    /// One step, as a `Result` (no `await` inside a typed `do … catch`: see the brief's compiler note).
    private func perform(
        _ step: WorkflowStep, _ context: inout AccountContext, history: OnboardingHistory,
        status: inout StepRecord.Status
    ) async -> Result<String, AccountFailure> {
        switch step {
        case .input:
            return .success(InputStep().run(context))
        case .partition:
            return .success(PartitionStep.detail(context.partition))
        case .login:
            return await Self.result { () async throws(AccountFailure) in try await LoginStep(services: services).run(&context) }
        case .deregister:
            let step = DeregisterStep(services: services, settings: settings, history: history)
            return await Self.result { () async throws(AccountFailure) in
                let (detail, needsPerson) = try await step.run(&context)
                if needsPerson { status = .attention }
                return detail
            }
        case .deleteStack:
            let step = DeleteStackStep(services: services, settings: settings, history: history)
            return await Self.result { () async throws(AccountFailure) in try await step.run(&context) }
        case .deleteCostAndUsageReport:
            let step = DeleteReportDefinitionStep(services: services, settings: settings, history: history)
            return await Self.result { () async throws(AccountFailure) in
                let (detail, needsPerson) = try await step.run(&context)
                if needsPerson { status = .attention }
                return detail
            }
        case .billingAccess, .costAndUsageReport, .spotAccount, .stack, .register, .verify:
            preconditionFailure("\(step.rawValue) is an onboarding step (AccountWorkflow)")
        }
    }

    private static func result(
        _ body: () async throws(AccountFailure) -> String
    ) async -> Result<String, AccountFailure> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}
