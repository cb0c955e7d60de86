import AWSKit
import Foundation
import TestSupport
import Testing

/// S3 honours `x-amz-expected-bucket-owner`: a bucket of another account answers 403
/// AccessDenied (Amazon S3 API reference, `ExpectedBucketOwner`).
@Suite("S3: x-amz-expected-bucket-owner")
struct S3ExpectedOwnerTests {
    func call(_ cloud: LocalCloud, _ method: String, _ path: String, query: [(name: String, value: String)] = [], owner: String)
        -> AWSCall
    {
        AWSCall(
            service: .s3, operation: "Check", endpoint: cloud.endpoint(.s3), errorFormat: .restXML, method: method, path: path,
            queryItems: query, headers: [(name: "x-amz-expected-bucket-owner", value: owner)])
    }

    @Test("The owner's id answers 200; another id answers 403 AccessDenied (GET ?policy, ListObjects, HEAD); a missing bucket stays 404")
    func expectedOwner() async throws {
        let cloud = try LocalCloud.current()
        let owner = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: owner)
        let bucket = FreshNames.bucketName("owner", prefix: "lc-test")
        try await cloud.createBucket(bucket, allowBillingReports: true, credentials: credentials)
        let stranger = FreshNames.accountID()

        let matching = await cloud.send(call(cloud, "GET", "/\(bucket)", query: [("policy", "")], owner: owner), credentials: credentials)
        #expect(matching.failure == nil, "\(String(describing: matching.failure))")
        let listed = await cloud.send(call(cloud, "GET", "/\(bucket)", owner: owner), credentials: credentials)
        #expect(listed.failure == nil)

        let wrongPolicy = await cloud.send(call(cloud, "GET", "/\(bucket)", query: [("policy", "")], owner: stranger), credentials: credentials)
        #expect(wrongPolicy.failure?.httpStatus == 403)
        #expect(wrongPolicy.failure?.code == "AccessDenied")
        let wrongList = await cloud.send(call(cloud, "GET", "/\(bucket)", owner: stranger), credentials: credentials)
        #expect(wrongList.failure?.code == "AccessDenied")
        let wrongHead = await cloud.send(call(cloud, "HEAD", "/\(bucket)", owner: stranger), credentials: credentials)
        #expect(wrongHead.failure?.httpStatus == 403)
        let rightHead = await cloud.send(call(cloud, "HEAD", "/\(bucket)", owner: owner), credentials: credentials)
        #expect(rightHead.failure == nil)

        let missing = await cloud.send(
            call(cloud, "GET", "/\(FreshNames.bucketName("absent", prefix: "lc-test"))", owner: owner), credentials: credentials)
        #expect(missing.failure?.httpStatus == 404)
    }
}
