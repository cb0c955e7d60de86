import AWSKit
import Foundation
import HTTPCore
import Testing

/// Signatures checked by a real server: the harness's second moto_server, whose authentication
/// is on from the start (so the shared server's tests are unaffected and these may run in
/// parallel). The right key is accepted; a wrong secret gets SignatureDoesNotMatch.
///
/// No aws-cn case: moto keeps IAM per partition, so the harness's user (made in `aws`) is
/// unknown to a request signed for a `cn-*` region (InvalidClientTokenId), as in AWS.
@Suite("SigV4 signatures verified by moto")
struct SignatureVerificationTests {
    /// The user's key with a secret that is not its own.
    static func wrongSecret(_ credentials: AWSCredentials) -> StaticCredentialProvider {
        StaticCredentialProvider(AWSCredentials(
            accessKeyID: credentials.accessKeyID, secretAccessKey: "not-the-secret-" + credentials.secretAccessKey.prefix(8)))
    }

    /// Asserts that `operation` failed because the signature did not match.
    static func expectSignatureMismatch(
        _ error: AWSError?, service: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error?.code == "SignatureDoesNotMatch", sourceLocation: sourceLocation)
        #expect(error?.httpStatus == 403, sourceLocation: sourceLocation)
        #expect(error?.service == service, sourceLocation: sourceLocation)
        #expect(error?.isRetryable == false, sourceLocation: sourceLocation)
    }

    static func listStacks(_ moto: MotoServer, region: String = "us-east-1") -> AWSCall {
        QueryRequest(action: "ListStacks", version: "2010-05-15")
            .call(service: .cloudFormation, endpoint: moto.endpoint(for: .cloudFormation, region: region))
    }

    // MARK: STS

    @Test("STS: the right key is accepted, a wrong secret gets SignatureDoesNotMatch")
    func sts() async throws {
        let (moto, credentials) = try await MotoServer.authenticated()
        let sts = STSClient(client: moto.client(), endpoint: moto.endpoint(for: .sts))

        let identity = try await sts.getCallerIdentity(credentials: StaticCredentialProvider(credentials))
        #expect(identity.account == MotoServer.defaultAccountID)
        #expect(identity.arn.hasPrefix("arn:aws:iam::\(MotoServer.defaultAccountID):user/"))

        let error = await #expect(throws: AWSError.self) {
            try await sts.getCallerIdentity(credentials: Self.wrongSecret(credentials))
        }
        Self.expectSignatureMismatch(error, service: "sts")
    }

    @Test("An access key moto does not know gets InvalidClientTokenId")
    func unknownAccessKey() async throws {
        let (moto, _) = try await MotoServer.authenticated()
        let sts = STSClient(client: moto.client(), endpoint: moto.endpoint(for: .sts))
        let stranger = StaticCredentialProvider(AWSCredentials(accessKeyID: "AKIAFAKEFAKEFAKEFAKE", secretAccessKey: "fake"))

        let error = await #expect(throws: AWSError.self) { try await sts.getCallerIdentity(credentials: stranger) }
        #expect(error?.code == "InvalidClientTokenId")
        #expect(error?.httpStatus == 403)
    }

    // MARK: S3

    @Test("S3: the right key is accepted (with and without a body), a wrong secret gets SignatureDoesNotMatch")
    func s3() async throws {
        let (moto, credentials) = try await MotoServer.authenticated()
        let s3 = S3Client(client: moto.client(), endpoints: moto.endpoints, region: "us-east-1")
        let right = StaticCredentialProvider(credentials)
        let wrong = Self.wrongSecret(credentials)
        let bucket = MotoAccounts.uniqueBucketName("sigv4")

        #expect(try await s3.createBucket(name: bucket, region: "eu-west-1", credentials: right) == .created)
        #expect(try await s3.getBucketLocation(bucket, credentials: right) == "eu-west-1")
        let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"billingreports.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::\#(bucket)/*"}]}"#
        try await s3.putBucketPolicy(bucket: bucket, policyJSON: policy, region: "eu-west-1", credentials: right)
        #expect(try await s3.getBucketPolicy(bucket, region: "eu-west-1", credentials: right) == policy)

        let errors = [
            await #expect(throws: AWSError.self) { try await s3.getBucketLocation(bucket, credentials: wrong) },
            await #expect(throws: AWSError.self) {
                try await s3.createBucket(name: MotoAccounts.uniqueBucketName("sigv4-wrong"), region: "eu-west-1", credentials: wrong)
            },
            await #expect(throws: AWSError.self) {
                try await s3.putBucketPolicy(bucket: bucket, policyJSON: policy, region: "eu-west-1", credentials: wrong)
            },
        ]
        for error in errors { Self.expectSignatureMismatch(error, service: "s3") }
        // A HEAD response has no body to name the reason: the refusal reads as forbidden.
        #expect(try await s3.headBucket(bucket, region: "eu-west-1", credentials: wrong) == .forbidden)
    }

    @Test("S3 with assumed-role credentials: the session token is signed and accepted")
    func s3WithSessionToken() async throws {
        let (moto, credentials) = try await MotoServer.authenticated()
        let client = moto.client()
        let right = StaticCredentialProvider(credentials)
        let iam = moto.endpoint(for: .iam)
        let role = "onboard-sigv4-\(UUID().uuidString.prefix(8).lowercased())"

        // moto checks the trust policy against the caller's exact ARN (not the account root).
        let sts = STSClient(client: client, endpoint: moto.endpoint(for: .sts))
        let user = try await sts.getCallerIdentity(credentials: right)
        var createRole = QueryRequest(action: "CreateRole", version: "2010-05-08")
        createRole.set("RoleName", role)
        createRole.set(
            "AssumeRolePolicyDocument",
            #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"\#(user.arn)"},"Action":"sts:AssumeRole"}]}"#)
        _ = try await client.send(createRole.call(service: .iam, endpoint: iam), credentials: right)
        var allowAll = QueryRequest(action: "PutRolePolicy", version: "2010-05-08")
        allowAll.set("RoleName", role)
        allowAll.set("PolicyName", "AllowEverything")
        allowAll.set("PolicyDocument", #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        _ = try await client.send(allowAll.call(service: .iam, endpoint: iam), credentials: right)

        let session = try await sts.assumeRole(
            AssumeRoleRequest(roleARN: "arn:aws:iam::\(MotoServer.defaultAccountID):role/\(role)", sessionName: "sigv4-test"),
            credentials: right)
        #expect(session.sessionToken != nil)
        let assumed = StaticCredentialProvider(session)

        let identity = try await sts.getCallerIdentity(credentials: assumed)
        #expect(identity.arn == "arn:aws:sts::\(MotoServer.defaultAccountID):assumed-role/\(role)/sigv4-test")

        let s3 = S3Client(client: client, endpoints: moto.endpoints, region: "us-east-1")
        let bucket = MotoAccounts.uniqueBucketName("sigv4-session")
        #expect(try await s3.createBucket(name: bucket, region: "us-east-1", credentials: assumed) == .created)
        #expect(try await s3.getBucketLocation(bucket, credentials: assumed) == "us-east-1")

        var tampered = session
        tampered.secretAccessKey = "not-the-session-secret"
        let error = await #expect(throws: AWSError.self) {
            try await s3.getBucketLocation(bucket, credentials: StaticCredentialProvider(tampered))
        }
        Self.expectSignatureMismatch(error, service: "s3")
    }

    // MARK: CloudFormation, IAM, Organizations

    @Test("CloudFormation: the right key is accepted, a wrong secret gets SignatureDoesNotMatch")
    func cloudFormation() async throws {
        let (moto, credentials) = try await MotoServer.authenticated()
        let client = moto.client()

        let response = try await client.send(Self.listStacks(moto), credentials: StaticCredentialProvider(credentials))
        #expect(response.status == 200)
        let result = try QueryResponse.result(of: response, action: "ListStacks", service: .cloudFormation)
        #expect(result.name == "ListStacksResult")

        let error = await #expect(throws: AWSError.self) {
            try await client.send(Self.listStacks(moto, region: "eu-central-1"), credentials: Self.wrongSecret(credentials))
        }
        Self.expectSignatureMismatch(error, service: "cloudformation")
    }

    @Test("IAM and Organizations accept the right key and refuse a wrong secret")
    func iamAndOrganizations() async throws {
        let (moto, credentials) = try await MotoServer.authenticated()
        let client = moto.client()
        let right = StaticCredentialProvider(credentials)
        let wrong = Self.wrongSecret(credentials)
        let iam = IAMClient(client: client, endpoint: moto.endpoint(for: .iam))
        let organizations = OrganizationsClient(client: client, endpoint: moto.endpoint(for: .organizations))

        #expect(try await iam.getRole(name: "no-such-role-\(UUID().uuidString.prefix(8))", credentials: right) == nil)
        Self.expectSignatureMismatch(
            await #expect(throws: AWSError.self) { try await iam.getRole(name: "SpotRole", credentials: wrong) },
            service: "iam")

        // Accepted: the answer is about organizations, not about the signature.
        let notInUse = await #expect(throws: AWSError.self) { try await organizations.describeOrganization(credentials: right) }
        #expect(notInUse?.code == "AWSOrganizationsNotInUseException")
        // moto answers a JSON 1.1 service's signature failure in XML (AWS: JSON), so only the
        // status is certain here.
        let refused = await #expect(throws: AWSError.self) { try await organizations.describeOrganization(credentials: wrong) }
        #expect(refused?.httpStatus == 403)
        #expect(refused?.isRetryable == false)
    }
}
