import Foundation
import Testing

/// `GET /setup/credentials/aws?accountId=…`, as spotinst-sdk-go's `ReadCredentials` reads it:
/// items `{iamRole, accountId}`, none for an account without credentials.
@Suite("Spot API: reading AWS credentials")
struct SpotReadCredentialsTests {
    @Test("No item before linking, the role after; viewer tokens may read; an unknown account is Account_DOESNT_EXIST")
    func readBack() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)

        let before = try await cloud.spot("GET", "/setup/credentials/aws?accountId=\(account)", token: organization.adminToken)
        #expect(before.status == 200, "\(before.text)")
        #expect(before.json["response"]["count"].int == 0)
        #expect(before.json["response"]["items"].array?.isEmpty == true)

        let (linked, awsAccount) = try await cloud.linkedSpotAccount(organization)
        for token in [organization.adminToken, organization.viewerToken] {
            let after = try await cloud.spot("GET", "/setup/credentials/aws?accountId=\(linked)", token: token)
            #expect(after.status == 200, "\(after.text)")
            #expect(after.json["response"]["count"].int == 1)
            let item = after.json["response"]["items"][0]
            #expect(item["iamRole"].string == "arn:aws:iam::\(awsAccount):role/SpotRole")
            #expect(item["accountId"].string == linked)
        }

        let unknown = try await cloud.spot("GET", "/setup/credentials/aws?accountId=act-00000000", token: organization.adminToken)
        #expect(unknown.status == 400)
        #expect(unknown.json["response"]["errors"][0]["code"].string == "Account_DOESNT_EXIST")
        let missing = try await cloud.spot("GET", "/setup/credentials/aws", token: organization.adminToken)
        #expect(missing.status == 400)
        let other = try await cloud.spot("PUT", "/setup/credentials/aws?accountId=\(linked)", token: organization.adminToken)
        #expect(other.status == 405)
        #expect(other.header("Allow") == "GET, POST")
    }
}
