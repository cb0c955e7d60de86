import AWSKit
import Foundation

extension WorkflowWorld {
    /// S3 by owner and region, as the real one answers: HeadBucket 404 for a free name, 403 for
    /// another owner's (or an `x-amz-expected-bucket-owner` that does not match), 301 with
    /// `x-amz-bucket-region` for another region; CreateBucket `BucketAlreadyExists` /
    /// `BucketAlreadyOwnedByYou` (a plain 200 in us-east-1); policies stored as given.
    func installS3() {
        transport.on(CloudOperation.headBucket) { [self] request in
            let (bucket, refusal) = access(request, head: true)
            if let refusal { return refusal }
            guard let bucket else { return AWSWire.s3Error(status: 404, code: "NotFound", message: "", head: true) }
            let region = request.signingScope?.region ?? "us-east-1"
            if bucket.region != region {
                return .response(
                    status: 301, body: "", headers: [(name: "x-amz-bucket-region", value: bucket.region)])
            }
            return AWSWire.s3(headers: [(name: "x-amz-bucket-region", value: bucket.region)])
        }
        transport.on(CloudOperation.getBucketLocation) { [self] request in
            let (bucket, refusal) = access(request, head: false)
            if let refusal { return refusal }
            guard let bucket else { return Self.noSuchBucket(request) }
            let constraint = bucket.region == "us-east-1" ? "" : bucket.region
            return AWSWire.s3(
                body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\(constraint)</LocationConstraint>")
        }
        transport.on(CloudOperation.createBucket) { [self] request in
            guard let caller = payerID(of: request) else { return Self.notAPayer(request) }
            let name = Self.bucketName(request)
            let region = AWSXMLElement.parse(request.body)?.string("LocationConstraint") ?? "us-east-1"
            return update { state -> ScriptedTransport.Reply in
                if let existing = state.buckets[name] {
                    if existing.owner != caller {
                        return AWSWire.s3Error(
                            status: 409, code: "BucketAlreadyExists",
                            message: "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
                            bucket: name)
                    }
                    if region == "us-east-1" { return AWSWire.s3(headers: [(name: "Location", value: "/\(name)")]) }
                    return AWSWire.s3Error(
                        status: 409, code: "BucketAlreadyOwnedByYou",
                        message: "Your previous request to create the named bucket succeeded and you already own it.", bucket: name)
                }
                state.buckets[name] = WorldBucket(name: name, owner: caller, region: region)
                return AWSWire.s3(headers: [(name: "Location", value: "/\(name)")])
            }
        }
        transport.on(CloudOperation.getBucketPolicy) { [self] request in
            let (bucket, refusal) = access(request, head: false)
            if let refusal { return refusal }
            guard let bucket else { return Self.noSuchBucket(request) }
            guard let policy = bucket.policy else {
                return AWSWire.s3Error(
                    status: 404, code: "NoSuchBucketPolicy", message: "The bucket policy does not exist", bucket: bucket.name)
            }
            return AWSWire.s3(body: policy)
        }
        transport.on(CloudOperation.putBucketPolicy) { [self] request in
            let (bucket, refusal) = access(request, head: false)
            if let refusal { return refusal }
            guard let bucket else { return Self.noSuchBucket(request) }
            guard (try? JSONSerialization.jsonObject(with: Data(request.body))) is [String: Any] else {
                return AWSWire.s3Error(status: 400, code: "MalformedPolicy", message: "Policies must be valid JSON", bucket: bucket.name)
            }
            update { $0.buckets[bucket.name]?.policy = request.bodyText }
            return AWSWire.s3(status: 204)
        }
        transport.on(CloudOperation.listBuckets) { [self] request in
            guard let caller = payerID(of: request) else { return Self.notAPayer(request) }
            let names = update { state in state.buckets.values.filter { $0.owner == caller }.map(\.name).sorted() }
            let buckets = names.map { "<Bucket><Name>\($0)</Name><CreationDate>2025-01-10T08:00:00.000Z</CreationDate></Bucket>" }
            return AWSWire.s3(
                body: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<Owner><ID>testing-canonical-\(caller)</ID><DisplayName>payer</DisplayName></Owner><Buckets>"
                    + buckets.joined() + "</Buckets></ListAllMyBucketsResult>")
        }
    }

    /// The bucket a request names, or the refusal S3 answers with: 403 for another owner's
    /// bucket, a mismatched expected owner, or a bucket that refuses the access role.
    private func access(_ request: RecordedRequest, head: Bool) -> (WorldBucket?, ScriptedTransport.Reply?) {
        guard let caller = payerID(of: request) else { return (nil, Self.notAPayer(request)) }
        let name = Self.bucketName(request)
        guard let bucket = update({ $0.buckets[name] }) else { return (nil, nil) }
        let expected = request.header("x-amz-expected-bucket-owner")
        if bucket.owner != caller || (expected != nil && expected != bucket.owner) || bucket.refusesAccessRole {
            return (bucket, AWSWire.s3Error(status: 403, code: "AccessDenied", message: "Access Denied", head: head, bucket: name))
        }
        return (bucket, nil)
    }

    private static func bucketName(_ request: RecordedRequest) -> String {
        String(request.path.split(separator: "/").first ?? "").removingPercentEncoding ?? ""
    }

    private static func noSuchBucket(_ request: RecordedRequest) -> ScriptedTransport.Reply {
        AWSWire.s3Error(status: 404, code: "NoSuchBucket", message: "The specified bucket does not exist", bucket: bucketName(request))
    }
}
