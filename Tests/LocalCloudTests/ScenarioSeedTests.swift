import AWSKit
import Foundation
import HTTPCore
import Testing

/// What Inputs/sandbox-scenario.json seeds beyond accounts and faults: a Spot account linked to
/// a role onboard did not make (Oscorp), a `spot-onboarding` stack onboard did not make
/// (Initrode), a Billing Conductor pro-forma report (Bluth), and a report in a bucket other
/// than the row's (Globex).
@Suite("Scenario seeds")
struct ScenarioSeedTests {
    static let oscorp = "313131313131"
    static let oscorpSpotAccount = "act-05c0a900"

    @Test("Oscorp: act-05c0a900 is linked to the console role with its external id in force; billing and CI validation pass")
    func linkedByConsole() async throws {
        let cloud = try LocalCloud.current()
        let state = try await cloud.spotAccountState(Self.oscorpSpotAccount)
        let role = "arn:aws:iam::\(Self.oscorp):role/SpotByNetAppConsoleRole"
        #expect(state["providerExternalId"].string == Self.oscorp)
        #expect(state["organizationId"].string == "606079861123")
        #expect(state["credentialsInForce"]["iamRole"].string == role)
        #expect(state["externalIdInForce"].string == state["credentialsInForce"]["externalId"].string)
        #expect(state["externalIdsIssued"].int == 1)

        let read = try await cloud.spot("GET", "/setup/credentials/aws?accountId=\(Self.oscorpSpotAccount)", token: cloud.spotToken)
        #expect(read.json["response"]["items"][0]["iamRole"].string == role)
        let listed = try await cloud.spot("GET", "/setup/account?cloudAccountId=\(Self.oscorp)", token: cloud.spotToken)
        #expect(listed.json["response"]["items"][0]["accountId"].string == Self.oscorpSpotAccount)

        let organization = LocalCloud.SpotOrganization(id: "606079861123", adminToken: cloud.spotToken, viewerToken: "")
        let billing = try await cloud.validation(
            organization, "/cloudBilling/v1/setup/account/validation",
            LocalCloud.billingBody(Self.oscorpSpotAccount, bucket: "oscorp-cur", pathPrefix: "cur/spot-cur-hourly"))
        #expect(billing.values.allSatisfy { $0["status"].string == "success" }, "\(billing)")
        let costIntelligence = try await cloud.validation(
            organization, "/cbi/v1/setup/account/validation", ["account": ["accountId": Self.oscorpSpotAccount]])
        #expect(costIntelligence["credentials"]?["status"].string == "success")
        #expect(costIntelligence["permissions"]?["status"].string == "success", "\(costIntelligence)")
    }

    @Test("Initrode: a spot-onboarding stack onboard did not make, without a managed-by tag")
    func foreignStack() async throws {
        let cloud = try LocalCloud.current()
        let credentials = try await cloud.credentials(in: "414141414141")
        let described = try await cloud.query(
            .cloudFormation, "DescribeStacks", version: "2010-05-15", parameters: [("StackName", "spot-onboarding")],
            credentials: credentials
        ).get()
        let stack = try #require(AWSXMLElement.parse(described.body)?.at("DescribeStacksResult", "Stacks", "member"))
        #expect(stack.string("StackStatus") == "CREATE_COMPLETE")
        let tags = stack.at("Tags")?.children("member").compactMap { $0.string("Key") } ?? []
        #expect(!tags.contains("managed-by"), "\(tags)")
        #expect(!tags.isEmpty)
    }

    @Test("Bluth: the only report is pro forma, and DescribeReportDefinitions returns its BillingViewArn")
    func proFormaReport() async throws {
        let cloud = try LocalCloud.current()
        let credentials = try await cloud.credentials(in: "515151515151")
        let reports = try await cloud.costAndUsageReports().describeReportDefinitions(credentials: credentials)
        #expect(reports.map(\.reportName) == ["bluth-proforma"])
        #expect(reports.first?.billingViewArn == "arn:aws:billing::515151515151:billingview/billing-group-123456789012")
        #expect(reports.first?.additionalArtifacts == [.athena])
    }

    @Test("Reports' buckets exist, owned by their payers, with the billingreports policy (Globex's globex-billing-exports, Oscorp's oscorp-cur)")
    func reportBuckets() async throws {
        let cloud = try LocalCloud.current()
        for (account, bucket) in [("222222222222", "globex-billing-exports"), (Self.oscorp, "oscorp-cur")] {
            let credentials = try await cloud.credentials(in: account)
            let s3 = S3Client(client: cloud.client(), endpoints: cloud.endpoints, region: "us-east-1")
            #expect(try await s3.headBucket(bucket, credentials: credentials) == .reachable(region: "us-east-1"), "\(bucket)")
            let policy = try await cloud.send(
                AWSCall(
                    service: .s3, operation: "GetBucketPolicy", endpoint: cloud.endpoint(.s3), errorFormat: .restXML, method: "GET",
                    path: "/\(bucket)", queryItems: [("policy", "")], headers: [(name: "x-amz-expected-bucket-owner", value: account)]),
                credentials: credentials
            ).get()
            #expect(String(decoding: policy.body, as: UTF8.self).contains("billingreports.amazonaws.com"), "\(bucket)")
        }
    }
}
