import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import TestSupport

/// A small HTTP/1.1 server on a free port of 127.0.0.1 that answers every request with what a
/// closure says: a stand-in for AWS and Spot that needs nothing but this process.
///
/// Each request is read whole (head and body) and answered once, and the connection closed.
/// Started and stopped with `async` calls, so no thread of the test's pool blocks on it.
final class LoopbackHTTPServer: Sendable {
    /// A request as the server read it.
    struct Request: Sendable {
        var method: String
        /// The request target: path and query, as sent.
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        /// The first value of header `name` (case-insensitive).
        func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        var bodyText: String { String(decoding: body, as: UTF8.self) }
    }

    /// An answer.
    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)] = []
        var body: String = ""
    }

    /// The port it listens on.
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Starts listening; `respond` answers each request, on an event loop (it must not block).
    static func start(respond: @escaping @Sendable (Request) -> Response) async throws -> LoopbackHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 64)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(respond: respond))
                }
            }
        do {
            let channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else { throw CocoaError(.fileWriteUnknown) }
            return LoopbackHTTPServer(port: port, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.port = port
        self.group = group
        self.channel = channel
    }

    /// Stops listening and closes every connection.
    func stop() async {
        try? await channel.close().get()
        try? await group.shutdownGracefully()
    }

    /// Reads one request at a time and writes the closure's answer.
    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let respond: @Sendable (Request) -> Response
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []

        init(respond: @escaping @Sendable (Request) -> Response) {
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let requestHead):
                head = requestHead
                body = []
            case .body(var buffer):
                body.append(contentsOf: buffer.readBytes(length: buffer.readableBytes) ?? [])
            case .end:
                guard let head else { return }
                let request = Request(
                    method: head.method.rawValue, target: head.uri, headers: head.headers.map { (name: $0.name, value: $0.value) },
                    body: body)
                let response = respond(request)
                var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
                headers.replaceOrAdd(name: "Content-Length", value: String(response.body.utf8.count))
                headers.replaceOrAdd(name: "Connection", value: "close")
                let responseHead = HTTPResponseHead(
                    version: head.version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: response.body)))), promise: nil)
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
                self.head = nil
            }
        }
    }
}
