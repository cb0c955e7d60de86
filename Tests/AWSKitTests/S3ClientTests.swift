import AWSKit
import Foundation
import HTTPCore
import Testing

/// `S3Client` against a real moto_server (what moto really answers), plus the answers moto
/// cannot give (403 and 301 on HeadBucket) from a scripted server.
///
/// moto's gaps, asserted as they are: HeadBucket on another account's bucket answers 200 (AWS:
/// 403), and HeadBucket in the wrong region answers 200 with the bucket's
/// `x-amz-bucket-region` (AWS: 301 with that header).
@Suite("S3 client")
struct S3ClientTests {
    static let policy = """
        {"Version":"2012-10-17","Statement":[{"Sid":"CURGetAcl","Effect":"Allow",\
        "Principal":{"Service":"billingreports.amazonaws.com"},"Action":["s3:GetBucketAcl","s3:GetBucketPolicy"],\
        "Resource":"arn:aws:s3:::BUCKET"}]}
        """

    static func s3(_ moto: MotoServer, region: String = "us-east-1") -> S3Client {
        S3Client(client: moto.client(), endpoints: moto.endpoints, region: region)
    }

    // MARK: - moto

    @Test("HeadBucket on a name no one has is notFound (404: the name is free)")
    func freeName() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)

        #expect(try await Self.s3(moto).headBucket(MotoAccounts.uniqueBucketName("free"), credentials: payer) == .notFound)
    }

    @Test("In us-east-1: created, reachable, located with an empty constraint; creating it again is a plain 200")
    func usEast1() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let s3 = Self.s3(moto)
        let bucket = MotoAccounts.uniqueBucketName("use1")

        #expect(try await s3.createBucket(name: bucket, region: "us-east-1", credentials: payer) == .created)
        #expect(try await s3.headBucket(bucket, credentials: payer) == .reachable(region: "us-east-1"))
        #expect(try await s3.getBucketLocation(bucket, credentials: payer) == "us-east-1")
        // us-east-1 answers 200, not BucketAlreadyOwnedByYou, for the owner's bucket.
        #expect(try await s3.createBucket(name: bucket, region: "us-east-1", credentials: payer) == .created)
    }

    @Test("Outside us-east-1: LocationConstraint honoured, BucketAlreadyOwnedByYou the second time")
    func otherRegion() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let s3 = Self.s3(moto)
        let bucket = MotoAccounts.uniqueBucketName("euw1")

        #expect(try await s3.createBucket(name: bucket, region: "eu-west-1", credentials: payer) == .created)
        #expect(try await s3.createBucket(name: bucket, region: "eu-west-1", credentials: payer) == .alreadyOwnedByYou)
        #expect(try await s3.getBucketLocation(bucket, credentials: payer) == "eu-west-1")
        #expect(try await s3.headBucket(bucket, region: "eu-west-1", credentials: payer) == .reachable(region: "eu-west-1"))
        // moto answers 200 + x-amz-bucket-region where AWS answers 301; both read as another region.
        #expect(try await s3.headBucket(bucket, credentials: payer) == .inAnotherRegion(region: "eu-west-1"))
    }

    @Test("A bucket created by account A is BucketAlreadyExists for account B")
    func anotherOwner() async throws {
        let moto = try await MotoServer.shared()
        let accountA = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let accountB = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let s3 = Self.s3(moto)
        let inUSEast1 = MotoAccounts.uniqueBucketName("taken")
        let inEUWest1 = MotoAccounts.uniqueBucketName("taken-eu")

        #expect(try await s3.createBucket(name: inUSEast1, region: "us-east-1", credentials: accountA) == .created)
        #expect(try await s3.createBucket(name: inEUWest1, region: "eu-west-1", credentials: accountA) == .created)

        #expect(try await s3.createBucket(name: inUSEast1, region: "us-east-1", credentials: accountB) == .alreadyExists)
        #expect(try await s3.createBucket(name: inEUWest1, region: "eu-west-1", credentials: accountB) == .alreadyExists)
        // moto gap: HeadBucket does not check the owner, so B reaches A's bucket (AWS: 403, forbidden).
        #expect(try await s3.headBucket(inUSEast1, credentials: accountB) == .reachable(region: "us-east-1"))
    }

    @Test("GetBucketPolicy is nil without a policy; PutBucketPolicy sets and replaces it")
    func bucketPolicy() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let s3 = Self.s3(moto)
        let bucket = MotoAccounts.uniqueBucketName("policy")
        _ = try await s3.createBucket(name: bucket, region: "us-east-1", credentials: payer)

        #expect(try await s3.getBucketPolicy(bucket, credentials: payer) == nil)

        let first = Self.policy.replacingOccurrences(of: "BUCKET", with: bucket)
        try await s3.putBucketPolicy(bucket: bucket, policyJSON: first, credentials: payer)
        #expect(try await s3.getBucketPolicy(bucket, credentials: payer) == first)

        let second = first.replacingOccurrences(of: "CURGetAcl", with: "CURReadBucket")
        try await s3.putBucketPolicy(bucket: bucket, policyJSON: second, credentials: payer)
        #expect(try await s3.getBucketPolicy(bucket, credentials: payer) == second)
    }

    @Test("GetBucketLocation, GetBucketPolicy and PutBucketPolicy on a missing bucket fail with NoSuchBucket")
    func noSuchBucket() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), moto: moto)
        let s3 = Self.s3(moto)
        let bucket = MotoAccounts.uniqueBucketName("missing")

        let errors = [
            await #expect(throws: AWSError.self) { try await s3.getBucketLocation(bucket, credentials: payer) },
            await #expect(throws: AWSError.self) { try await s3.getBucketPolicy(bucket, credentials: payer) },
            await #expect(throws: AWSError.self) {
                try await s3.putBucketPolicy(bucket: bucket, policyJSON: Self.policy, credentials: payer)
            },
        ]
        for (error, operation) in zip(errors, ["GetBucketLocation", "GetBucketPolicy", "PutBucketPolicy"]) {
            #expect(error?.code == "NoSuchBucket")
            #expect(error?.httpStatus == 404)
            #expect(error?.service == "s3")
            #expect(error?.operation == operation)
            #expect(error?.isRetryable == false)
        }
    }

    @Test("In aws-cn the bucket gets its LocationConstraint in cn-northwest-1 and cn-north-1")
    func chinaRegions() async throws {
        let moto = try await MotoServer.shared()
        let payer = try await MotoAccounts.credentials(in: MotoAccounts.uniqueAccountID(), region: "cn-north-1", moto: moto)
        let s3 = Self.s3(moto, region: "cn-northwest-1")
        #expect(s3.endpoint(in: "cn-northwest-1").signingRegion == "cn-northwest-1")

        for region in ["cn-northwest-1", "cn-north-1"] {
            let bucket = MotoAccounts.uniqueBucketName(region)
            #expect(try await s3.createBucket(name: bucket, region: region, credentials: payer) == .created)
            #expect(try await s3.createBucket(name: bucket, region: region, credentials: payer) == .alreadyOwnedByYou)
            #expect(try await s3.getBucketLocation(bucket, region: region, credentials: payer) == region)
            #expect(try await s3.headBucket(bucket, region: region, credentials: payer) == .reachable(region: region))
        }
    }

    // MARK: - Answers moto does not give (scripted server)

    static let fakeCredentials = StaticCredentialProvider(
        AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "fake-secret-for-tests"))

    /// One transport for the scripted-server tests, alive as long as the process (an
    /// async-http-client client must not be released before it is shut down).
    static let transport = AsyncHTTPClientTransport()

    static func s3(_ server: FaultServer, region: String = "us-east-1") -> S3Client {
        let client = AWSClient(
            configuration: AWSClient.Configuration(retryPolicy: RetryPolicy(maximumAttempts: 1)), transport: transport)
        return S3Client(client: client, endpoints: EndpointResolver(commandLineOverride: server.baseURL), region: region)
    }

    @Test("HeadBucket 403 (someone else's bucket) is forbidden")
    func forbidden() async throws {
        let server = try FaultServer([.status(403)])
        defer { server.stop() }

        #expect(try await Self.s3(server).headBucket("someone-elses", credentials: Self.fakeCredentials) == .forbidden)
        #expect(server.requests.first?.method == "HEAD")
        #expect(server.requests.first?.target == "/someone-elses")
    }

    @Test("HeadBucket 301 is inAnotherRegion, the region read with GetBucketLocation")
    func movedPermanently() async throws {
        let server = try FaultServer([
            .status(301, headers: [(name: "x-amz-bucket-region", value: "eu-west-1")]),
            .ok(#"<?xml version="1.0" encoding="UTF-8"?><LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">EU</LocationConstraint>"#),
        ])
        defer { server.stop() }

        let status = try await Self.s3(server, region: "us-west-2").headBucket("elsewhere", credentials: Self.fakeCredentials)

        #expect(status == .inAnotherRegion(region: "eu-west-1"))
        #expect(server.requests.map(\.method) == ["HEAD", "GET"])
        #expect(server.requests.last?.target == "/elsewhere?location=")
        // GetBucketLocation goes to us-east-1, which answers it for every region's buckets.
        #expect(server.requests.last?.header("Authorization")?.contains("/us-east-1/s3/aws4_request") == true)
    }

    @Test("HeadBucket 301 whose location cannot be read is inAnotherRegion with no region")
    func movedPermanentlyUnknownRegion() async throws {
        let server = try FaultServer([.status(301), .s3Error("AccessDenied", status: 403, message: "Access Denied")])
        defer { server.stop() }

        #expect(try await Self.s3(server).headBucket("elsewhere", credentials: Self.fakeCredentials) == .inAnotherRegion(region: nil))
    }

    @Test("HeadBucket failures other than 301/403/404 are errors")
    func otherFailures() async throws {
        let server = try FaultServer([.status(400)])
        defer { server.stop() }

        let error = await #expect(throws: AWSError.self) {
            try await Self.s3(server).headBucket("bad", credentials: Self.fakeCredentials)
        }
        #expect(error?.httpStatus == 400)
        #expect(error?.operation == "HeadBucket")
    }

    @Test("CreateBucket sends a LocationConstraint outside us-east-1 only, path-style, signed for the region")
    func createBucketWire() async throws {
        let server = try FaultServer()
        defer { server.stop() }
        let s3 = Self.s3(server)

        _ = try await s3.createBucket(name: "in-use1", region: "us-east-1", credentials: Self.fakeCredentials)
        _ = try await s3.createBucket(name: "in-cn", region: "cn-northwest-1", credentials: Self.fakeCredentials)

        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[0].method == "PUT")
        #expect(requests[0].target == "/in-use1")
        #expect(requests[0].body.isEmpty)
        #expect(requests[1].target == "/in-cn")
        #expect(requests[1].bodyText.contains("<LocationConstraint>cn-northwest-1</LocationConstraint>"))
        #expect(requests[1].bodyText.hasPrefix(#"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#))
        #expect(requests[1].header("Authorization")?.contains("/cn-northwest-1/s3/aws4_request") == true)
        #expect(requests[1].header("x-amz-content-sha256") != nil)
    }

    @Test("CreateBucket errors other than the two ownership codes stay errors")
    func createBucketOtherError() async throws {
        let server = try FaultServer([.s3Error("InvalidBucketName", status: 400, message: "The specified bucket is not valid.")])
        defer { server.stop() }

        let error = await #expect(throws: AWSError.self) {
            try await Self.s3(server).createBucket(name: "Bad_Name", region: "us-east-1", credentials: Self.fakeCredentials)
        }
        #expect(error?.code == "InvalidBucketName")
    }

    @Test("PutBucketPolicy sends the document with its Content-MD5 to ?policy")
    func putBucketPolicyWire() async throws {
        let server = try FaultServer([.status(204)])
        defer { server.stop() }

        try await Self.s3(server).putBucketPolicy(bucket: "cur-bucket", policyJSON: Self.policy, credentials: Self.fakeCredentials)

        let request = try #require(server.requests.first)
        #expect(request.method == "PUT")
        #expect(request.target == "/cur-bucket?policy=")
        #expect(request.bodyText == Self.policy)
        // Base64 of the MD5 of `policy` (`openssl md5 -binary | base64`).
        #expect(request.header("Content-MD5") == "wO2gsaP1iMGTK8ngp4bmqA==")
    }

    @Test("LocationConstraint names: empty is us-east-1, EU is eu-west-1, others are themselves")
    func locationConstraintNames() {
        #expect(S3Client.region(forLocationConstraint: "") == "us-east-1")
        #expect(S3Client.region(forLocationConstraint: "EU") == "eu-west-1")
        #expect(S3Client.region(forLocationConstraint: "cn-northwest-1") == "cn-northwest-1")
    }
}
