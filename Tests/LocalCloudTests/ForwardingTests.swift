import AWSKit
import Foundation
import HTTPCore
import TestSupport
import Testing

/// AWS requests the sandbox does not serve itself reach moto: what a call through the sandbox
/// did is visible in moto directly (LOCAL_CLOUD_MOTO_URL).
@Suite("Forwarding to moto")
struct ForwardingTests {
    /// A template moto completes at once, with one output.
    static let template = """
        {"AWSTemplateFormatVersion":"2010-09-09",\
        "Resources":{"Handle":{"Type":"AWS::CloudFormation::WaitConditionHandle"}},\
        "Outputs":{"Greeting":{"Value":"hello from the local cloud"}}}
        """

    @Test("STS GetCallerIdentity through the sandbox answers as moto does, for the assumed account")
    func callerIdentity() async throws {
        let cloud = try LocalCloud.current()
        let account = FreshNames.accountID()
        let credentials = try await cloud.credentials(in: account, role: "ForwardingCheck")

        let viaSandbox = try await STSClient(client: cloud.client(), endpoint: cloud.endpoint(.sts))
            .getCallerIdentity(credentials: credentials)
        let viaMoto = try await STSClient(client: cloud.client(), endpoint: cloud.motoEndpoint(.sts))
            .getCallerIdentity(credentials: credentials)

        #expect(viaSandbox.account == account)
        #expect(viaSandbox.arn.hasPrefix("arn:aws:sts::\(account):assumed-role/ForwardingCheck/"))
        // moto makes a new role id for each call on a role that does not exist: compare the rest.
        #expect(viaSandbox.account == viaMoto.account)
        #expect(viaSandbox.arn == viaMoto.arn)
    }

    @Test("S3 CreateBucket through the sandbox makes the bucket in moto; HeadBucket by its owner succeeds")
    func createAndHeadBucket() async throws {
        let cloud = try LocalCloud.current()
        let credentials = try await cloud.credentials(in: FreshNames.accountID())
        let bucket = FreshNames.bucketName("forward", prefix: "lc-test")
        let viaSandbox = S3Client(client: cloud.client(), endpoints: cloud.endpoints, region: "us-east-1")
        let viaMoto = S3Client(client: cloud.client(), endpoints: EndpointResolver(commandLineOverride: cloud.motoURL), region: "us-east-1")

        #expect(try await viaMoto.headBucket(bucket, credentials: credentials) == .notFound)
        #expect(try await viaSandbox.createBucket(name: bucket, region: "us-east-1", credentials: credentials) == .created)

        #expect(try await viaMoto.headBucket(bucket, credentials: credentials) == .reachable(region: "us-east-1"))
        #expect(try await viaSandbox.headBucket(bucket, credentials: credentials) == .reachable(region: "us-east-1"))

        // moto's own listing of the owner's buckets has it.
        let listed = await cloud.send(
            AWSCall(service: .s3, operation: "ListBuckets", endpoint: cloud.motoEndpoint(.s3), errorFormat: .restXML, method: "GET"),
            credentials: credentials)
        #expect(try listed.get().body.count > 0)
        #expect(String(decoding: try listed.get().body, as: UTF8.self).contains("<Name>\(bucket)</Name>"))
    }

    @Test("HeadBucket on another account's bucket is 403 through the sandbox")
    func headForeignBucket() async throws {
        let cloud = try LocalCloud.current()
        let owner = try await cloud.credentials(in: FreshNames.accountID())
        let stranger = try await cloud.credentials(in: FreshNames.accountID())
        let bucket = FreshNames.bucketName("foreign", prefix: "lc-test")
        let s3 = S3Client(client: cloud.client(), endpoints: cloud.endpoints, region: "us-east-1")
        #expect(try await s3.createBucket(name: bucket, region: "us-east-1", credentials: owner) == .created)

        #expect(try await s3.headBucket(bucket, credentials: stranger) == .forbidden)
        #expect(try await s3.headBucket(bucket, credentials: owner) == .reachable(region: "us-east-1"))

        let raw = await cloud.send(
            AWSCall(
                service: .s3, operation: "HeadBucket", endpoint: cloud.endpoint(.s3), errorFormat: .restXML, method: "HEAD",
                path: "/\(bucket)"),
            credentials: stranger)
        #expect(raw.failure?.httpStatus == 403)
    }

    @Test("CloudFormation CreateStack through the sandbox makes the stack in moto")
    func createStack() async throws {
        let cloud = try LocalCloud.current()
        let credentials = try await cloud.credentials(in: FreshNames.accountID())
        let name = "lc-forward-\(UUID().uuidString.prefix(8).lowercased())"
        let viaSandbox = CloudFormationClient(client: cloud.client(), endpoint: cloud.endpoint(.cloudFormation))
        let viaMoto = CloudFormationClient(client: cloud.client(), endpoint: cloud.motoEndpoint(.cloudFormation))

        #expect(try await viaMoto.describeStack(name: name, credentials: credentials) == nil)
        let stackID = try await viaSandbox.createStack(name: name, templateBody: Self.template, credentials: credentials)

        let inMoto = try #require(try await viaMoto.describeStack(name: name, credentials: credentials))
        #expect(inMoto.id == stackID)
        #expect(inMoto.status == .createComplete)
        #expect(inMoto.output("Greeting") == "hello from the local cloud")
        let throughSandbox = try await viaSandbox.describeStack(name: name, credentials: credentials)
        #expect(throughSandbox == inMoto)
    }
}

extension Result {
    /// The error, or nil on success.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
