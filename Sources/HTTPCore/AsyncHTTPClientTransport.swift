import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Synchronization

/// The HTTP transport on async-http-client's async API: one shared connection pool sized for
/// the batch's concurrency (no hidden per-host limit); a cancelled task cancels its request.
public final class AsyncHTTPClientTransport: HTTPTransport {
    /// How the pool is sized and how long to wait.
    public struct Configuration: Sendable {
        /// Connections kept per host; size it to the number of requests in flight.
        public var maximumConnectionsPerHost: Int = 64
        /// How long to wait for a connection.
        public var connectTimeout: Double = 10
        /// How long an idle pooled connection is kept.
        public var idleTimeout: Double = 60
        /// The largest response body read, in bytes; a larger one fails the request.
        public var maximumResponseBytes: Int = 256 * 1024 * 1024

        /// - Parameter maximumConnectionsPerHost: see the property.
        public init(maximumConnectionsPerHost: Int = 64) {
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
        }
    }

    private let client: HTTPClient
    private let maximumResponseBytes: Int
    /// Whether `shutdown()` closed the pool.
    private let isShutDown = Mutex(false)

    /// A transport with its own pool, on the shared event loops.
    public init(configuration: Configuration = Configuration()) {
        var settings = HTTPClient.Configuration()
        settings.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)),
            concurrentHTTP1ConnectionsPerHostSoftLimit: max(1, configuration.maximumConnectionsPerHost))
        settings.timeout = HTTPClient.Configuration.Timeout(
            connect: .milliseconds(Int64(configuration.connectTimeout * 1000)))
        // S3 answers 301 for a bucket in another region; the caller must see it, not follow it.
        settings.redirectConfiguration = .disallow
        settings.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        maximumResponseBytes = configuration.maximumResponseBytes
    }

    /// Sends `request` with async-http-client's `execute(_:deadline:)`, which cancels the
    /// request when the calling task is cancelled.
    public func execute(_ request: HTTPRequestData, timeout: Double) async -> Result<HTTPResponseData, TransportError> {
        guard !Task.isCancelled else { return .failure(.cancelled) }
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty { outgoing.body = .bytes(request.body) }
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            var buffer = try await response.body.collect(upTo: maximumResponseBytes)
            let body = buffer.readBytes(length: buffer.readableBytes) ?? []
            return .success(HTTPResponseData(
                status: Int(response.status.code), headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: body))
        } catch {
            // A failure once the deadline has passed is the deadline's doing, whatever error
            // async-http-client surfaces for the channel it closed (a closed connection, seen
            // under load, would otherwise read as a connection failure).
            if !(Task.isCancelled || error is CancellationError), NIODeadline.now() >= deadline {
                return .failure(TransportError(kind: .timeout, message: "no response in time (\(error))"))
            }
            return .failure(Self.transportError(error))
        }
    }

    /// Closes every connection; call once when the batch is done, from a thread that may block.
    @available(*, noasync, message: "blocks the calling thread")
    public func shutdown() throws {
        try client.syncShutdown()
        isShutDown.withLock { $0 = true }
    }

    /// A transport let go without `shutdown()` (a set-up that stopped halfway, before the batch
    /// began) closes its pool without waiting: async-http-client requires a client be shut down
    /// before it goes (a debug build stops the process otherwise).
    deinit {
        if !isShutDown.withLock({ $0 }) { client.shutdown { _ in } }
    }

    private static func transportError(_ error: any Error) -> TransportError {
        if Task.isCancelled || error is CancellationError { return .cancelled }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return TransportError(kind: .timeout, message: "no response in time (\(error))")
            case .cancelled:
                return .cancelled
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportError(kind: .invalidRequest, message: "\(error)")
            default:
                return TransportError(kind: .connection, message: "\(error)")
            }
        }
        return TransportError(kind: .connection, message: "\(error)")
    }
}
