import HTTPCore
import TestSupport
import AWSKit
import Foundation
import SpotKit

/// Clients wired to a scripted transport and a manual clock, and response bodies shaped as the
/// examples of the Spot OpenAPI subset (`spot-onboarding.openapi.yaml`).
enum SpotFixtures {
    /// A made-up token, long enough to print its last four characters.
    static let tokenText = "0123456789abcdef0123456789abcdefSECRETtail"

    static var token: SpotToken {
        guard let token = SpotToken(tokenText) else { fatalError("the fixture token is valid") }
        return token
    }

    static let credentials = SpotCredentials(token: token, accountID: "act-default1")

    static let baseURL = "http://127.0.0.1:8089"

    /// A client on `transport` and `clock`, jitter fixed at 0.5, three attempts, base delay 1 s.
    static func client(
        _ transport: any HTTPTransport, clock: ManualClock = ManualClock(),
        policy: RetryPolicy = RetryPolicy(maximumAttempts: 3, baseDelay: 1, maximumDelay: 20, maximumTotalTime: 120)
    ) throws -> SpotClient {
        SpotClient(
            configuration: SpotClient.Configuration(
                baseURL: try SpotAPIEndpoint(url: baseURL), retryPolicy: policy, requestTimeout: 7),
            credentials: credentials, transport: transport, clock: clock, randomUnit: { 0.5 })
    }

    // MARK: - Success bodies (the spec's examples)

    static let createAccount = """
        {"request":{"id":"46642c7d-bc29-417d-8ce4-79626f00c63c","url":"/setup/account","method":"POST",\
        "timestamp":"2018-11-19 13:49:11.911000+00:00"},"response":{"status":{"code":200,"message":"OK"},\
        "kind":"spotinst:setup:account","items":[{"id":"act-123456","name":"AccountName","organizationId":"606012341234"}],\
        "count":1}}
        """

    /// `organizationId` is an integer here, and the spec's `providerExternalId` example is
    /// unquoted (a number) in one item and a string in the other.
    static let listAccounts = """
        {"request":{"id":"46642c7d-bc29-417d-8ce4-79626f00c63c","url":"/setup/account?cloudAccountId=123456789",\
        "method":"GET","timestamp":"2018-11-19 13:49:11.911000+00:00"},"response":{"status":{"code":200,"message":"OK"},\
        "kind":"spotinst:setup:account","items":[\
        {"accountId":"act-57765123","organizationId":606079861123,"name":"test","providerExternalId":123456789},\
        {"accountId":"act-57765124","organizationId":606079861123,"name":"prod","providerExternalId":"012345678901"}],\
        "count":2}}
        """

    static let externalID = """
        {"request":{"id":"46642c7d-bc29-417d-8ce4-79626f00c63c","url":"/setup/credentials/aws/externalId?accountId=act-123456",\
        "method":"POST","timestamp":"2018-11-19 13:49:11.911000+00:00"},"response":{"status":{"code":200,"message":"OK"},\
        "kind":"spotinst:setup:aws:externalId","items":[{"externalId":"SpotinstAwsAccountExternalId",\
        "maxValidUntil":"2021-03-18 16:11:04.402000+00:00"}],"count":1}}
        """

    static let setCredentials = """
        {"request":{"id":"46642c7d-bc29-417d-8ce4-79626f00c63c","url":"/setup/credentials/aws?accountId=act-123456",\
        "method":"POST","timestamp":"2018-11-19 13:49:11.911000+00:00"},"response":{"status":{"code":200,"message":"OK"}}}
        """

    static let getCredentials = """
        {"request":{"id":"5b9e1c2a-0000-4000-8000-000000000001"},"response":{"status":{"code":200,"message":"OK"},\
        "kind":"spotinst:setup:credentials:aws","items":[{"iamRole":"arn:aws:iam::123456789012:role/SpotRole"}],"count":1}}
        """

    static let validation = """
        {"request":{"id":"e593ff58-067d-4340-92f9-8b1c0bad70d7","url":"/cloudBilling/v1/setup/account/validation",\
        "method":"POST","timestamp":"2018-06-20T11:35:01.745Z"},"response":{"status":{"code":200,"message":"OK"},\
        "kind":"spotinst:cbi:accountRegistrationValidation","items":[\
        {"id":"bucketAccess","description":"Spot can read the CUR bucket","status":"success","validationInfo":null,\
        "validationInfoDetails":null},\
        {"id":"curExists","description":"The CUR exists","status":"failed","validationInfo":"no report under cur/spot-cur-hourly",\
        "validationInfoDetails":{"reason":"missing"}},\
        {"id":"athena","status":"skipped"}],"count":3}}
        """

    static let setupCloudBilling = """
        {"request":{"id":"e593ff58-067d-4340-92f9-8b1c0bad70d7","url":"/cloudBilling/v1/setup/account","method":"POST",\
        "timestamp":"2018-06-20T11:35:01.745Z"},"response":{"status":{"code":200,"message":"OK"},\
        "kind":"spotinst:cloudBilling:beRegisteredAccount","items":[{"accountId":"act-23432","organizationId":"634563908342",\
        "cloudProvider":"aws","externalProviderId":"435345634","isBillingAccount":true,"enabledDate":"2019-08-24T14:15:22Z",\
        "updatedDate":"2019-08-24T14:15:22Z","config":{"billingSource":{"bucket":"spot-cur-123456789012",\
        "region":"us-east-1","pathPrefix":"cur/spot-cur-hourly"}}}],"count":1}}
        """

    /// One page of the Billing Engine listing: `accounts` items, then `nextKey` when given.
    static func cloudBillingPage(_ accounts: [(id: String, summary: String)], nextKey: String?) -> String {
        let items = accounts.map { account in
            """
            {"accountId":"\(account.id)","organizationId":"634563908342","cloudProvider":"aws",\
            "externalProviderId":"435345634","externalProviderName":"Provider account name 1",\
            "enabledDate":"2019-08-24T14:15:22Z","updatedDate":"2019-08-24T14:15:22Z","statusSummary":"\(account.summary)",\
            "status":[{"productOffering":"cloudBilling","statusType":"dataIngestion","statusCode":"pending",\
            "statusMessage":null,"statistics":{"totalResourceTypeCount":3,"failedResourceTypeCount":0,\
            "successfulResourceTypes":null,"failedResourceTypes":null},"statusTimestamp":"2019-08-24T14:15:22Z"}]}
            """
        }.joined(separator: ",")
        let next = nextKey.map { "\"\($0)\"" } ?? "null"
        return """
            {"request":{"id":"e593ff58-067d-4340-92f9-8b1c0bad70d7","url":"/cloudBilling/v1/setup/account","method":"GET",\
            "timestamp":"2018-06-20T11:35:01.745Z"},"response":{"status":{"code":200,"message":"OK"},\
            "kind":"spotinst:cloudBilling:beRegisteredAccount","items":[\(items)],"count":\(accounts.count),\
            "paginationInfo":{"totalCount":null,"nextKey":\(next),"previousKey":null}}}
            """
    }

    static let setupCostIntelligence = """
        {"request":{"id":"e593ff58-067d-4340-92f9-8b1c0bad70d7","url":"/cbi/v1/setup/account","method":"POST",\
        "timestamp":"2018-06-20T11:35:01.745Z"},"response":{"status":{"code":200,"message":"OK"},\
        "kind":"spotinst:cbi:inventory:ciRegisteredAccount","items":[{"organizationId":"60100100100100",\
        "accountId":"act-012345","providerName":"aws","externalProviderId":"012345678901",\
        "enabledDate":"2018-06-20T11:35:01.745Z","updatedDate":"2018-06-20T11:35:01.745Z"}],"count":1}}
        """

    /// One page of the Cost Intelligence listing.
    static func costIntelligencePage(_ ids: [String], nextKey: String?) -> String {
        let items = ids.map { id in
            """
            {"organizationId":"60100100100100","accountId":"\(id)","providerName":"aws","externalProviderId":"012345678901",\
            "enabledDate":"2018-06-20T11:35:01.745Z","updatedDate":"2018-06-20T11:35:01.745Z","statusSummary":"partiallyConnected",\
            "status":[{"productOffering":"cbi","statusType":"connection","statusCode":"ok","statusMessage":"fine",\
            "statusTimestamp":"2018-06-20T11:35:01.745Z"}]}
            """
        }.joined(separator: ",")
        let next = nextKey.map { "\"\($0)\"" } ?? "null"
        return """
            {"request":{"id":"e593ff58-067d-4340-92f9-8b1c0bad70d7"},"response":{"status":{"code":200,"message":"OK"},\
            "kind":"string","items":[\(items)],"count":\(ids.count),"paginationInfo":{"nextKey":\(next)}}}
            """
    }

    // MARK: - Error bodies

    /// An error envelope with `errors` entries `(code, message, field)`.
    static func errorBody(
        status: Int, statusMessage: String, requestID: String = "9c1f0b3e-aaaa-4bbb-8ccc-000000000042",
        errors: [(code: String, message: String, field: String?)]
    ) -> String {
        let entries = errors.map { error in
            let field = error.field.map { ",\"field\":\"\($0)\"" } ?? ""
            return "{\"code\":\"\(error.code)\",\"message\":\"\(error.message)\"\(field)}"
        }.joined(separator: ",")
        return """
            {"request":{"id":"\(requestID)","url":"/setup/account","method":"POST","timestamp":"2018-06-20T11:35:01.745Z"},\
            "response":{"status":{"code":\(status),"message":"\(statusMessage)"},"errors":[\(entries)]}}
            """
    }
}
