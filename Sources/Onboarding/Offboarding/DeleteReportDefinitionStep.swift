import AWSKit

/// `delete-cur`: with `--delete-cur-definition`, deletes the report definitions onboard created
/// (an earlier run's `cost_and_usage_report_action: created`), each only while it is still the
/// definition onboard made (same bucket, prefix, region, time unit, format and compression: a
/// definition changed since, or made anew under the name, is kept and marked for attention).
/// Never an adopted definition, never the bucket or its objects (deleting a definition leaves
/// the delivered files in place: AWS CUR `DeleteReportDefinition`). Without the option nothing is
/// deleted and no call is made.
struct DeleteReportDefinitionStep {
    let services: WorkflowServices
    let settings: OffboardingSettings
    let history: OnboardingHistory

    func run(_ context: inout AccountContext) async throws(AccountFailure) -> (String, Bool) {
        var details: [String] = []
        var actions: [OffboardingAction] = []
        var needsPerson = false
        for (name, definition) in history.adoptedReportDefinitions.sorted(by: { $0.key < $1.key }) {
            details.append("kept report definition \(name) (s3://\(definition.s3Bucket)/\(definition.s3Prefix)): onboard adopted it, it did not create it")
            actions.append(.kept)
        }
        let created = history.createdReportDefinitions.sorted(by: { $0.key < $1.key })
        if !settings.deletesReportDefinition {
            for (name, _) in created {
                details.append("kept report definition \(name), which onboard created: pass --delete-cur-definition to delete it")
                actions.append(.kept)
            }
        } else if !created.isEmpty {
            let credentials = try context.credentials()
            let cur = CostAndUsageReportClient(
                client: services.payerClient,
                endpoint: services.endpoint(.costAndUsageReport, context.partition, region: context.curRegion))
            let existing: [ReportDefinition]
            do {
                existing = try await cur.describeReportDefinitions(credentials: credentials)
            } catch {
                throw AccountFailure.from(error, at: .deleteCostAndUsageReport)
            }
            for (name, recorded) in created {
                guard let live = existing.first(where: { $0.reportName == name }) else {
                    details.append("no report definition \(name) (gone already)")
                    actions.append(.absent)
                    continue
                }
                if let change = Self.difference(recorded, live) {
                    details.append("kept report definition \(name): \(change) since onboard created it, so it may be someone else's now; delete it by hand if it is not")
                    actions.append(.kept)
                    needsPerson = true
                    continue
                }
                if settings.applies {
                    do {
                        try await cur.deleteReportDefinition(name: name, credentials: credentials)
                    } catch {
                        throw AccountFailure.from(error, at: .deleteCostAndUsageReport)
                    }
                    details.append("deleted report definition \(name), which onboard created; kept bucket \(live.s3Bucket) and its objects")
                    actions.append(.deleted)
                } else {
                    details.append("would delete report definition \(name), which onboard created; bucket \(live.s3Bucket) and its objects are kept")
                    actions.append(.wouldDelete)
                }
            }
        }
        if details.isEmpty { details.append("no earlier run recorded a report definition: nothing to delete") }
        context.outputs.offboarding?.costAndUsageReportDefinition = DeleteStackStep.summary(of: actions)
        return (details.joined(separator: "; "), needsPerson)
    }

    /// What differs between the definition onboard created and the live one, in words; nil when
    /// it is the same definition.
    static func difference(_ recorded: ReportDefinition, _ live: ReportDefinition) -> String? {
        var changes: [String] = []
        if recorded.s3Bucket != live.s3Bucket { changes.append("its bucket is \(live.s3Bucket), not \(recorded.s3Bucket)") }
        if recorded.s3Prefix != live.s3Prefix { changes.append("its prefix is \(live.s3Prefix), not \(recorded.s3Prefix)") }
        if recorded.s3Region != live.s3Region { changes.append("its region is \(live.s3Region), not \(recorded.s3Region)") }
        if recorded.timeUnit != live.timeUnit { changes.append("its time unit is \(live.timeUnit.rawValue)") }
        if recorded.format != live.format { changes.append("its format is \(live.format.rawValue)") }
        if recorded.compression != live.compression { changes.append("its compression is \(live.compression.rawValue)") }
        return changes.isEmpty ? nil : changes.joined(separator: ", ")
    }
}
