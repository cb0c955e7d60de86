import AccountList
import AWSKit
import Foundation

/// `cur`: adopt a compliant Cost and Usage Report, or create one (bucket in the CUR region, owned
/// by the payer, with the policy billing reports need). Never modifies someone else's report, and
/// never adopts a pro-forma one. What it settles (bucket, prefix, report) is what the stack's role
/// may read and what is registered with Spot.
struct CostAndUsageReportStep {
    let services: WorkflowServices

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> String {
        let credentials = try context.credentials()
        let wanted = context.plan.costAndUsageReport.definition
        let request = context.account.costAndUsageReport
        let cur = CostAndUsageReportClient(
            client: services.payerClient, endpoint: services.endpoint(.costAndUsageReport, context.partition, region: context.curRegion))
        let existing: [ReportDefinition]
        do {
            existing = try await cur.describeReportDefinitions(credentials: credentials)
        } catch {
            throw AccountFailure(error, at: .costAndUsageReport)
        }
        // When the row names neither bucket nor report, any compliant report is adopted first
        // (duplicate deliveries cost the customer), wherever it delivers.
        if !request.isNamedInRow, let compliant = existing.first(where: { $0.complianceProblems.isEmpty }) {
            context.outputs.costAndUsageReport = compliant
            context.outputs.costAndUsageReportAction = .adopted
            let skipped = existing.filter { $0.billingViewArn != nil }.map(\.reportName)
            return await adopting(compliant, credentials: credentials, context)
                + "adopted the compliant report \(compliant.reportName) (s3://\(compliant.s3Bucket)/\(compliant.pathPrefix)) rather than create a second delivery; the stack's role reads that bucket and prefix"
                + (skipped.isEmpty ? "" : "; pro-forma reports not adopted: \(skipped.joined(separator: ", "))")
        }
        if let named = existing.first(where: { $0.reportName == wanted.reportName }) {
            let problems = named.complianceProblems
                + (named.s3Bucket == wanted.s3Bucket ? [] : ["it delivers to bucket \(named.s3Bucket), not \(wanted.s3Bucket)"])
                + (named.s3Prefix == wanted.s3Prefix ? [] : ["its prefix is \(named.s3Prefix), not \(wanted.s3Prefix)"])
            guard problems.isEmpty else {
                throw AccountFailure(
                    step: .costAndUsageReport, code: .nonCompliantReport,
                    message: "the existing report \(named.reportName) does not suit Spot: \(problems.joined(separator: "; ")). It is left unchanged: fix it in the Billing console, or name another report (cur_report_name) in the account list",
                    rerunMayFix: false)
            }
            context.outputs.costAndUsageReport = named
            context.outputs.costAndUsageReportAction = .adopted
            return await adopting(named, credentials: credentials, context) + "adopted the existing report \(named.reportName) (s3://\(named.s3Bucket)/\(named.pathPrefix))"
        }
        guard existing.count < 5 else {
            throw AccountFailure(
                step: .costAndUsageReport, code: .reportLimitReached,
                message: "the account already has 5 report definitions (the CUR limit) and none suits Spot: delete one, or name a compliant one in cur_report_name",
                rerunMayFix: false)
        }
        let bucketDetail = try await BucketPreparation(services: services, context: context, credentials: credentials)
            .prepare(wanted.s3Bucket)
        let creation = WorkflowChange(
            step: .costAndUsageReport, kind: .create, subject: "report definition \(wanted.reportName)",
            call: "cur PutReportDefinition")
        guard let outcome = try await context.gate.make(creation, madeWhen: { $0 == .created }, { () async throws(AccountFailure) in
            try await putDefinition(wanted, cur: cur, credentials: credentials)
        }) else {
            context.outputs.costAndUsageReport = wanted
            context.outputs.costAndUsageReportAction = .created
            return "\(bucketDetail); would create report \(wanted.reportName) (hourly, resource ids, Athena/Parquet) delivering to s3://\(wanted.s3Bucket)/\(wanted.pathPrefix)"
        }
        context.outputs.costAndUsageReport = wanted
        context.outputs.costAndUsageReportAction = outcome == .alreadyThere ? .adopted : .created
        let skipped = existing.filter { $0.billingViewArn != nil }.map(\.reportName)
        let proForma = skipped.isEmpty ? "" : "; pro-forma reports not adopted: \(skipped.joined(separator: ", "))"
        if outcome == .alreadyThere {
            return "\(bucketDetail); report \(wanted.reportName) already there\(proForma)"
        }
        return "\(bucketDetail); created report \(wanted.reportName) (hourly, resource ids, Athena/Parquet) delivering to s3://\(wanted.s3Bucket)/\(wanted.pathPrefix); its first files arrive within 24 hours\(proForma)"
    }

    /// What adopting `report` comes to beyond taking it up: for a report an earlier run did not
    /// record, an adoption (a check says `adopt`); for the one it connected the account with,
    /// the billing reports statement of its bucket put back when it went missing (a repair).
    /// Returns what was done, as the start of the step's detail.
    private func adopting(
        _ report: ReportDefinition, credentials: any CredentialProvider, _ context: AccountContext
    ) async -> String {
        guard let recorded = context.recorded?.result.outputs.costAndUsageReport, recorded.reportName == report.reportName,
            recorded.s3Bucket == report.s3Bucket
        else {
            context.gate.adopt("report \(report.reportName)", at: .costAndUsageReport)
            return ""
        }
        // Only the row's own bucket (spot-cur-<id> or cur_bucket): a customer's bucket an adopted
        // report delivers to is never changed (the drift report gives the fix for a person).
        guard report.s3Bucket == context.plan.costAndUsageReport.definition.s3Bucket else { return "" }
        let restored = await BucketPreparation(services: services, context: context, credentials: credentials)
            .restoreDelivery(report.s3Bucket)
        return restored.map { "\($0); " } ?? ""
    }

    private enum PutOutcome { case created, alreadyThere }

    /// `PutReportDefinition`, tried again for a short while when CUR cannot yet verify the bucket
    /// policy just put (S3 policy changes are eventually consistent; CUR answers
    /// `ValidationException` "Failed to verify customer bucket permission.").
    private func putDefinition(
        _ definition: ReportDefinition, cur: CostAndUsageReportClient, credentials: any CredentialProvider
    ) async throws(AccountFailure) -> PutOutcome {
        var wait = 1.0
        var waited = 0.0
        while true {
            do {
                try await cur.putReportDefinition(definition, credentials: credentials)
                return .created
            } catch {
                if error.code == "DuplicateReportNameException" { return .alreadyThere }  // a retried call that had succeeded
                let unverified = error.code == "ValidationException" && error.message.lowercased().contains("bucket permission")
                guard unverified, waited + wait <= services.timings.bucketPolicyVerificationWindow else {
                    throw AccountFailure(error, at: .costAndUsageReport)
                }
            }
            await services.sleep(wait, for: .bucketPolicy)
            waited += wait
            wait = min(wait * 2, 8)
        }
    }
}
