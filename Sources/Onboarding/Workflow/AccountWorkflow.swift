import AWSKit
import AccountList
import Foundation
import HTTPCore

/// The whole connection workflow for one payer account, step by step (DESIGN.md, "The
/// workflow"): `input`, `partition`, `login`, `billing-access`, `cur`, `spot-account`, `stack`,
/// `register`, `verify`. Every step is idempotent, so running again converges.
///
/// Knows nothing of Dispatch or files: the batch runner schedules it and writes what the
/// observer hears.
public struct AccountWorkflow: Sendable {
    public let services: WorkflowServices
    private let planner: AccountPlanner

    public init(services: WorkflowServices) {
        self.services = services
        planner = AccountPlanner(settings: services.settings)
    }

    /// The template the account's stack is made from (nil when blocked before the stack), for
    /// the run folder: the planner's, without planning the rest (`run` plans the account once).
    public func template(for account: PayerAccount) -> StackTemplate? {
        planner.template(for: account)
    }

    /// Runs the workflow.
    ///
    /// - Parameters:
    ///   - resume: steps an interrupted run completed (not redone; `login` is, for credentials).
    ///   - shouldStop: asked before each step; when true the account stops at a safe point.
    ///   - observer: hears each finished step with the outputs so far (for the journal).
    ///   - checkpoint: hears the outputs mid-step when something was made that must not be made
    ///     twice (a Spot account), for the journal.
    /// - Returns: the result, or nil when `shouldStop` interrupted it (resume continues it).
    public func run(
        _ account: PayerAccount, resume: ResumePoint? = nil, shouldStop: @Sendable () -> Bool = { false },
        observer: @Sendable (StepRecord, AccountOutputs) -> Void = { _, _ in },
        checkpoint: @escaping @Sendable (AccountOutputs) -> Void = { _ in }
    ) async -> AccountResult? {
        let (plan, template) = planner.plan(for: account)
        var context = AccountContext(
            account: account, plan: plan, template: template, payerCredentials: nil,
            outputs: resume?.outputs ?? AccountOutputs(), manualPrerequisites: plan.manualPrerequisites,
            checkpoint: checkpoint, gate: ChangeGate(mode: services.mode),
            recorded: services.recordedConnections[account.accountID])
        // However the account ends, the sessions assumed for it are forgotten once its result is
        // made (every text in it was scrubbed as it was made): the registry holds only the
        // secrets of accounts in flight.
        defer { context.payerCredentials?.retire() }
        var result = AccountResult(
            accountID: account.accountID, organizationName: account.organizationName, line: account.line,
            partition: plan.partition, products: account.products, status: .connected,
            manualPrerequisites: plan.manualPrerequisites, started: services.clock.now())
        let done = Set((resume?.completed ?? []).filter { $0.status != .failed }.map(\.step))

        for step in WorkflowStep.onboarding {
            if done.contains(step) && step != .login {
                let earlier = resume?.completed.last { $0.step == step }
                let record = StepRecord(
                    step: step, status: .resumed, started: earlier?.started ?? services.clock.now(), duration: 0,
                    detail: "done by the interrupted run: " + (earlier?.detail ?? ""))
                result.steps.append(record)
                continue
            }
            if shouldStop() { return nil }
            let started = services.clock.now()
            var status = StepRecord.Status.succeeded
            let detail: String
            do {
                detail = try await perform(step, &context, status: &status)
            } catch {
                let record = StepRecord(
                    step: step, status: .failed, started: started,
                    duration: services.clock.now().timeIntervalSince(started), detail: error.message)
                result.steps.append(record)
                observer(record, context.outputs)
                result.status = .failed
                result.error = error
                return await finish(result, context)
            }
            let record = StepRecord(
                step: step, status: status, started: started, duration: services.clock.now().timeIntervalSince(started),
                detail: detail)
            result.steps.append(record)
            observer(record, context.outputs)
        }
        return await finish(result, context)
    }

    /// The account's result once its steps are done: for an account an earlier run connected,
    /// what drifted (read after the steps, so a run's repairs are not found again) and, in a
    /// run, what it repaired; in a check, what a run would do (``AccountCheck``).
    private func finish(_ result: AccountResult, _ context: AccountContext) async -> AccountResult {
        var result = result
        result.outputs = context.outputs
        result.manualPrerequisites = context.manualPrerequisites
        if var baseline = context.recorded {
            // A run that connected the account verified or remade every value its steps touch,
            // and what it changed on purpose (a new Spot account's external id, with the stack
            // updated to it) is not drift: its own outputs are the baseline. A check, or a run
            // that failed, compares with the earlier run's report.
            if services.mode == .run, result.status == .connected { baseline.result.outputs = context.outputs }
            result.drift = await DriftInspection(services: services, context: context, recorded: baseline).findings()
        }
        switch services.mode {
        case .run:
            if context.recorded != nil { result.repairs = context.gate.recorded }
            for finding in result.drift {
                guard case .person(let fix) = finding.remedy else { continue }
                result.manualPrerequisites.append("\(finding.kind.rawValue): \(finding.detail). Not repaired: \(fix)")
            }
        case .check:
            result = CheckAssembly(gate: context.gate, recorded: context.recorded).assemble(result)
        }
        result.finished = services.clock.now()
        return result
    }

    private func perform(
        _ step: WorkflowStep, _ context: inout AccountContext, status: inout StepRecord.Status
    ) async throws(AccountFailure) -> String {
        switch step {
        case .input:
            return InputStep().run(context)
        case .partition:
            return try PartitionStep().run(context)
        case .login:
            return try await LoginStep(services: services).run(&context)
        case .billingAccess:
            let (detail, needsPerson) = BillingAccessStep().run(context)
            if needsPerson { status = .attention }
            return detail
        case .costAndUsageReport:
            return try await CostAndUsageReportStep(services: services).run(&context)
        case .spotAccount:
            return try await SpotAccountStep(services: services).run(&context)
        case .stack:
            return try await StackStep(services: services).run(&context)
        case .register:
            do {
                let (detail, needsAttention) = try await RegisterStep(services: services).run(&context)
                if needsAttention { status = .attention }
                return detail
            } catch {
                throw AccountFailure.from(error, at: .register)
            }
        case .verify:
            return try await VerifyStep(services: services).run(&context)
        case .deregister, .deleteStack, .deleteCostAndUsageReport:
            preconditionFailure("\(step.rawValue) is an offboarding step (OffboardingWorkflow)")
        }
    }
}
