import AWSKit

/// An HTTP transport whose requests (retries included) pass a token bucket first: for shared
/// endpoints such as Spot's API and the operator's own STS.
public struct RateLimitedTransport: HTTPTransport {
    public let wrapped: any HTTPTransport
    public let bucket: TokenBucket

    public init(_ wrapped: any HTTPTransport, bucket: TokenBucket) {
        self.wrapped = wrapped
        self.bucket = bucket
    }

    public func execute(
        _ request: HTTPRequestData, timeout: Double,
        completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    ) {
        bucket.admit { [wrapped] in wrapped.execute(request, timeout: timeout, completion: completion) }
    }
}
