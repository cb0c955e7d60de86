import Crypto
import Foundation
import HTTPCore

/// S3 bucket operations, on the REST-XML protocol with path-style URLs (`/<bucket>`).
///
/// A client has a region; every operation may name another (`region:`), and each request goes
/// to that region's endpoint and is signed for it (S3 refuses a `LocationConstraint` that does
/// not match the signing region). The partition follows the region (`cn-*` is AWS China).
///
/// Every operation is async.
public struct S3Client: Sendable {
    /// Sends the calls.
    public let client: AWSClient
    /// Resolves the endpoint of each region (honours `AWS_ENDPOINT_URL…` overrides).
    public let endpoints: EndpointResolver
    /// The region of calls that name none.
    public let region: String
    /// The account that must own the buckets named (`x-amz-expected-bucket-owner` on every bucket
    /// call that takes it; S3 answers 403 when another account owns the bucket), or nil.
    public let expectedBucketOwner: String?

    /// - Parameters:
    ///   - client: sends the calls.
    ///   - endpoints: where S3 is, per region.
    ///   - region: the region of calls that name none.
    ///   - expectedBucketOwner: the account that must own the buckets named (see the property).
    public init(client: AWSClient, endpoints: EndpointResolver, region: String, expectedBucketOwner: String? = nil) {
        self.client = client
        self.endpoints = endpoints
        self.region = region
        self.expectedBucketOwner = expectedBucketOwner
    }

    /// The S3 endpoint of `region`, signed for it.
    public func endpoint(in region: String) -> ServiceEndpoint {
        endpoints.endpoint(for: .s3, partition: Partition(region: region), region: region)
    }

    // MARK: HeadBucket

    /// `HeadBucket`: whether `bucket` exists in `region` (the client's when `nil`) and the
    /// caller may use it, is free, is someone else's, or lives in another region.
    ///
    /// On a 301, the bucket's region is read with `GetBucketLocation`, sent to the partition's
    /// first region (us-east-1, cn-north-1), since the client does not pass on the 301's
    /// `x-amz-bucket-region` header; it is `nil` when that fails too.
    public func headBucket(
        _ bucket: String, region: String? = nil, credentials: any CredentialProvider
    ) async throws(AWSError) -> S3BucketStatus {
        let region = region ?? self.region
        let call = self.call("HeadBucket", method: "HEAD", bucket: bucket, region: region)
        switch await client.result(of: call, credentials: credentials) {
        case .success(let response):
            let reported = response.header("x-amz-bucket-region").flatMap { $0.isEmpty ? nil : $0 }
            if let reported, reported != region { return .inAnotherRegion(region: reported) }
            return .reachable(region: reported ?? region)
        case .failure(let error) where error.httpStatus == 404:
            return .notFound
        case .failure(let error) where error.httpStatus == 403:
            return .forbidden
        case .failure(let error) where error.httpStatus == 301:
            let locationRegion = Partition(region: region) == .awsChina ? "cn-north-1" : "us-east-1"
            let location = await locationResult(bucket, region: locationRegion, credentials: credentials)
            return .inAnotherRegion(region: try? location.get())
        case .failure(let error):
            throw error
        }
    }

    private func locationResult(
        _ bucket: String, region: String, credentials: any CredentialProvider
    ) async -> Result<String, AWSError> {
        do {
            return .success(try await getBucketLocation(bucket, region: region, credentials: credentials))
        } catch {
            return .failure(error)
        }
    }

    // MARK: CreateBucket

    /// `CreateBucket` in `region`, with a `CreateBucketConfiguration`/`LocationConstraint` body
    /// outside us-east-1 (AWS China regions included). The request goes to `region`'s endpoint.
    ///
    /// `BucketAlreadyOwnedByYou` and `BucketAlreadyExists` are outcomes, not errors; in
    /// us-east-1 S3 answers a plain 200 for a bucket the caller already owns, reported as
    /// ``S3BucketCreation/created``.
    public func createBucket(
        name: String, region: String, credentials: any CredentialProvider
    ) async throws(AWSError) -> S3BucketCreation {
        // CreateBucket takes no ExpectedBucketOwner (S3 API model): an owner is what it decides.
        var call = self.call("CreateBucket", method: "PUT", bucket: name, region: region, expectingOwner: false)
        if let body = Self.createBucketConfiguration(region: region) {
            call.headers.append((name: "Content-Type", value: "application/xml"))
            call.body = Array(body.utf8)
        }
        switch await client.result(of: call, credentials: credentials) {
        case .success: return .created
        case .failure(let error) where error.code == "BucketAlreadyOwnedByYou": return .alreadyOwnedByYou
        case .failure(let error) where error.code == "BucketAlreadyExists": return .alreadyExists
        case .failure(let error): throw error
        }
    }

    /// The `CreateBucket` body for `region`: `nil` in us-east-1, which takes no constraint.
    static func createBucketConfiguration(region: String) -> String? {
        guard region != "us-east-1" else { return nil }
        return #"<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"#
            + "<LocationConstraint>\(escapeXML(region))</LocationConstraint></CreateBucketConfiguration>"
    }

    // MARK: GetBucketLocation

    /// `GetBucketLocation`: the region `bucket` lives in, sent to `region` (the client's when
    /// `nil`). An empty constraint means us-east-1 and `EU` means eu-west-1; both come back as
    /// region names. `NoSuchBucket` is an error.
    public func getBucketLocation(
        _ bucket: String, region: String? = nil, credentials: any CredentialProvider
    ) async throws(AWSError) -> String {
        let call = self.call(
            "GetBucketLocation", method: "GET", bucket: bucket, region: region ?? self.region, subresource: "location")
        let response = try await client.send(call, credentials: credentials)
        guard let root = AWSXMLElement.parse(response.body), root.name == "LocationConstraint" else {
            throw AWSError(
                code: "InvalidResponse", message: "GetBucketLocation returned no LocationConstraint",
                httpStatus: response.status, requestID: response.header("x-amz-request-id"), service: "s3",
                operation: "GetBucketLocation", isRetryable: false)
        }
        return Self.region(forLocationConstraint: root.text)
    }

    /// The region a `LocationConstraint` names: empty is us-east-1, `EU` is eu-west-1.
    public static func region(forLocationConstraint constraint: String) -> String {
        switch constraint.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "": "us-east-1"
        case "EU": "eu-west-1"
        case let region: region
        }
    }

    // MARK: Bucket policies

    /// `GetBucketPolicy`: the policy document of `bucket` as JSON text, or `nil` when it has
    /// none (`NoSuchBucketPolicy`). `NoSuchBucket` is an error.
    public func getBucketPolicy(
        _ bucket: String, region: String? = nil, credentials: any CredentialProvider
    ) async throws(AWSError) -> String? {
        let call = self.call(
            "GetBucketPolicy", method: "GET", bucket: bucket, region: region ?? self.region, subresource: "policy")
        switch await client.result(of: call, credentials: credentials) {
        case .success(let response): return String(decoding: response.body, as: UTF8.self)
        case .failure(let error) where error.code == "NoSuchBucketPolicy": return nil
        case .failure(let error): throw error
        }
    }

    /// `PutBucketPolicy`: replaces the policy of `bucket` with `policyJSON` (sent as given,
    /// with the `Content-MD5` S3 requires).
    public func putBucketPolicy(
        bucket: String, policyJSON: String, region: String? = nil, credentials: any CredentialProvider
    ) async throws(AWSError) {
        var call = self.call(
            "PutBucketPolicy", method: "PUT", bucket: bucket, region: region ?? self.region, subresource: "policy")
        let body = Array(policyJSON.utf8)
        call.body = body
        call.headers.append((name: "Content-Type", value: "application/json"))
        call.headers.append((name: "Content-MD5", value: Data(Insecure.MD5.hash(data: body)).base64EncodedString()))
        _ = try await client.send(call, credentials: credentials)
    }

    // MARK: ListBuckets

    /// `ListBuckets`: the names of the buckets the caller's account owns (one request; S3 pages
    /// only when asked to with `max-buckets`). A 403 on a bucket the caller owns reads the same
    /// as one on another account's bucket; this list tells them apart without changing anything.
    public func listBuckets(credentials: any CredentialProvider) async throws(AWSError) -> [String] {
        let call = self.call("ListBuckets", method: "GET", bucket: "", region: region, expectingOwner: false)
        let response = try await client.send(call, credentials: credentials)
        return AWSXMLElement.parse(response.body)?.child("Buckets")?.children("Bucket").compactMap { $0.string("Name") } ?? []
    }

    // MARK: Requests

    /// A path-style call on `bucket` (`/<bucket>`, plus `?<subresource>` when given), with
    /// ``expectedBucketOwner`` unless `expectingOwner` is false.
    private func call(
        _ operation: String, method: String, bucket: String, region: String, subresource: String? = nil,
        expectingOwner: Bool = true
    ) -> AWSCall {
        var call = AWSCall(
            service: .s3, operation: operation, endpoint: endpoint(in: region), errorFormat: .restXML, method: method,
            path: AWSRequest.encodePath("/" + bucket),
            queryItems: subresource.map { [(name: $0, value: "")] } ?? [])
        if expectingOwner, let expectedBucketOwner, !bucket.isEmpty {
            call.headers.append((name: "x-amz-expected-bucket-owner", value: expectedBucketOwner))
        }
        return call
    }

    /// `text` with XML's special characters escaped.
    private static func escapeXML(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
