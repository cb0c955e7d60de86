import HTTPCore

/// An HTTP transport whose requests (retries included) pass a token bucket first: for shared
/// endpoints such as Spot's API and the operator's own STS.
public struct RateLimitedTransport: HTTPTransport {
    public let wrapped: any HTTPTransport
    public let bucket: TokenBucket

    public init(_ wrapped: any HTTPTransport, bucket: TokenBucket) {
        self.wrapped = wrapped
        self.bucket = bucket
    }

    /// Waits for the bucket to admit `request` (no thread is held), then sends it. A request
    /// whose task is cancelled while it waits is not sent.
    public func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        let bucket = bucket
        await withCheckedContinuation { (admitted: CheckedContinuation<Void, Never>) in
            bucket.admit { admitted.resume() }
        }
        guard !Task.isCancelled else { return .failure(.cancelled) }
        return await wrapped.execute(request, timeout: timeout)
    }
}
