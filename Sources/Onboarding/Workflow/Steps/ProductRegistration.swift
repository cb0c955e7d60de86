import AWSKit
import Foundation
import HTTPCore
import SpotKit

/// Billing and Cost Intelligence for one Spot account: each is kept when Spot already lists it,
/// else validated (the answer read: `failed` stops, `warning` is noted) and set up.
///
/// A report created in this run has no files for up to 24 hours; a billing validation that
/// fails then is taken as pending rather than final: setup is tried, and only Spot's refusal
/// of it fails the account (a re-run after the first delivery may fix it).
struct ProductRegistration {
    let services: WorkflowServices
    let spot: SpotClient
    let spotAccountID: String
    let profile: String
    /// The role in force that was kept, when it was (for the advice on a failed validation).
    let keptRole: String?
    /// Whether the stack created or changed the role in this run (validations may be early).
    let roleChanged: Bool
    /// Whether the report was created in this run.
    let reportIsNew: Bool
    /// Where the registrations go through: made in a run, recorded in a check.
    let gate: ChangeGate

    func billing(_ source: SpotBillingSource, into outcome: inout RegisterStep.Outcome) async throws {
        if try await services.spotIndex(profile: profile).hasBilling(spotAccountID) {
            outcome.details.append("billing already registered: kept")
            return
        }
        if gate.isChecking {
            // Validation is a POST too: a check makes none, and says what the run would register.
            gate.record(WorkflowChange(
                step: .register, kind: .create, subject: "billing source \(source)",
                call: "POST /cloudBilling/v1/setup/account (after its validation)", registration: .billing))
            outcome.details.append("would validate and register the billing source \(source)")
            return
        }
        // A new report's files are not there yet: waiting out the propagation window on its
        // failed checks would only delay the pending registration.
        let checks = try await validated(retrying: !reportIsNew) { () async throws(SpotError) in
            try await spot.validateCloudBilling(spotAccountID: spotAccountID, billingSource: source)
        }
        let failed = checks.filter { $0.status.isFailure }
        let warnings = checks.filter { $0.status == .warning }
        if !failed.isEmpty && !reportIsNew {
            throw AccountFailure(
                step: .register, code: .billingValidationFailed,
                message: "Spot's billing validation of \(source) failed: \(Self.describe(failed))" + advice(forBilling: source),
                rerunMayFix: keptRole == nil)
        }
        do throws(SpotError) {
            _ = try await spot.setupCloudBilling(spotAccountID: spotAccountID, billingSource: source)
            gate.record(WorkflowChange(
                step: .register, kind: .create, subject: "billing source \(source)", call: "POST /cloudBilling/v1/setup/account",
                registration: .billing))
        } catch {
            var failure = AccountFailure(error, at: .register)
            if !failed.isEmpty {
                failure.code = .billingValidationFailed
                failure.message = "Spot refused the billing source \(source) of a report created in this run (validation: \(Self.describe(failed)); setup: \(error.code): \(error.message)). A new report's first files arrive within 24 hours: run again then" + advice(forBilling: source)
                failure.rerunMayFix = true
            }
            throw failure
        }
        if !failed.isEmpty || !warnings.isEmpty {
            outcome.needsAttention = true
            outcome.details.append(
                "billing source \(source) registered; Spot's validation said: \(Self.describe(failed + warnings))"
                    + (reportIsNew ? " (the report is new: pending its first delivery, up to 24 hours)" : ""))
        } else {
            outcome.details.append("billing source \(source) validated and registered")
        }
    }

    func costIntelligence(into outcome: inout RegisterStep.Outcome) async throws {
        if try await services.spotIndex(profile: profile).hasCostIntelligence(spotAccountID) {
            outcome.details.append("Cost Intelligence already enabled: kept")
            return
        }
        if gate.isChecking {
            gate.record(WorkflowChange(
                step: .register, kind: .create, subject: "Cost Intelligence", call: "POST /cbi/v1/setup/account (after its validation)",
                registration: .costIntelligence))
            outcome.details.append("would validate and enable Cost Intelligence")
            return
        }
        let checks = try await validated(retrying: true) { () async throws(SpotError) in
            try await spot.validateCostIntelligence(spotAccountID: spotAccountID)
        }
        let failed = checks.filter { $0.status.isFailure }
        guard failed.isEmpty else {
            throw AccountFailure(
                step: .register, code: .costIntelligenceValidationFailed,
                message: "Spot's Cost Intelligence validation failed: \(Self.describe(failed))"
                    + (keptRole.map { ". The role in force (\($0)) was kept: give it Spot's Cost Intelligence read policy, or re-run with --replace-credentials" } ?? ""),
                rerunMayFix: keptRole == nil)
        }
        _ = try await spot.setupCostIntelligence(spotAccountID: spotAccountID)
        gate.record(WorkflowChange(
            step: .register, kind: .create, subject: "Cost Intelligence", call: "POST /cbi/v1/setup/account",
            registration: .costIntelligence))
        let warnings = checks.filter { $0.status == .warning }
        if warnings.isEmpty {
            outcome.details.append("Cost Intelligence validated and enabled")
        } else {
            outcome.needsAttention = true
            outcome.details.append("Cost Intelligence enabled; Spot's validation said: \(Self.describe(warnings))")
        }
    }

    /// A validation, asked again with growing waits while a role changed in this run may still
    /// be propagating (within the propagation window) and it fails.
    private func validated(
        retrying: Bool, _ validate: () async throws(SpotError) -> [SpotValidationCheck]
    ) async throws -> [SpotValidationCheck] {
        let timings = services.timings
        let started = services.clock.now()
        var wait = timings.propagationInitial
        while true {
            let checks = try await validate()
            let elapsed = services.clock.now().timeIntervalSince(started)
            guard retrying, roleChanged, checks.contains(where: { $0.status.isFailure }), elapsed + wait <= timings.propagationTimeout
            else { return checks }
            await services.sleep(wait, for: .iamPropagation)
            wait = min(timings.propagationMaximum, wait * 2)
        }
    }

    private func advice(forBilling source: SpotBillingSource) -> String {
        guard let keptRole else { return "" }
        return ". The role in force (\(keptRole)) was kept: give it Spot's Billing Engine policy (s3:GetObject and s3:ListBucket on \(source.bucket) and \(source.bucket)/\(source.pathPrefix)/*, ce:GetDimensionValues), or re-run with --replace-credentials"
    }

    static func describe(_ checks: [SpotValidationCheck]) -> String {
        checks.map { "\($0.id) \($0.status.rawValue)" + ($0.validationInfo.map { ": \($0)" } ?? "") }.joined(separator: "; ")
    }
}
