import AWSKit
import AccountList
import Foundation
import HTTPCore
import SpotKit

/// What changed, behind onboard's back, since the run that connected an account: the clouds as
/// they are now against that run's report, and against Spot's published trust policies. Reads
/// only (Describe, Get and List calls; GETs to Spot), in a run as in a check: in a run it looks
/// after the steps, so what the run repaired is not found again.
///
/// A read that fails finds nothing (it neither proves nor disproves drift); the account's steps
/// report the failure where it matters.
struct DriftInspection {
    let services: WorkflowServices
    let context: AccountContext
    /// The report of the run that connected the account.
    let recorded: RecordedConnection

    /// The findings, in the workflow's order of steps.
    func findings() async -> [DriftFinding] {
        guard let credentials = context.payerCredentials else { return [] }
        var found: [DriftFinding] = []
        await inspectReport(credentials, into: &found)
        // A stack gone or rolled back takes its roles with it: the stack's finding says it all.
        if await inspectStack(credentials, into: &found) {
            await inspectRoles(credentials, into: &found)
        }
        await inspectSpot(into: &found)
        inspectData(into: &found)
        return found
    }

    private var since: String { "since \(recorded.runID) connected the account" }
    private var outputs: AccountOutputs { recorded.result.outputs }

    // MARK: - cur

    private func inspectReport(_ credentials: any CredentialProvider, into found: inout [DriftFinding]) async {
        guard let report = outputs.costAndUsageReport else { return }
        let cur = CostAndUsageReportClient(
            client: services.payerClient,
            endpoint: services.endpoint(.costAndUsageReport, context.partition, region: context.curRegion))
        guard case .success(let definitions) = await Self.read({ () async throws(AWSError) in
            try await cur.describeReportDefinitions(credentials: credentials)
        }) else { return }
        if let live = definitions.first(where: { $0.reportName == report.reportName }) {
            let changed = Self.changes(from: report, to: live)
            if !changed.isEmpty {
                found.append(DriftFinding(
                    kind: .reportDefinitionChanged, step: .costAndUsageReport,
                    detail: "report \(report.reportName) changed \(since): \(changed.joined(separator: "; "))",
                    remedy: .person(fix: "onboard does not modify a report someone changed: put it back as recorded (hourly, resource ids, Athena/Parquet, OVERWRITE_REPORT, s3://\(report.s3Bucket)/\(report.pathPrefix)) in the Billing console (Data Exports), or name another report in the row's cur_report_name and run again")))
            }
        } else {
            found.append(DriftFinding(
                kind: .reportDefinitionGone, step: .costAndUsageReport,
                detail: "report \(report.reportName) (s3://\(report.s3Bucket)/\(report.pathPrefix)) is gone \(since)",
                remedy: .run))
        }
        let s3 = S3Client(
            client: services.payerClient, endpoints: services.settings.endpoints, region: context.curRegion,
            expectedBucketOwner: context.account.accountID)
        guard case .success(let policy) = await Self.read({ () async throws(AWSError) in
            try await s3.getBucketPolicy(report.s3Bucket, region: context.curRegion, credentials: credentials)
        }), !BillingReportsBucketPolicy.letsBillingReportsDeliver(policy) else { return }
        let isOnboards = report.s3Bucket == context.plan.costAndUsageReport.definition.s3Bucket
        let readable = BillingReportsBucketPolicy(
            bucket: report.s3Bucket, partition: context.partition, region: context.curRegion,
            accountID: context.account.accountID
        ).merged(into: policy) != .unreadable
        found.append(DriftFinding(
            kind: .bucketPolicyBlocksDelivery, step: .costAndUsageReport,
            detail: "the policy of bucket \(report.s3Bucket) no longer lets billingreports.amazonaws.com deliver the report (s3:PutObject)"
                + (policy == nil ? ": the bucket has no policy" : ""),
            remedy: isOnboards && readable
                ? .run
                : .person(fix: "add the \(BillingReportsBucketPolicy.statementID) statement for billingreports.amazonaws.com (s3:GetBucketAcl, s3:GetBucketPolicy, s3:PutObject; see the plan) to the policy of bucket \(report.s3Bucket)"
                    + (isOnboards ? "" : ": the bucket is not the row's, so onboard does not change its policy"))))
    }

    /// What differs between the recorded report and the live one, member by member (its
    /// delivery status aside).
    static func changes(from recorded: ReportDefinition, to live: ReportDefinition) -> [String] {
        var changes: [String] = []
        func compare<Value: Equatable>(_ name: String, _ old: Value, _ new: Value) {
            if old != new { changes.append("\(name) \(String(describing: old)) → \(String(describing: new))") }
        }
        compare("TimeUnit", recorded.timeUnit.rawValue, live.timeUnit.rawValue)
        compare("Format", recorded.format.rawValue, live.format.rawValue)
        compare("Compression", recorded.compression.rawValue, live.compression.rawValue)
        compare("AdditionalSchemaElements", recorded.additionalSchemaElements.map(\.rawValue).sorted(), live.additionalSchemaElements.map(\.rawValue).sorted())
        compare("S3Bucket", recorded.s3Bucket, live.s3Bucket)
        compare("S3Prefix", recorded.s3Prefix, live.s3Prefix)
        compare("S3Region", recorded.s3Region, live.s3Region)
        compare("AdditionalArtifacts", (recorded.additionalArtifacts ?? []).map(\.rawValue).sorted(), (live.additionalArtifacts ?? []).map(\.rawValue).sorted())
        compare("RefreshClosedReports", recorded.refreshClosedReports.map { "\($0)" } ?? "-", live.refreshClosedReports.map { "\($0)" } ?? "-")
        compare("ReportVersioning", recorded.reportVersioning?.rawValue ?? "-", live.reportVersioning?.rawValue ?? "-")
        compare("BillingViewArn", recorded.billingViewArn ?? "-", live.billingViewArn ?? "-")
        return changes
    }

    // MARK: - stack

    /// Returns whether the stack stands (or there is none to look at), so its roles are worth reading.
    private func inspectStack(_ credentials: any CredentialProvider, into found: inout [DriftFinding]) async -> Bool {
        guard outputs.stackAction != .skipped, let name = outputs.stackName else { return true }
        let cloudFormation = CloudFormationClient(
            client: services.payerClient, endpoint: services.endpoint(.cloudFormation, context.partition))
        guard case .success(let live) = await Self.read({ () async throws(AWSError) in
            try await cloudFormation.describeStack(name: name, credentials: credentials)
        }) else { return true }
        guard let stack = live, stack.status.disposition != .deleted else {
            found.append(DriftFinding(
                kind: .stackGone, step: .stack, detail: "stack \(name) (\(outputs.stackID ?? "no id recorded")) is gone \(since)",
                remedy: .run))
            return false
        }
        if stack.status.mustBeRecreated || stack.status.needsPerson || stack.status.disposition == .failed {
            found.append(DriftFinding(
                kind: .stackRolledBack, step: .stack, detail: "stack \(name) is \(stack.status.rawValue) \(since)",
                remedy: stack.status.mustBeRecreated
                    ? .run : .person(fix: "fix or delete stack \(name) in the CloudFormation console, then run again")))
            return false
        }
        var parameters: [String] = []
        func compare(_ key: String, _ recorded: String?) {
            guard let recorded, let live = stack.parameter(key), live != recorded else { return }
            parameters.append("\(key) \(recorded) → \(live)")
        }
        compare(StackTemplate.externalIDParameter, outputs.externalID)
        if let report = outputs.costAndUsageReport, context.template?.usesCostAndUsageReport == true {
            compare(StackTemplate.costAndUsageReportBucketParameter, report.s3Bucket)
            compare(StackTemplate.costAndUsageReportPathPrefixParameter, report.pathPrefix)
        }
        if !parameters.isEmpty {
            found.append(DriftFinding(
                kind: .stackParametersChanged, step: .stack,
                detail: "stack \(name)'s parameters changed \(since): \(parameters.joined(separator: "; "))", remedy: .run))
        }
        guard let template = context.template,
            case .success(let body) = await Self.read({ () async throws(AWSError) in
                try await cloudFormation.getTemplate(name: stack.id.isEmpty ? name : stack.id, credentials: credentials)
            })
        else { return true }
        if !StackDeployment.sameTemplate(body, template.render()) {
            found.append(DriftFinding(
                kind: .stackTemplateChanged, step: .stack,
                detail: "stack \(name)'s template is not the one onboard deploys for the account (\(AccountPlanner.templateFile(for: context.account)))",
                remedy: .run))
        }
        return true
    }

    // MARK: - roles

    private func inspectRoles(_ credentials: any CredentialProvider, into found: inout [DriftFinding]) async {
        guard outputs.credentialsAction != .keepExisting, let externalID = outputs.externalID,
            let principals = services.settings.principals(for: context.partition)
        else { return }
        let iam = IAMClient(client: services.payerClient, endpoint: services.endpoint(.iam, context.partition))
        let roles = [
            (outputs.spotRoleARN, [principals.platformAccountID], context.template?.spotRoleDocuments),
            (outputs.finOpsRoleARN, principals.finOpsAccountIDs, context.template?.finOpsRoleDocuments),
        ]
        for case (let arn?, let trusted, let documents) in roles {
            let name = String(arn.split(separator: "/").last ?? "")
            guard case .success(let live) = await Self.read({ () async throws(AWSError) in
                try await iam.getRole(name: name, credentials: credentials)
            }) else { continue }
            guard let role = live else {
                found.append(DriftFinding(
                    kind: .roleGone, step: .stack, detail: "role \(arn) is gone \(since)",
                    remedy: .person(fix: "delete stack \(outputs.stackName ?? services.settings.stackName) (CloudFormation does not notice a role deleted behind its back), then run again: the stack is created again with the same external id")))
                continue
            }
            let trust = TrustPolicyReading(document: role.assumeRolePolicyDocument)
            let expected = Set(trusted.map { TrustPolicyReading.Grant(account: $0, externalID: externalID) })
            if trust.grants != expected || trust.hasOtherStatements {
                let seen = trust.grants.map { "\($0.account) with external id \($0.externalID ?? "none")" }.sorted()
                found.append(DriftFinding(
                    kind: .roleTrustChanged, step: .stack,
                    detail: "the trust policy of role \(arn) changed \(since): it trusts \(seen.isEmpty ? "no Spot principal" : seen.joined(separator: ", "))"
                        + (trust.hasOtherStatements ? ", and has other statements" : "")
                        + "; Spot publishes \(trusted.sorted().joined(separator: ", ")) with the external id \(externalID)",
                    remedy: .person(fix: "put back the role's trust policy as in \(AccountPlanner.templateFile(for: context.account)) (Spot's account \(trusted.sorted().joined(separator: ", ")), sts:AssumeRole, condition sts:ExternalId = \(externalID)), for example with aws iam update-assume-role-policy --role-name \(name); or delete the stack and run again")))
            }
            if let documents, !documents.isEmpty {
                await inspectPermissions(of: role, against: documents, iam: iam, credentials: credentials, into: &found)
            }
        }
    }

    /// Compares what `role` may do (every managed policy attached to it and every inline one)
    /// with what Spot's published `documents` grant as the template adapts them, grant by grant
    /// (``PermissionGrants``), and reports a difference either way: a permission Spot needs that
    /// is gone, or one someone added (an extra policy attached, a statement edited).
    private func inspectPermissions(
        of role: IAMRole, against documents: [SpotPolicyDocument], iam: IAMClient, credentials: any CredentialProvider,
        into found: inout [DriftFinding]
    ) async {
        guard case .success(let live) = await Self.read({ () async throws(AWSError) in
            try await RolePermissionsReading.read(role: role.name, iam: iam, credentials: credentials)
        }) else { return }
        var variables = ["AWS::Partition": context.partition.rawValue, "AWS::AccountId": context.account.accountID]
        if let report = outputs.costAndUsageReport {
            variables[StackTemplate.costAndUsageReportBucketParameter] = report.s3Bucket
            variables[StackTemplate.costAndUsageReportPathPrefixParameter] = report.pathPrefix
        }
        let published = PermissionGrants.published(documents, variables: variables)
        let missing = published.grants.subtracting(live.grants.grants).sorted()
        let added = live.grants.grants.subtracting(published.grants).sorted()
        guard !missing.isEmpty || !added.isEmpty || !live.grants.unreadable.isEmpty else { return }
        let names = documents.map(\.fileName).joined(separator: ", ")
        var parts: [String] = []
        if !missing.isEmpty {
            parts.append("\(missing.count) of the \(published.grants.count) permissions Spot's \(names) grant are gone (\(Self.examples(missing)))")
        }
        let addingPolicies = live.policiesGranting(Set(added))
        if !added.isEmpty {
            let by = addingPolicies
            parts.append("\(added.count) \(added.count == 1 ? "permission" : "permissions") Spot does not publish \(added.count == 1 ? "was" : "were") added (\(Self.examples(added)))"
                + (by.isEmpty ? "" : " by \(by.joined(separator: ", "))"))
        }
        if !live.grants.unreadable.isEmpty {
            parts.append("what \(live.grants.unreadable.joined(separator: ", ")) grants could not be read")
        }
        let stack = outputs.stackName ?? services.settings.stackName
        // CloudFormation names a managed policy it makes without a ManagedPolicyName
        // `<stack>-<logical id>-<suffix>`; any other policy adding permissions is someone's.
        let foreign = addingPolicies.filter { !$0.hasPrefix("\(stack)-") }
        found.append(DriftFinding(
            kind: .rolePermissionsChanged, step: .stack,
            detail: "the permissions of role \(role.arn) changed \(since): " + parts.joined(separator: "; "),
            remedy: .person(fix: "put the role's policies back as in \(AccountPlanner.templateFile(for: context.account)) (Spot's \(names))"
                + (foreign.isEmpty ? "" : "; onboard does not detach what someone attached (\(foreign.joined(separator: ", "))): detach it if Spot should not have it")
                + "; or delete stack \(stack) and run again: CloudFormation does not notice policies changed behind its back")))
    }

    /// Up to three grants, and how many more.
    private static func examples(_ grants: [PermissionGrants.Grant]) -> String {
        let shown = grants.prefix(3).map(\.description).joined(separator: ", ")
        return grants.count > 3 ? "\(shown), and \(grants.count - 3) more" : shown
    }

    // MARK: - Spot

    private func inspectSpot(into found: inout [DriftFinding]) async {
        guard let spotAccountID = outputs.spotAccountID,
            let spot = try? services.spot(profile: context.account.spotProfile),
            let index = try? services.spotIndex(profile: context.account.spotProfile)
        else { return }
        if let recordedRole = outputs.spotRoleARN,
            case .success(let credentials) = await Self.spotRead({ () async throws(SpotError) in
                try await spot.awsCredentials(spotAccountID: spotAccountID)
            }),
            let role = credentials?.iamRole, !role.isEmpty, role != recordedRole
        {
            found.append(DriftFinding(
                kind: .spotCredentialsElsewhere, step: .spotAccount,
                detail: "Spot's AWS credentials for \(spotAccountID) point at \(role), not \(recordedRole), \(since)",
                remedy: .person(fix: "if someone gave Spot another role on purpose, nothing is to be done (runs keep it); to hand Spot onboard's role again, run with --replace-credentials")))
        }
        let registered = Set(outputs.registeredProducts ?? [])
        // What this run (or check) has just registered, or would register, is not drift.
        let registeredNow = Set(context.gate.recorded.compactMap(\.registration))
        if registered.contains("cloudBilling"), !registeredNow.contains(.billing),
            case .success(false) = await Self.spotRead({ () async throws(SpotError) in try await index.hasBilling(spotAccountID) })
        {
            found.append(DriftFinding(
                kind: .billingNotRegistered, step: .register,
                detail: "Spot no longer lists billing (cloudBilling) for \(spotAccountID) \(since)", remedy: .run))
        }
        if registered.contains("cbi"), !registeredNow.contains(.costIntelligence),
            case .success(false) = await Self.spotRead({ () async throws(SpotError) in
                try await index.hasCostIntelligence(spotAccountID)
            })
        {
            found.append(DriftFinding(
                kind: .costIntelligenceNotRegistered, step: .register,
                detail: "Spot no longer lists Cost Intelligence for \(spotAccountID) \(since)", remedy: .run))
        }
    }

    // MARK: - data

    private func inspectData(into found: inout [DriftFinding]) {
        guard (outputs.registeredProducts ?? []).contains("cloudBilling"), let connected = outputs.connectedAt,
            outputs.dataStatus != .ready
        else { return }
        let due = connected.addingTimeInterval(services.timings.dataExpectedAfter)
        guard services.clock.now() > due else { return }
        found.append(DriftFinding(
            kind: .noDataAfter48Hours, step: .verify,
            detail: "connected at \(ISO8601DateFormatter().string(from: connected)), and billing data was still \(outputs.dataStatus?.rawValue ?? "not read") when last read"
                + (outputs.dataStatusCheckedAt.map { " (\(ISO8601DateFormatter().string(from: $0)))" } ?? ""),
            remedy: .person(fix: "run onboard status to read Spot's data status again; if it is still not ready, check that the report delivers to its bucket (its last delivery in the Billing console) and Spot's billing validation in Spot's console")))
    }

    // MARK: - reads

    private static func read<Value>(_ body: () async throws(AWSError) -> Value) async -> Result<Value, AWSError> {
        do throws(AWSError) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    private static func spotRead<Value>(_ body: () async throws(SpotError) -> Value) async -> Result<Value, SpotError> {
        do throws(SpotError) {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }
}
