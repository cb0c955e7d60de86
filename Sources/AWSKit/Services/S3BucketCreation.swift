/// How `s3:CreateBucket` ended, when S3 did not fail it for another reason.
public enum S3BucketCreation: Sendable, Hashable {
    /// The bucket was created (HTTP 200). In us-east-1, S3 also answers a plain 200 when the
    /// caller already owns the bucket, so there this may mean "already ours".
    case created
    /// The caller already owns a bucket of this name (`BucketAlreadyOwnedByYou`, HTTP 409;
    /// every region but us-east-1).
    case alreadyOwnedByYou
    /// Another account owns a bucket of this name (`BucketAlreadyExists`, HTTP 409): pick
    /// another name.
    case alreadyExists
}
