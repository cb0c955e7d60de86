import TestSupport
import Foundation
import SpotKit
import Testing

/// Decoding details of the result types.
@Suite("Spot models")
struct SpotModelTests {
    @Test("open-set statuses keep values this code does not know")
    func openSets() throws {
        let check = try JSONDecoder().decode(
            SpotValidationCheck.self, from: Data(#"{"id":"x","status":"pendingReview","validationInfo":{"a":1}}"#.utf8))
        #expect(check.status.rawValue == "pendingReview")
        #expect(!check.status.isFailure)
        #expect(check.validationInfo == nil)
        let account = try JSONDecoder().decode(
            CloudBillingAccount.self, from: Data(#"{"accountId":"act-1","statusSummary":"degraded","status":null}"#.utf8))
        #expect(account.statusSummary?.rawValue == "degraded")
        #expect(account.statusSummary?.isConnected == false)
        #expect(account.status.isEmpty)
    }

    @Test("organizationId as a string or an integer; encoding uses the listing's keys")
    func flexibleOrganizationID() throws {
        let fromString = try JSONDecoder().decode(
            SpotAccount.self, from: Data(#"{"id":"act-1","name":"n","organizationId":"606012341234"}"#.utf8))
        let fromInteger = try JSONDecoder().decode(
            SpotAccount.self, from: Data(#"{"accountId":"act-1","name":"n","organizationId":606012341234}"#.utf8))
        #expect(fromString == fromInteger)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(fromInteger), as: UTF8.self)
        #expect(encoded == #"{"accountId":"act-1","name":"n","organizationId":"606012341234"}"#)
        #expect(try JSONDecoder().decode(SpotAccount.self, from: Data(encoded.utf8)) == fromInteger)
    }

    @Test("awsAccountID pads a numeric providerExternalId to 12 digits")
    func awsAccountID() {
        #expect(SpotAccount(id: "a", providerExternalID: "12345678901").awsAccountID == "012345678901")
        #expect(SpotAccount(id: "a", providerExternalID: "123456789012").awsAccountID == "123456789012")
        #expect(SpotAccount(id: "a", providerExternalID: "sub-1234").awsAccountID == nil)
        #expect(SpotAccount(id: "a").awsAccountID == nil)
    }

    @Test("Spot's timestamp spellings", arguments: [
        ("2021-03-18 16:11:04.402000+00:00", 1_616_083_864.402),
        ("2019-08-24T14:15:22Z", 1_566_656_122),
        ("2018-06-20T11:35:01.745Z", 1_529_494_501.745),
        ("2019-08-24T16:15:22+02:00", 1_566_656_122),
        ("2019-08-24T14:15:22", 1_566_656_122),
    ])
    func timestamps(_ text: String, _ seconds: Double) throws {
        let date = try #require(SpotExternalID(externalID: "x", maxValidUntil: text).maxValidUntilDate)
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.001)
    }

    @Test("unreadable timestamps are nil, the text kept", arguments: ["yesterday", "2019-13-01T00:00:00Z", "2019-08-24T14:15:22Zjunk", ""])
    func badTimestamps(_ text: String) {
        let externalID = SpotExternalID(externalID: "x", maxValidUntil: text)
        #expect(externalID.maxValidUntilDate == nil)
        #expect(externalID.maxValidUntil == text)
    }

    @Test("the billing source encodes as Spot expects")
    func billingSource() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let source = SpotBillingSource(bucket: "b", region: "us-east-1", pathPrefix: "cur/r")
        #expect(String(decoding: try encoder.encode(source), as: UTF8.self) == #"{"bucket":"b","pathPrefix":"cur/r","region":"us-east-1"}"#)
        #expect(source.description == "s3://b/cur/r (us-east-1)")
    }
}
