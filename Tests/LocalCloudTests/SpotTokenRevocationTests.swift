import Foundation
import TestSupport
import Testing

/// `POST /sandbox/tokens/revoke`: a Spot token revoked mid-run gets the 401 of an invalid token
/// from then on, and only that token is affected.
@Suite("Sandbox control: revoking a Spot token")
struct SpotTokenRevocationTests {
    private func revoke(_ cloud: LocalCloud, _ body: [UInt8]) async throws -> LocalCloud.Reply {
        try await cloud.http(
            "POST", cloud.sandboxURL + "/sandbox/tokens/revoke", headers: [(name: "Content-Type", value: "application/json")],
            body: body)
    }

    @Test("A revoked token gets 401 UNAUTHORIZED in Spot's envelope on every call; the organization's other tokens still work")
    func revokedTokenIsRefused() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization, name: "Revocation drill")
        #expect(try await cloud.spot("GET", "/setup/account", token: organization.adminToken).status == 200)

        let revoked = try await revoke(cloud, Array(#"{"token": "\#(organization.adminToken)"}"#.utf8))
        #expect(revoked.status == 200, "\(revoked.text)")
        #expect(revoked.json["status"].string == "revoked")

        for (method, path) in [
            ("GET", "/setup/account"), ("POST", "/setup/credentials/aws/externalId?accountId=\(account)"),
            ("GET", "/setup/credentials/aws?accountId=\(account)"),
        ] {
            let reply = try await cloud.spot(method, path, token: organization.adminToken)
            #expect(reply.status == 401, "\(method) \(path): \(reply.status) \(reply.text)")
            #expect(reply.json["response"]["status"]["code"].int == 401)
            #expect(reply.json["response"]["errors"][0]["code"].string == "UNAUTHORIZED")
        }
        let create = try await cloud.spot("POST", "/setup/account", token: organization.adminToken, json: ["account": ["name": "After"]])
        #expect(create.status == 401)
        // The same answer as a token Spot never issued: a client cannot tell them apart.
        let unknown = try await cloud.spot("GET", "/setup/account", token: LocalCloud.uniqueToken())
        #expect(unknown.json["response"]["errors"][0]["message"].string
            == (try await cloud.spot("GET", "/setup/account", token: organization.adminToken)).json["response"]["errors"][0]["message"].string)

        // The viewer token of the same organization is untouched, and the account is still there.
        let viewer = try await cloud.spot("GET", "/setup/account?cloudAccountId=\(FreshNames.accountID())", token: organization.viewerToken)
        #expect(viewer.status == 200, "\(viewer.text)")
        let state = try await cloud.http("GET", cloud.sandboxURL + "/sandbox/state")
        #expect(state.json["spotAccounts"].array?.contains { $0["accountId"].string == account } == true)
    }

    @Test("Revoking twice, an unknown token or a malformed body: 404, 404, 400")
    func revokeErrors() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let body = Array(#"{"token": "\#(organization.viewerToken)"}"#.utf8)
        #expect(try await revoke(cloud, body).status == 200)
        #expect(try await revoke(cloud, body).status == 404)
        #expect(try await revoke(cloud, Array(#"{"token": "\#(LocalCloud.uniqueToken())"}"#.utf8)).status == 404)
        for malformed in [#"{}"#, #"{"token": ""}"#, "not json", #"["x"]"#] {
            let reply = try await revoke(cloud, Array(malformed.utf8))
            #expect(reply.status == 400, "\(malformed): \(reply.status) \(reply.text)")
        }
        #expect(try await cloud.spot("GET", "/setup/account", token: organization.adminToken).status == 200)
    }
}
