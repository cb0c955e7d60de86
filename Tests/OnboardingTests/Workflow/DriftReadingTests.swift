import AWSKit
import AccountList
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

    // MARK: - Permissions

    static let billingVariables = [
        "AWS::Partition": "aws", "CostAndUsageReportBucket": "spot-cur-1", "CostAndUsageReportPathPrefix": "cur/spot-cur-hourly",
    ]

    @Test func theBillingEnginePolicyResolvesToTheReportsBucketAndPrefix() {
        let published = PermissionGrants.published([.billingEngine], variables: Self.billingVariables)
        #expect(published.grants.contains(.init(effect: "Allow", action: "s3:getobject", resource: "arn:aws:s3:::spot-cur-1/cur/spot-cur-hourly/*", condition: "")))
        #expect(published.grants.contains(.init(effect: "Allow", action: "s3:listbucket", resource: "arn:aws:s3:::spot-cur-1", condition: "")))
        #expect(!published.grants.contains { $0.resource.contains("${") }, "every variable resolved: \(published.grants)")
        #expect(published.unreadable.isEmpty)
    }

    @Test func grantsCompareWhateverTheGroupingOrderCaseAndSids() {
        var one = PermissionGrants()
        one.add(document: #"{"Statement":[{"Sid":"A","Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}"#, name: "one")
        var other = PermissionGrants()
        other.add(document: #"{"Statement":{"Effect":"Allow","Action":"S3:LISTBUCKET","Resource":["arn:aws:s3:::b/*","arn:aws:s3:::b"]}}"#, name: "first part")
        other.add(document: #"{"Statement":[{"Sid":"B","Effect":"Allow","Action":"s3:getobject","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"]}]}"#, name: "second part")
        #expect(one == other)
        #expect(one.grants.count == 4)
    }

    @Test func aResourceIsCaseSensitiveAndNotActionNeverEqualsAction() {
        var action = PermissionGrants()
        action.add(document: #"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#, name: "a")
        var upper = PermissionGrants()
        upper.add(document: #"{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::B/*"}]}"#, name: "b")
        var notAction = PermissionGrants()
        notAction.add(document: #"{"Statement":[{"Effect":"Allow","NotAction":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#, name: "c")
        var deny = PermissionGrants()
        deny.add(document: #"{"Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#, name: "d")
        #expect(action != upper)
        #expect(action != notAction)
        #expect(action != deny)
    }

    @Test func conditionsCompareAsIAMReadsThem() {
        var list = PermissionGrants()
        list.add(document: #"{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":["ec2.amazonaws.com.cn","ec2.amazonaws.com"]}}}]}"#, name: "a")
        var reordered = PermissionGrants()
        reordered.add(document: #"{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":["ec2.amazonaws.com","ec2.amazonaws.com.cn"]}}}]}"#, name: "b")
        var single = PermissionGrants()
        single.add(document: #"{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"ec2.amazonaws.com"}}}]}"#, name: "c")
        var singleList = PermissionGrants()
        singleList.add(document: #"{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":["ec2.amazonaws.com"]}}}]}"#, name: "d")
        #expect(list == reordered)
        #expect(single == singleList)
        #expect(list != single)
    }

    @Test func aDocumentThatIsNotAPolicyIsUnreadableNotEmpty() {
        var grants = PermissionGrants()
        grants.add(document: "{'Version': '2012-10-17'}", name: "python repr")
        grants.add(document: #"{"Version":"2012-10-17"}"#, name: "no statement")
        grants.add(document: #"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#, name: "no action")
        #expect(grants.unreadable == ["python repr", "no statement", "no action"])
        #expect(grants.grants.isEmpty)
    }

    /// The managed policies of every rendered template, attached to each role, grant exactly
    /// what ``PermissionGrants/published(_:variables:)`` expects of it: whatever the split into
    /// parts, the drift inspection finds an untouched role in sync.
    @Test(arguments: [[Product.cloudAnalyzer], [.cloudAnalyzer, .eco], [.elastigroup, .ocean], [.eco], [.cloudAnalyzer, .elastigroup, .eco]])
    func everyRenderedTemplatesPoliciesGrantWhatIsPublished(products: [Product]) throws {
        let template = StackTemplate(products: products, principals: .commercial)
        let rendered = try TemplateJSONParser.parse(template.render())
        guard case .object(let resources)? = rendered["Resources"] else {
            Issue.record("no Resources")
            return
        }
        for (role, documents) in [("SpotRole", template.spotRoleDocuments), ("SpotFinOpsRole", template.finOpsRoleDocuments)] {
            var attached = PermissionGrants()
            for resource in resources where resource.value["Type"] == "AWS::IAM::ManagedPolicy"
                && resource.value["Properties"]?["Roles"] == [.ref(role)]
            {
                let document = PermissionGrants.resolve(try #require(resource.value["Properties"]?["PolicyDocument"]), variables: Self.billingVariables)
                attached.add(document: try #require(document as? [String: Any]), name: resource.key)
            }
            let published = PermissionGrants.published(documents, variables: Self.billingVariables)
            #expect(attached == published, "\(role) of \(products)")
            #expect(documents.isEmpty == published.grants.isEmpty)
        }
    }
}
