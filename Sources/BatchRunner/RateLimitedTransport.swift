import Foundation
import HTTPCore

/// Hears how long each request waited for a token of a ``RateLimitedTransport``.
///
/// Called from the requests' tasks, possibly concurrently: implementations are thread-safe and
/// quick (no I/O).
public protocol RateLimitWaitObserver: Sendable {
    /// A request to `service` waited `seconds` for its token (0 when one was free).
    func waitedForToken(service: String, seconds: Double)
}

/// An HTTP transport whose requests (retries included) pass a token bucket first: for shared
/// endpoints such as Spot's API and the operator's own STS.
public struct RateLimitedTransport: HTTPTransport {
    public let wrapped: any HTTPTransport
    public let bucket: TokenBucket
    /// What the bucket limits (`spot`, `sts`): the name its waits are heard under.
    public let service: String
    /// Hears each request's wait for its token (nil: nobody listens).
    public let observer: (any RateLimitWaitObserver)?
    private let clock: any ServiceClock

    /// - Parameters:
    ///   - service: the name the waits are heard under.
    ///   - observer: hears each request's wait for its token.
    ///   - clock: measures the waits.
    public init(
        _ wrapped: any HTTPTransport, bucket: TokenBucket, service: String = "", observer: (any RateLimitWaitObserver)? = nil,
        clock: any ServiceClock = SystemClock()
    ) {
        self.wrapped = wrapped
        self.bucket = bucket
        self.service = service
        self.observer = observer
        self.clock = clock
    }

    /// Waits for the bucket to admit `request` (no thread is held), then sends it. A request
    /// whose task is cancelled while it waits is not sent.
    public func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        let bucket = bucket
        let asked = observer == nil ? nil : clock.now()
        await withCheckedContinuation { (admitted: CheckedContinuation<Void, Never>) in
            bucket.admit { admitted.resume() }
        }
        if let asked, let observer {
            observer.waitedForToken(service: service, seconds: max(0, clock.now().timeIntervalSince(asked)))
        }
        guard !Task.isCancelled else { return .failure(.cancelled) }
        return await wrapped.execute(request, timeout: timeout)
    }
}
