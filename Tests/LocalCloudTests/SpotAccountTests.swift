import Foundation
import TestSupport
import Testing

/// The sandbox's Spot API: tokens and roles, accounts, the response envelope, external ids and
/// methods, with real requests against the running sandbox. Each test seeds an organization of
/// its own.
@Suite("Spot API: tokens, accounts, envelope, external ids")
struct SpotAccountTests {
    @Test("An unknown token, or none, gets 401 in Spot's error envelope")
    func unknownToken() async throws {
        let cloud = try LocalCloud.current()

        let unknown = try await cloud.spot("GET", "/setup/account", token: LocalCloud.uniqueToken())
        #expect(unknown.status == 401)
        #expect(unknown.json["response"]["status"]["code"].int == 401)
        #expect(unknown.json["response"]["errors"][0]["code"].string == "UNAUTHORIZED")

        let none = try await cloud.spot("POST", "/setup/account", token: nil, json: ["account": ["name": "Acme"]])
        #expect(none.status == 401)
    }

    @Test("A viewer gets 403 on POST /setup/account and on listing the whole organization, 200 with cloudAccountId")
    func viewerRights() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()

        let create = try await cloud.spot(
            "POST", "/setup/account", token: organization.viewerToken, json: ["account": ["name": "Viewer made"]])
        #expect(create.status == 403)
        #expect(create.json["response"]["errors"][0]["code"].string == "FORBIDDEN")

        let listAll = try await cloud.spot("GET", "/setup/account", token: organization.viewerToken)
        #expect(listAll.status == 403)

        let listOne = try await cloud.spot(
            "GET", "/setup/account?cloudAccountId=\(FreshNames.accountID())", token: organization.viewerToken)
        #expect(listOne.status == 200)
        #expect(listOne.json["response"]["count"].int == 0)
        #expect(listOne.json["response"]["items"].array?.isEmpty == true)

        // The viewer's 403 changed nothing: the admin sees no account.
        let adminList = try await cloud.spot("GET", "/setup/account", token: organization.adminToken)
        #expect(adminList.status == 200)
        #expect(adminList.json["response"]["count"].int == 0)
    }

    @Test("The admin creates accounts act-<8 hex>; the envelope has request, status, kind, items, count")
    func createAndList() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let started = Date()

        let first = try await cloud.spot(
            "POST", "/setup/account", token: organization.adminToken, json: ["account": ["name": "Wayne Payer 1"]])
        let second = try await cloud.spot(
            "POST", "/setup/account", token: organization.adminToken, json: ["account": ["name": "Wayne Payer 2"]])
        #expect(first.status == 200)
        #expect(second.status == 200)

        // The POST envelope.
        let request = first.json["request"]
        #expect(request["id"].string?.isEmpty == false)
        #expect(request["url"].string == "/setup/account")
        #expect(request["method"].string == "POST")
        let timestamp = try #require(LocalCloud.isoDate(request["timestamp"].string), "request.timestamp: \(request["timestamp"])")
        #expect(abs(timestamp.timeIntervalSince(started)) < 60)
        let response = first.json["response"]
        #expect(response["status"]["code"].int == 200)
        #expect(response["kind"].string == "spotinst:setup:account")
        #expect(response["count"].int == 1)
        #expect(response["items"].array?.count == 1)
        let item = response["items"][0]
        #expect(item["name"].string == "Wayne Payer 1")
        #expect(item["organizationId"].string == organization.id, "organizationId is a string in the POST answer: \(item)")
        #expect(item["organizationId"].int == nil)

        let ids = [first, second].compactMap { $0.json["response"]["items"][0]["id"].string }
        #expect(ids.count == 2)
        #expect(Set(ids).count == 2)
        for id in ids {
            #expect(id.wholeMatch(of: /act-[0-9a-f]{8}/) != nil, "account id \(id)")
        }
        #expect(first.json["request"]["id"].string != second.json["request"]["id"].string)

        // The GET list: both accounts, organizationId an integer.
        let list = try await cloud.spot("GET", "/setup/account", token: organization.adminToken)
        #expect(list.status == 200)
        #expect(list.json["request"]["method"].string == "GET")
        #expect(list.json["response"]["kind"].string == "spotinst:setup:account")
        #expect(list.json["response"]["count"].int == 2)
        let items = try #require(list.json["response"]["items"].array)
        #expect(Set(items.compactMap { $0["accountId"].string }) == Set(ids))
        for listed in items {
            #expect(listed["organizationId"].int == Int(organization.id), "organizationId is an integer in the list: \(listed)")
            #expect(listed["organizationId"].string == nil)
            #expect(listed["providerExternalId"].exists == false)
        }
    }

    @Test("An account name without a letter, or no name, is refused with 400 naming the field")
    func accountNameNeedsALetter() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()

        let digits = try await cloud.spot(
            "POST", "/setup/account", token: organization.adminToken, json: ["account": ["name": "1234-5678 !"]])
        #expect(digits.status == 400)
        #expect(digits.json["response"]["status"]["code"].int == 400)
        #expect(digits.json["response"]["errors"][0]["field"].string == "account.name")
        #expect(digits.json["response"]["errors"][0]["code"].string == "INVALID_ACCOUNT_NAME")

        let missing = try await cloud.spot("POST", "/setup/account", token: organization.adminToken, json: ["account": [:]])
        #expect(missing.status == 400)
        #expect(missing.json["response"]["errors"][0]["field"].string == "account.name")

        let list = try await cloud.spot("GET", "/setup/account", token: organization.adminToken)
        #expect(list.json["response"]["count"].int == 0, "a refused name creates no account")
    }

    @Test("An external id is issued with externalId and maxValidUntil in the future; unknown accounts are refused")
    func externalID() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()
        let account = try await cloud.createSpotAccount(organization)

        let issued = try await cloud.spot(
            "POST", "/setup/credentials/aws/externalId?accountId=\(account)", token: organization.adminToken)
        #expect(issued.status == 200)
        #expect(issued.json["response"]["count"].int == 1)
        let item = issued.json["response"]["items"][0]
        let externalID = try #require(item["externalId"].string)
        #expect(!externalID.isEmpty)
        let validUntil = try #require(LocalCloud.isoDate(item["maxValidUntil"].string), "maxValidUntil: \(item["maxValidUntil"])")
        #expect(validUntil > Date().addingTimeInterval(60))

        let again = try await cloud.issueExternalID(organization, account: account)
        #expect(again != externalID, "each call issues a new external id")

        let unknown = try await cloud.spot(
            "POST", "/setup/credentials/aws/externalId?accountId=act-00000000", token: organization.adminToken)
        #expect(unknown.status == 400)
        #expect(unknown.json["response"]["errors"][0]["field"].string == "accountId")

        // Another organization's admin cannot issue one for this account.
        let other = try await cloud.newSpotOrganization()
        let foreign = try await cloud.spot(
            "POST", "/setup/credentials/aws/externalId?accountId=\(account)", token: other.adminToken)
        #expect(foreign.status == 400)
    }

    @Test("An unknown method on a Spot path is 405 with Allow")
    func methodNotAllowed() async throws {
        let cloud = try LocalCloud.current()
        let organization = try await cloud.newSpotOrganization()

        let patch = try await cloud.spot("PATCH", "/setup/account", token: organization.adminToken)
        #expect(patch.status == 405)
        #expect(patch.header("Allow") == "GET, POST")
        #expect(patch.json["response"]["status"]["code"].int == 405)

        let get = try await cloud.spot("GET", "/setup/credentials/aws/externalId", token: organization.adminToken)
        #expect(get.status == 405)
        #expect(get.header("Allow") == "POST")

        let post = try await cloud.spot("POST", "/setup/account/act-12345678", token: organization.adminToken)
        #expect(post.status == 405)
        #expect(post.header("Allow") == "PUT, DELETE")
    }
}
