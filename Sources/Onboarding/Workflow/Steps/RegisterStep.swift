import AWSKit
import AccountList
import Foundation
import SpotKit

/// `register`: hand the role to Spot (retrying while IAM propagates a new role), then validate
/// and register the billing source and Cost Intelligence for cloud-analyzer; for eco the FinOps
/// role ARN is recorded in the report (Spot has no public endpoint for it).
struct RegisterStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws -> String {
        let spot = try services.spot(profile: context.account.spotProfile)
        guard let spotAccount = context.outputs.spotAccountID, let role = context.outputs.spotRoleARN else {
            throw AccountFailure(step: .register, code: "MissingOutputs", message: "no Spot account or role to register", rerunMayFix: true)
        }
        let tries = try await linkRole(role, spotAccount: spotAccount, spot: spot)
        var details = ["Spot can assume \(role)" + (tries > 1 ? " (after \(tries) tries: IAM propagation)" : "")]
        var registered: [String] = []
        if context.account.products.contains(.cloudAnalyzer) {
            guard let report = context.outputs.costAndUsageReport else {
                throw AccountFailure(step: .register, code: "MissingReport", message: "no CUR definition to register", rerunMayFix: true)
            }
            let source = SpotBillingSource(bucket: report.s3Bucket, region: report.s3Region, pathPrefix: report.pathPrefix)
            try await registerBilling(source, spotAccount: spotAccount, spot: spot)
            registered = ["cloudBilling", "cbi"]
            details.append("billing source \(source) and Cost Intelligence registered")
        }
        if context.account.products.contains(.eco) {
            details.append("eco: FinOps role \(context.outputs.finOpsRoleARN ?? "-") recorded (no public Spot endpoint)")
        }
        context.outputs.registeredProducts = registered
        return details.joined(separator: "; ")
    }

    /// Validates the billing source with Spot, then registers it and Cost Intelligence.
    private func registerBilling(_ source: SpotBillingSource, spotAccount: String, spot: SpotClient) async throws {
        let checks = try await spot.validateCloudBilling(spotAccountID: spotAccount, billingSource: source)
        let failed = checks.filter { $0.status == .failed }
        if !failed.isEmpty {
            let reasons = failed.map { "\($0.id): \($0.validationInfo ?? "failed")" }.joined(separator: "; ")
            throw AccountFailure(
                step: .register, code: "BillingValidationFailed", message: "Spot's billing validation failed: " + reasons,
                rerunMayFix: true)
        }
        try await keepingExisting { () async throws(SpotError) in
            _ = try await spot.setupCloudBilling(spotAccountID: spotAccount, billingSource: source)
        }
        _ = try await spot.validateCostIntelligence(spotAccountID: spotAccount)
        try await keepingExisting { () async throws(SpotError) in
            _ = try await spot.setupCostIntelligence(spotAccountID: spotAccount)
        }
    }

    /// Runs a registration; a refusal because it is already in place counts as done (a re-run
    /// keeps the registration it finds).
    private func keepingExisting(_ register: () async throws(SpotError) -> Void) async throws {
        do throws(SpotError) {
            try await register()
        } catch {
            let code = error.code.uppercased()
            guard error.kind == .invalidRequest, code.contains("ALREADY") || code.contains("EXISTS") else { throw error }
        }
    }

    /// Whether Spot refused the role in a way a new role's IAM propagation explains (it cannot
    /// assume or validate it yet), rather than for good (an account linked elsewhere, a bad ARN).
    static func mayBePropagation(_ error: SpotError) -> Bool {
        guard error.kind == .invalidRequest else { return false }
        let code = error.code.uppercased()
        if code.contains("ALREADY") || code.contains("NOT_FOUND") || code.contains("INVALID_IAM_ROLE") { return false }
        return code.contains("CREDENTIAL") || code.contains("ASSUME") || error.message.lowercased().contains("assume")
    }

    /// Runs a Spot call and keeps its error as a value.
    private static func attempt(_ call: () async throws(SpotError) -> Void) async -> Result<Void, SpotError> {
        do throws(SpotError) {
            try await call()
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// `POST /setup/credentials/aws`, tried again with growing waits while Spot cannot assume the
    /// role yet (a new role takes 10–30 s to be usable). Returns how many tries it took.
    private func linkRole(_ role: String, spotAccount: String, spot: SpotClient) async throws -> Int {
        let timings = services.timings
        let started = services.clock.now()
        var wait = timings.propagationInitial
        var tries = 0
        while true {
            tries += 1
            let outcome = await Self.attempt { () async throws(SpotError) in
                try await spot.setAWSCredentials(spotAccountID: spotAccount, roleARN: role)
            }
            if case .failure(let error) = outcome {
                let mayBePropagation = Self.mayBePropagation(error)
                let elapsed = services.clock.now().timeIntervalSince(started)
                guard mayBePropagation, elapsed + wait <= timings.propagationTimeout else {
                    var failure = AccountFailure(error, at: .register)
                    if mayBePropagation {
                        failure.message += " (still refused after \(tries) tries over \(Int(elapsed)) s: check the role's trust policy names Spot's account and this external id)"
                        failure.rerunMayFix = true
                    }
                    throw failure
                }
            } else {
                return tries
            }
            await services.sleep(wait)
            wait = min(timings.propagationMaximum, wait * 2)
        }
    }
}
