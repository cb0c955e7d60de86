import AWSKit
import Foundation
import SpotKit
import TestSupport

/// Pieces of scripted worlds the workflow tests share: reports, onboard's stacks, Spot accounts.
enum WorldFixtures {
    /// A report Spot can use, delivering to `bucket` under `prefix`.
    static func compliantReport(_ name: String, bucket: String, prefix: String, billingViewArn: String? = nil) -> ReportDefinition {
        ReportDefinition(
            reportName: name, timeUnit: .hourly, format: .parquet, compression: .parquet, additionalSchemaElements: [.resources],
            s3Bucket: bucket, s3Prefix: prefix, s3Region: "us-east-1", additionalArtifacts: [.athena], refreshClosedReports: true,
            reportVersioning: .overwriteReport, billingViewArn: billingViewArn,
            reportStatus: .init(lastDelivery: "20250614T000000Z", lastStatus: "SUCCESS"))
    }

    /// A daily CSV report (not compliant).
    static func dailyReport(_ name: String, bucket: String) -> ReportDefinition {
        ReportDefinition(
            reportName: name, timeUnit: .daily, format: .textOrCSV, compression: .gzip, additionalSchemaElements: [],
            s3Bucket: bucket, s3Prefix: "reports", s3Region: "us-east-1")
    }

    /// The role onboard's stack makes in `account`.
    static func onboardRole(_ account: String = WorkflowHarness.payer) -> String {
        "arn:aws:iam::\(account):role/SpotOnboardingRole"
    }

    /// A stack of onboard's (managed-by and spot-account tags, ExternalId parameter, role output).
    static func onboardStack(
        account: String = WorkflowHarness.payer, spotAccount: String, externalID: String, status: StackStatus = .createComplete,
        events: [StackEvent] = []
    ) -> WorldStack {
        WorldStack(
            accountID: account, status: status,
            parameters: [
                StackParameter(key: "ExternalId", value: externalID),
                StackParameter(key: "CostAndUsageReportBucket", value: "spot-cur-\(account)"),
                StackParameter(key: "CostAndUsageReportPathPrefix", value: "cur/spot-cur-hourly"),
            ],
            outputs: status == .createComplete ? [StackOutput(key: "SpotRoleArn", value: onboardRole(account))] : [],
            tags: [StackTag(key: "managed-by", value: "onboard"), StackTag(key: "spot-account", value: spotAccount)],
            events: events)
    }

    /// A failed check of a validation.
    static func failedCheck(_ id: String, _ info: String) -> SpotValidationCheck {
        SpotValidationCheck(id: id, checkDescription: id, status: .failed, validationInfo: info)
    }
}
