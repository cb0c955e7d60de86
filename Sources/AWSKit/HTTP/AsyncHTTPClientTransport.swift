import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// The HTTP transport on async-http-client: one shared connection pool sized for the batch's
/// concurrency (no hidden per-host limit), completions as callbacks on its event loops.
public final class AsyncHTTPClientTransport: HTTPTransport {
    /// How the pool is sized and how long to wait.
    public struct Configuration: Sendable {
        /// Connections kept per host; size it to the number of requests in flight.
        public var maximumConnectionsPerHost: Int = 64
        /// How long to wait for a connection.
        public var connectTimeout: Double = 10
        /// How long an idle pooled connection is kept.
        public var idleTimeout: Double = 60

        public init(maximumConnectionsPerHost: Int = 64) {
            self.maximumConnectionsPerHost = maximumConnectionsPerHost
        }
    }

    private let client: HTTPClient

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
    }

    public func execute(
        _ request: HTTPRequestData, timeout: Double,
        completion: @escaping @Sendable (Result<HTTPResponseData, TransportError>) -> Void
    ) {
        let outgoing: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for header in request.headers { headers.add(name: header.name, value: header.value) }
            outgoing = try HTTPClient.Request(
                url: request.url, method: HTTPMethod(rawValue: request.method), headers: headers,
                body: request.body.isEmpty ? nil : .bytes(request.body))
        } catch {
            completion(.failure(TransportError(kind: .invalidRequest, message: "\(error)")))
            return
        }
        let deadline = NIODeadline.now() + .milliseconds(Int64(timeout * 1000))
        client.execute(request: outgoing, deadline: deadline).whenComplete { result in
            switch result {
            case .success(let response):
                var body: [UInt8] = []
                if var buffer = response.body {
                    body = buffer.readBytes(length: buffer.readableBytes) ?? []
                }
                completion(.success(HTTPResponseData(
                    status: Int(response.status.code),
                    headers: response.headers.map { (name: $0.name, value: $0.value) }, body: body)))
            case .failure(let error):
                completion(.failure(Self.transportError(error)))
            }
        }
    }

    /// Closes every connection; call once when the batch is done, from a thread that may block.
    public func shutdown() throws {
        try client.syncShutdown()
    }

    private static func transportError(_ error: any Error) -> TransportError {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return TransportError(kind: .timeout, message: "no response in time (\(error))")
            default:
                return TransportError(kind: .connection, message: "\(error)")
            }
        }
        return TransportError(kind: .connection, message: "\(error)")
    }
}
