/// What `s3:HeadBucket` says about a bucket name, seen with the caller's credentials.
///
/// S3 answers by owner and region: 200 when the caller may use the bucket, 404 when no
/// account has the name (it is free), 403 when the name exists but the caller may not use it
/// (in practice: someone else's bucket), and 301 with `x-amz-bucket-region` when the bucket
/// lives in another region than the one asked.
///
/// A HEAD response has no body, so a 403 cannot say why: a bad signature or missing
/// `s3:ListBucket` permission on one's own bucket also reads as ``forbidden``.
public enum S3BucketStatus: Sendable, Hashable {
    /// The bucket exists in the region asked and the caller may use it (HTTP 200). `region` is
    /// the bucket's region as S3 reported it (`x-amz-bucket-region`), else the region asked.
    case reachable(region: String)
    /// No bucket has this name (HTTP 404): the name is free.
    case notFound
    /// The bucket exists but the caller may not use it (HTTP 403): the name is taken by
    /// another account, or the caller lacks permission.
    case forbidden
    /// The bucket exists in another region than the one asked: S3 answered 301 (or a 200 whose
    /// `x-amz-bucket-region` names another region, as moto does). `region` is the bucket's
    /// region when it could be learned, `nil` otherwise.
    case inAnotherRegion(region: String?)
}
