import TestSupport
import AWSKit
import Foundation
import SpotKit
import Testing

/// Each typed call: the request it sends (method, path, query, body, headers) and how it reads
/// responses shaped as the spec's examples.
@Suite("SpotClient requests and responses")
struct SpotClientRequestTests {
    /// The headers every request carries.
    func expectCommonHeaders(_ request: RecordedRequest, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(request.header("Authorization") == "Bearer \(SpotFixtures.tokenText)", sourceLocation: sourceLocation)
        #expect(request.header("Content-Type") == "application/json", sourceLocation: sourceLocation)
        #expect(request.header("Accept") == "application/json", sourceLocation: sourceLocation)
        #expect(request.header("User-Agent") == "onboard/0.1.0", sourceLocation: sourceLocation)
        #expect(request.url.hasPrefix(SpotFixtures.baseURL + "/"), sourceLocation: sourceLocation)
    }

    @Test("createAccount posts the name and reads id, name and the string organizationId")
    func createAccount() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.createAccount)])
        let account = try await SpotFixtures.client(transport).createAccount(name: "Acme Corp")
        #expect(account == SpotAccount(id: "act-123456", name: "AccountName", organizationID: "606012341234"))
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.path == "/setup/account")
        #expect(request.rawQuery == nil)
        #expect(request.bodyText == #"{"account":{"name":"Acme Corp"}}"#)
        #expect(transport.timeouts == [7])
        expectCommonHeaders(request)
    }

    @Test("accounts lists items keyed accountId, with integer organizationId and providerExternalId")
    func listAccounts() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.listAccounts), .json(200, SpotFixtures.listAccounts)])
        let client = try SpotFixtures.client(transport)
        let all = try await client.accounts()
        #expect(
            all == [
                SpotAccount(id: "act-57765123", name: "test", organizationID: "606079861123", providerExternalID: "123456789"),
                SpotAccount(id: "act-57765124", name: "prod", organizationID: "606079861123", providerExternalID: "012345678901"),
            ])
        #expect(all[0].awsAccountID == "000123456789")
        #expect(all[1].awsAccountID == "012345678901")
        _ = try await client.accounts(cloudAccountID: "012345678901")

        let requests = transport.requests
        #expect(requests.map(\.method) == ["GET", "GET"])
        #expect(requests.map(\.path) == ["/setup/account", "/setup/account"])
        #expect(requests[0].rawQuery == nil)
        #expect(requests[1].query == ["cloudAccountId": "012345678901"])
        #expect(requests[0].body.isEmpty)
        requests.forEach { expectCommonHeaders($0) }
    }

    @Test("account(id:) picks the account from the full listing, or nil")
    func accountByID() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.listAccounts), .json(200, SpotFixtures.listAccounts)])
        let client = try SpotFixtures.client(transport)
        let found = try await client.account(id: "act-57765124")
        #expect(found?.name == "prod")
        let missing = try await client.account(id: "act-nothere")
        #expect(missing == nil)
        #expect(transport.requests.allSatisfy { $0.path == "/setup/account" && $0.rawQuery == nil })
    }

    @Test("deleteAccount sends DELETE /setup/account/{accountId} without a body or query")
    func deleteAccount() async throws {
        let transport = ScriptedTransport([.json(200, #"{"request":{},"response":{"status":{"code":200,"message":"OK"}}}"#)])
        try await SpotFixtures.client(transport).deleteAccount(id: "act-57765124")
        let request = try #require(transport.requests.first)
        #expect(transport.requests.count == 1)
        #expect(request.method == "DELETE")
        #expect(request.path == "/setup/account/act-57765124")
        #expect(request.rawQuery == nil)
        #expect(request.bodyText == "")
        expectCommonHeaders(request)
    }

    @Test("createExternalID posts to the externalId path with accountId, without a body")
    func createExternalID() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.externalID)])
        let externalID = try await SpotFixtures.client(transport).createExternalID(spotAccountID: "act-123456")
        #expect(externalID.externalID == "SpotinstAwsAccountExternalId")
        #expect(externalID.maxValidUntil == "2021-03-18 16:11:04.402000+00:00")
        let expected = Date(timeIntervalSince1970: 1_616_083_864.402)
        let parsed = try #require(externalID.maxValidUntilDate)
        #expect(abs(parsed.timeIntervalSince(expected)) < 0.001)

        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/setup/credentials/aws/externalId")
        #expect(request.rawQuery == "accountId=act-123456")
        #expect(request.body.isEmpty)
        expectCommonHeaders(request)
    }

    @Test("setAWSCredentials posts the role under credentials.iamRole with accountId")
    func setAWSCredentials() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.setCredentials)])
        try await SpotFixtures.client(transport).setAWSCredentials(
            spotAccountID: "act-123456", roleARN: "arn:aws:iam::123456789012:role/SpotRole")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/setup/credentials/aws")
        #expect(request.query == ["accountId": "act-123456"])
        #expect(request.bodyText == #"{"credentials":{"iamRole":"arn:aws:iam::123456789012:role/SpotRole"}}"#)
        expectCommonHeaders(request)
    }

    @Test("awsCredentials reads the role; 404 and an empty list are nil")
    func awsCredentials() async throws {
        let transport = ScriptedTransport([
            .json(200, SpotFixtures.getCredentials),
            .json(404, SpotFixtures.errorBody(
                status: 404, statusMessage: "Not Found",
                errors: [(code: "CREDENTIALS_NOT_FOUND", message: "no credentials for the account", field: nil)])),
            .json(200, #"{"request":{"id":"r"},"response":{"status":{"code":200,"message":"OK"},"items":[],"count":0}}"#),
        ])
        let client = try SpotFixtures.client(transport)
        let credentials = try await client.awsCredentials(spotAccountID: "act-123456")
        #expect(credentials == SpotAWSCredentials(iamRole: "arn:aws:iam::123456789012:role/SpotRole"))
        #expect(try await client.awsCredentials(spotAccountID: "act-123456") == nil)
        #expect(try await client.awsCredentials(spotAccountID: "act-123456") == nil)
        let requests = transport.requests
        #expect(requests.count == 3)
        #expect(requests.allSatisfy { $0.method == "GET" && $0.path == "/setup/credentials/aws" })
        #expect(requests.allSatisfy { $0.query == ["accountId": "act-123456"] })
    }

    static let billingSource = SpotBillingSource(
        bucket: "spot-cur-123456789012", region: "us-east-1", pathPrefix: "cur/spot-cur-hourly")
    static let billingBody =
        #"{"accountId":"act-23432","config":{"billingSource":{"bucket":"spot-cur-123456789012","pathPrefix":"cur/spot-cur-hourly","region":"us-east-1"}}}"#

    @Test("validateCloudBilling posts accountId and the billing source and reads every check")
    func validateCloudBilling() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.validation)])
        let checks = try await SpotFixtures.client(transport).validateCloudBilling(
            spotAccountID: "act-23432", billingSource: Self.billingSource)
        #expect(
            checks == [
                SpotValidationCheck(id: "bucketAccess", checkDescription: "Spot can read the CUR bucket", status: .success),
                SpotValidationCheck(
                    id: "curExists", checkDescription: "The CUR exists", status: .failed,
                    validationInfo: "no report under cur/spot-cur-hourly"),
                SpotValidationCheck(id: "athena", status: .skipped),
            ])
        #expect(checks.filter(\.status.isFailure).map(\.id) == ["curExists"])
        #expect(checks[1].description == "curExists: failed (no report under cur/spot-cur-hourly)")

        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/cloudBilling/v1/setup/account/validation")
        #expect(request.bodyText == Self.billingBody)
        expectCommonHeaders(request)
    }

    @Test("setupCloudBilling posts the same body and reads the registered account")
    func setupCloudBilling() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.setupCloudBilling)])
        let account = try await SpotFixtures.client(transport).setupCloudBilling(
            spotAccountID: "act-23432", billingSource: Self.billingSource)
        #expect(account.accountID == "act-23432")
        #expect(account.organizationID == "634563908342")
        #expect(account.cloudProvider == "aws")
        #expect(account.externalProviderID == "435345634")
        #expect(account.isBillingAccount == true)
        #expect(account.enabledAt == Date(timeIntervalSince1970: 1_566_656_122))
        #expect(account.statusSummary == nil)
        #expect(account.status.isEmpty)

        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/cloudBilling/v1/setup/account")
        #expect(request.bodyText == Self.billingBody)
        expectCommonHeaders(request)
    }

    @Test("cloudBillingAccounts follows nextKey across two pages")
    func cloudBillingPages() async throws {
        let transport = ScriptedTransport([
            .json(200, SpotFixtures.cloudBillingPage(
                [(id: "act-1", summary: "connected"), (id: "act-2", summary: "notConnected")], nextKey: "page 2/key=+")),
            .json(200, SpotFixtures.cloudBillingPage([(id: "act-3", summary: "partiallyConnected")], nextKey: nil)),
        ])
        let accounts = try await SpotFixtures.client(transport).cloudBillingAccounts()
        #expect(accounts.map(\.accountID) == ["act-1", "act-2", "act-3"])
        #expect(accounts.map(\.statusSummary) == [.connected, .notConnected, .partiallyConnected])
        #expect(accounts[0].externalProviderName == "Provider account name 1")
        #expect(
            accounts[0].status == [
                SpotAccountStatus(
                    productOffering: "cloudBilling", statusType: "dataIngestion", statusCode: "pending",
                    statusTimestamp: "2019-08-24T14:15:22Z")
            ])

        let requests = transport.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.method == "GET" && $0.path == "/cloudBilling/v1/setup/account" })
        #expect(requests[0].query == ["paginationSize": "100"])
        #expect(requests[1].query == ["paginationSize": "100", "paginationKey": "page 2/key=+"])
        #expect(requests[1].rawQuery == "paginationSize=100&paginationKey=page%202%2Fkey%3D%2B")
    }

    @Test("a pagination key that comes back twice ends the listing with InvalidResponse")
    func repeatedPaginationKey() async throws {
        let page = SpotFixtures.cloudBillingPage([(id: "act-1", summary: "connected")], nextKey: "same")
        let transport = ScriptedTransport([.json(200, page), .json(200, page), .json(200, page)])
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport).cloudBillingAccounts()
        }
        #expect(error.code == "InvalidResponse")
        #expect(error.kind == .invalidResponse)
        #expect(transport.requests.count == 2)
    }

    @Test("validateCostIntelligence posts account.accountId and reads the checks")
    func validateCostIntelligence() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.validation)])
        let checks = try await SpotFixtures.client(transport).validateCostIntelligence(spotAccountID: "act-012345")
        #expect(checks.map(\.status) == [.success, .failed, .skipped])
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/cbi/v1/setup/account/validation")
        #expect(request.bodyText == #"{"account":{"accountId":"act-012345"}}"#)
        expectCommonHeaders(request)
    }

    @Test("setupCostIntelligence posts account.accountId and reads the registered account")
    func setupCostIntelligence() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.setupCostIntelligence)])
        let account = try await SpotFixtures.client(transport).setupCostIntelligence(spotAccountID: "act-012345")
        #expect(
            account
                == CostIntelligenceAccount(
                    accountID: "act-012345", organizationID: "60100100100100", providerName: "aws",
                    externalProviderID: "012345678901", enabledDate: "2018-06-20T11:35:01.745Z",
                    updatedDate: "2018-06-20T11:35:01.745Z"))
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/cbi/v1/setup/account")
        #expect(request.bodyText == #"{"account":{"accountId":"act-012345"}}"#)
        expectCommonHeaders(request)
    }

    @Test("costIntelligenceAccounts follows nextKey across two pages")
    func costIntelligencePages() async throws {
        let transport = ScriptedTransport([
            .json(200, SpotFixtures.costIntelligencePage(["act-1"], nextKey: "k2")),
            .json(200, SpotFixtures.costIntelligencePage(["act-2", "act-3"], nextKey: "")),
        ])
        let accounts = try await SpotFixtures.client(transport).costIntelligenceAccounts()
        #expect(accounts.map(\.accountID) == ["act-1", "act-2", "act-3"])
        #expect(accounts.allSatisfy { $0.statusSummary == .partiallyConnected && $0.status.first?.statusCode == "ok" })
        let requests = transport.requests
        #expect(requests.map(\.path) == ["/cbi/v1/setup/account", "/cbi/v1/setup/account"])
        #expect(requests[0].query == ["paginationSize": "100"])
        #expect(requests[1].query == ["paginationSize": "100", "paginationKey": "k2"])
    }

    @Test("query values are percent-encoded")
    func queryEncoding() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.setCredentials)])
        try await SpotFixtures.client(transport).setAWSCredentials(spotAccountID: "act-1&x=y #z", roleARN: "arn")
        #expect(transport.requests.first?.rawQuery == "accountId=act-1%26x%3Dy%20%23z")
        #expect(transport.requests.first?.query == ["accountId": "act-1&x=y #z"])
    }

    @Test("a success body that is not the envelope is InvalidResponse with the request id")
    func undecodableSuccess() async throws {
        let transport = ScriptedTransport([
            .json(200, #"{"request":{"id":"req-7"},"response":{"items":[{"name":"no id"}]}}"#),
            .response(status: 200, body: "<html>hello</html>", headers: []),
        ])
        let client = try SpotFixtures.client(transport)
        let missingID = try await #require(throws: SpotError.self) { try await client.createAccount(name: "x") }
        #expect(missingID.code == "InvalidResponse")
        #expect(missingID.requestID == "req-7")
        #expect(missingID.message.contains("response.items[0].id"))
        #expect(!missingID.isRetryable)
        let notJSON = try await #require(throws: SpotError.self) { try await client.accounts() }
        #expect(notJSON.code == "InvalidResponse")
        #expect(notJSON.message.contains("not JSON"))
    }

    @Test("a create answered without items is InvalidResponse")
    func createWithoutItems() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.setCredentials)])
        let error = try await #require(throws: SpotError.self) {
            try await SpotFixtures.client(transport).createExternalID(spotAccountID: "act-1")
        }
        #expect(error.code == "InvalidResponse")
        #expect(error.operation == "CreateExternalId")
    }

    @Test("a base URL with a path prefix keeps it")
    func basePathPrefix() async throws {
        let transport = ScriptedTransport([.json(200, SpotFixtures.listAccounts)])
        let client = SpotClient(
            configuration: .init(baseURL: try SpotAPIEndpoint(url: "http://localhost:9000/spot/")),
            credentials: SpotFixtures.credentials, transport: transport, clock: ManualClock())
        _ = try await client.accounts()
        #expect(transport.requests.first?.url == "http://localhost:9000/spot/setup/account")
    }
}
