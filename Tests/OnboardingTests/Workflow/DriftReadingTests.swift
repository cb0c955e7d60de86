import AWSKit
import Foundation
import Testing

@testable import Onboarding

/// The readings drift is judged by: a role's trust policy against Spot's published one, a bucket
/// policy's statement for billing reports, a report definition member by member.
@Suite("Drift readings: trust policies, bucket policies, report definitions")
struct DriftReadingTests {
    static let spotTrust = #"""
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::922761411349:root"},
        "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"spotinst:aws:extid:abc"}}}]}
        """#

    @Test func spotsPublishedTrustReadsAsOneGrantWithItsExternalID() {
        let reading = TrustPolicyReading(document: Self.spotTrust)
        #expect(reading.grants == [TrustPolicyReading.Grant(account: "922761411349", externalID: "spotinst:aws:extid:abc")])
        #expect(!reading.hasOtherStatements)
    }

    @Test func anEditedTrustReadsDifferently() {
        let otherAccount = TrustPolicyReading(document: Self.spotTrust.replacingOccurrences(of: "922761411349", with: "999988887777"))
        #expect(otherAccount.grants == [TrustPolicyReading.Grant(account: "999988887777", externalID: "spotinst:aws:extid:abc")])
        let noCondition = TrustPolicyReading(
            document: #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"922761411349"},"Action":"sts:AssumeRole"}]}"#)
        #expect(noCondition.grants == [TrustPolicyReading.Grant(account: "922761411349", externalID: nil)])
        let extra = TrustPolicyReading(
            document: #"{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#)
        #expect(extra.hasOtherStatements && extra.grants.isEmpty)
        #expect(TrustPolicyReading(document: "{'Version': '2012-10-17'}").hasOtherStatements, "not JSON")
    }

    @Test func billingReportsDeliverOnlyWithAnAllowOfPutObject() {
        let statement = BillingReportsBucketPolicy(bucket: "b", partition: .aws, region: "us-east-1", accountID: "123456789012")
        guard case .merged(let policy) = statement.merged(into: nil) else {
            Issue.record("no policy made")
            return
        }
        #expect(BillingReportsBucketPolicy.letsBillingReportsDeliver(policy))
        #expect(!BillingReportsBucketPolicy.letsBillingReportsDeliver(nil))
        #expect(!BillingReportsBucketPolicy.letsBillingReportsDeliver(policy.replacingOccurrences(of: "s3:PutObject", with: "s3:GetObject")))
        #expect(!BillingReportsBucketPolicy.letsBillingReportsDeliver(policy.replacingOccurrences(of: "\"Allow\"", with: "\"Deny\"")))
        #expect(!BillingReportsBucketPolicy.letsBillingReportsDeliver("not json"))
    }

    @Test func aReportDefinitionIsComparedMemberByMemberButItsDeliveryStatus() {
        let recorded = ReportDefinition.spotCompliant(reportName: "spot-cur-hourly", bucket: "spot-cur-1", prefix: "cur", region: "us-east-1")
        var live = recorded
        live.reportStatus = ReportDefinition.Status(lastDelivery: "20261201T000000Z", lastStatus: "SUCCESS")
        #expect(DriftInspection.changes(from: recorded, to: live).isEmpty)
        live.timeUnit = .daily
        live.s3Prefix = "other"
        #expect(DriftInspection.changes(from: recorded, to: live) == ["TimeUnit HOURLY → DAILY", "S3Prefix \(recorded.s3Prefix) → other"])
    }
}
