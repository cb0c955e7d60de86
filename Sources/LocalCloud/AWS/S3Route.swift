import AWSKit
import Foundation
import HTTPCore

/// S3 requests where moto answers differently from S3 about owners: moto answers any account's
/// bucket as if it were the caller's.
struct S3Route {
    let moto: MotoGateway

    /// Handles `request`: the `x-amz-expected-bucket-owner` check first, then HeadBucket's owner
    /// check, else moto.
    func handle(
        _ request: SandboxRequest, summary: AWSRequestSummary, account: String,
        reply: @escaping @Sendable (SandboxReply) -> Void
    ) {
        let bucket = summary.bucket ?? ""
        let proceed: @Sendable () -> Void = { [self] in
            if summary.operation == "HeadBucket" {
                headBucket(request, bucket: bucket, account: account, region: summary.region, reply: reply)
            } else {
                moto.forward(request, completion: reply)
            }
        }
        guard let expected = request.header("x-amz-expected-bucket-owner"), !bucket.isEmpty,
            !["CreateBucket", "ListBuckets"].contains(summary.operation)
        else { return proceed() }
        // "If the account ID that you provide does not match the actual owner of the bucket, the
        // request fails with the HTTP status code 403 Forbidden (access denied)" (Amazon S3 API
        // reference, `ExpectedBucketOwner` of every bucket operation).
        owns(bucket, account: expected, region: summary.region) { [moto] owned in
            if owned { return proceed() }
            // A bucket that does not exist is still moto's 404 (NoSuchBucket).
            moto.call(account: account, service: "s3", region: summary.region, method: "HEAD", target: "/\(bucket)") { headed in
                guard case .success(let response) = headed, response.status != 404 else { return proceed() }
                let denied = AWSErrorReply.make(.restXML, status: 403, code: "AccessDenied", message: "Access Denied")
                reply(.response(request.method == "HEAD" ? SandboxResponse(status: 403, headers: denied.headers) : denied))
            }
        }
    }

    /// moto answers 200 to HeadBucket on any account's bucket; S3 answers 403 when the bucket is
    /// someone else's.
    private func headBucket(
        _ request: SandboxRequest, bucket: String, account: String, region: String,
        reply: @escaping @Sendable (SandboxReply) -> Void
    ) {
        moto.forward(request) { [self] forwarded in
            guard case .response(let response) = forwarded, response.status == 200 else { return reply(forwarded) }
            owns(bucket, account: account, region: region) { owned in
                reply(owned ? forwarded : .response(SandboxResponse(status: 403, headers: [("x-amz-request-id", UUID().uuidString)])))
            }
        }
    }

    /// Whether `account` owns `bucket` (moto's ListBuckets for that account has it).
    private func owns(_ bucket: String, account: String, region: String, completion: @escaping @Sendable (Bool) -> Void) {
        moto.call(account: account, service: "s3", region: region, method: "GET", target: "/") { listed in
            guard case .success(let list) = listed, list.status == 200 else { return completion(false) }
            completion(String(decoding: list.body, as: UTF8.self).contains("<Name>\(bucket)</Name>"))
        }
    }
}
